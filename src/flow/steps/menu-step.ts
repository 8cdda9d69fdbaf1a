import type { CallEvent } from '../events.js';
import { menuGather } from '../gathers.js';
import { LANGUAGES } from '../language.js';
import { matchChoice } from '../match-input.js';
import { prompt } from '../prompts.js';
import type { FlowConfig, MenuOption } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { describeInput } from './describe-input.js';
import { startSelfService } from './self-service-step.js';
import { beginTransfer } from './transfer-step.js';

type Answer = Extract<CallEvent, { type: 'input.received' | 'input.empty' }>;

/**
 * The main menu answer: a department, the operator, or something we did not understand.
 * Invalid answers re-prompt up to `menu.maxTries`; silence (a phone that cannot send tones)
 * goes to the operator at once, since the menu has been read in full.
 */
export function onMenuAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const { menu, selfService } = config.settings;
  const language = snapshot.language;
  const input = describeInput(event);
  if (event.type === 'input.empty') {
    const next = withPath(snapshot, { at: event.at, input, result: 'no-input' });
    return toOperator(config, next);
  }
  const understood =
    event.speech === null ||
    event.speech.confidence === null ||
    event.speech.confidence >= menu.minConfidence;
  const choice = understood
    ? matchChoice<MenuOption | 'operator' | 'balance' | 'trust'>(
        [
          ...menu.options.map((o) => ({
            value: o,
            key: o.key,
            words: LANGUAGES.flatMap((l) => o.keywords[l]),
          })),
          {
            value: 'balance' as const,
            key: selfService.balance.key,
            words: LANGUAGES.flatMap((l) => selfService.balance.keywords[l]),
          },
          {
            value: 'trust' as const,
            key: selfService.trustCredit.key,
            words: LANGUAGES.flatMap((l) => selfService.trustCredit.keywords[l]),
          },
          {
            value: 'operator' as const,
            key: menu.operator.key,
            words: LANGUAGES.flatMap((l) => menu.operator.keywords[l]),
          },
        ],
        { digits: event.digits, speech: event.speech?.text ?? null },
      )
    : null;
  if (choice === 'balance' || choice === 'trust') {
    const next = withPath(snapshot, { at: event.at, input, result: `chosen:${choice}` });
    return startSelfService(config, next, choice);
  }
  if (choice === 'operator') {
    return toOperator(
      config,
      withPath(snapshot, { at: event.at, input, result: 'chosen:operator' }),
    );
  }
  if (choice) {
    const next = withPath(snapshot, { at: event.at, input, result: `chosen:${choice.id}` });
    return beginTransfer(config, next, {
      target: choice.id,
      destination: choice.destination,
      lead: prompt(config.settings.prompts[language].connecting, language),
    });
  }
  const tries = snapshot.tries + 1;
  const next = withPath({ ...snapshot, tries }, { at: event.at, input, result: 'invalid' });
  if (tries >= menu.maxTries) return toOperator(config, next);
  const lead = prompt(config.settings.prompts[language].invalidInput, language);
  return { snapshot: next, actions: [menuGather(config.settings, language, [lead])], effects: [] };
}

export function toOperator(config: FlowConfig, snapshot: CallSnapshot): TransitionResult {
  const language = snapshot.language;
  return beginTransfer(config, snapshot, {
    target: 'operator',
    destination: config.operator,
    lead: prompt(config.settings.prompts[language].connectingOperator, language),
  });
}
