import type { CallAction } from './actions.js';
import { prompt } from './prompts.js';
import type { FlowConfig } from './settings.js';

/**
 * What any failure answers with: an apology and the operator. Used by the central error
 * handler and the providers' fallback URLs, so a caller always reaches a person.
 */
export function fallbackActions(config: FlowConfig, callerId: string | null): CallAction[] {
  const language = config.defaultLanguage;
  return [
    prompt(config.settings.prompts[language].apology, language),
    {
      kind: 'dial',
      destination: config.operator,
      timeoutSec: config.settings.dialTimeoutSec,
      callerId,
    },
  ];
}
