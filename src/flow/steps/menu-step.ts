import type { CallEvent } from '../events.js';
import { menuGather, MENU_INTENTS } from '../gathers.js';
import { matchIntent } from '../../speech/match-intent.js';
import type { IntentName } from '../../speech/intent-vocabulary.js';
import { resolveItem } from './item-resolution.js';
import { LANGUAGES } from '../language.js';
import { matchChoice } from '../match-input.js';
import { prompt } from '../prompts.js';
import type { FlowConfig, MenuOption } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import { describeInput } from './describe-input.js';
import { startSelfService } from './self-service-step.js';
import { beginTransfer, toOperator } from './transfer-step.js';

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
  // In their own words, in any language or a mix ("менің order-ім қайда?"): an intent.
  const intent =
    understood && event.speech
      ? matchIntent(event.speech.text, event.speech.confidence, {
          language,
          allowed: MENU_INTENTS,
          minConfidence: menu.minConfidence,
        }).intent
      : null;
  if (intent) {
    const answered = onMenuIntent(config, snapshot, intent, event.at, input);
    if (answered) return answered;
  }
  const tries = snapshot.tries + 1;
  const next = withPath({ ...snapshot, tries }, { at: event.at, input, result: 'invalid' });
  if (tries >= menu.maxTries) return toOperator(config, next);
  const set = config.settings.prompts[language];
  // Speech not understood once: asked again; twice: the menu takes keys only.
  const keysOnly = tries >= 2 && event.speech !== null;
  const lead = prompt(keysOnly ? set.menuKeysOnly : set.invalidInput, language);
  return {
    snapshot: next,
    actions: [menuGather(config.settings, language, [lead], keysOnly)],
    effects: [],
  };
}

/**
 * An intent heard at the menu: the status of the caller's own order or claim, blocking the
 * card, the operator, or the menu again. Null when it does not apply to this caller (no
 * such item): the answer then counts as not understood.
 */
function onMenuIntent(
  config: FlowConfig,
  snapshot: CallSnapshot,
  intent: IntentName,
  at: string,
  input: string | null,
): TransitionResult | null {
  const items = snapshot.customer?.items ?? [];
  const logged = withPath(snapshot, { at, input, result: `intent:${intent}` });
  switch (intent) {
    case 'operator':
      return toOperator(config, logged);
    case 'repeat':
      return {
        snapshot: logged,
        actions: [menuGather(config.settings, snapshot.language, [])],
        effects: [],
      };
    case 'order_status':
    case 'claim_status':
    case 'block_card': {
      const kind =
        intent === 'order_status'
          ? 'order'
          : intent === 'claim_status'
            ? 'claim'
            : 'card_transaction';
      const item = items.find((i) => i.kind === kind);
      return item ? resolveItem(config, logged, item, at) : null;
    }
    default:
      return null;
  }
}
