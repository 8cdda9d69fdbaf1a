import type { Destination } from './destination.js';
import type { Language } from './language.js';
import type { FlowConfig, FlowSettings } from './settings.js';

/** Combines the settings file with the environment's values into what the flow reads. */
export function buildFlowConfig(
  settings: FlowSettings,
  env: {
    defaultLanguage: Language;
    companyTimeZone: string;
    operator: Destination;
    fallback: Destination | null;
    recording?: { enabled: boolean };
  },
): FlowConfig {
  return {
    settings,
    defaultLanguage: env.defaultLanguage,
    companyZone: env.companyTimeZone,
    operator: env.operator,
    fallback: env.fallback,
    recording: env.recording?.enabled ?? false,
  };
}
