import type { PauseAction, PlayAction, SayAction } from '../actions.js';
import type { OpenItem } from '../customer-items.js';
import { itemLabel, predictQuestion } from '../item-phrases.js';
import { predictReason } from '../predict-reason.js';
import { prompt } from '../prompts.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import type { IntentName } from '../../speech/intent-vocabulary.js';
import type { PromptMode } from '../../speech/retry-policy.js';
import { afterPrediction } from './after-prediction.js';
import { describeInput } from './describe-input.js';
import { confirmAppointment, rescheduleAppointment, resolveItem } from './item-resolution.js';
import {
  nextTry,
  promptsFor,
  questionGather,
  readAnswer,
  type Answer,
  type SpokenQuestion,
} from './spoken-question.js';
import { toOperator } from './transfer-step.js';

type Lead = Array<SayAction | PlayAction | PauseAction>;

/**
 * What the question about an item understands: 1 or a yes word, 2 or a no word, and the
 * item's own words, which are a yes too ("заблокируйте" for a suspicious payment, "по
 * заказу" for an order), or for an appointment the answer itself ("перенести"). The
 * operator and "repeat" are understood at every question.
 */
function questionAbout(item: OpenItem): SpokenQuestion {
  const own: Record<OpenItem['kind'], IntentName[]> = {
    order: ['order_status'],
    claim: ['claim_status'],
    ticket: ['claim_status'],
    card_transaction: ['block_card'],
    appointment: ['appointment_confirm', 'appointment_reschedule'],
  };
  return {
    keys: { '1': 'yes', '2': 'no' },
    intents: ['yes', 'no', ...own[item.kind], 'operator', 'repeat'],
  };
}

/** The question about `item`, as `mode` asks it. */
function ask(
  config: FlowConfig,
  snapshot: CallSnapshot,
  item: OpenItem,
  lead: Lead,
  mode: PromptMode,
  at: string,
): TransitionResult {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  const prompts = promptsFor(mode, lead, {
    question: [
      predictQuestion(config, item, { language, zone, at }),
      prompt(set.predictAnswerHint, language),
    ],
    notUnderstood: prompt(set.notUnderstood, language),
    keysOnly: prompt(set.predictKeysOnly, language),
  });
  return {
    snapshot,
    actions: [
      questionGather(questionAbout(item), {
        language,
        prompts,
        mode,
        timeoutSec: config.settings.prediction.timeoutSec,
      }),
    ],
    effects: [],
  };
}

/**
 * After the greeting of a known caller: the predicted-reason question when an open item
 * stands out; otherwise what follows it (segment route, reminder, menu).
 */
export function afterGreeting(
  config: FlowConfig,
  snapshot: CallSnapshot,
  lead: Lead,
  at: string,
): TransitionResult {
  const customer = snapshot.customer;
  const prediction =
    customer && predictReason(customer.items, config.settings.prediction.rules, at, snapshot.zone);
  if (!prediction) return afterPrediction(config, snapshot, lead, at);
  const next = withPath(
    {
      ...snapshot,
      step: 'predict' as const,
      tries: 0,
      predicted: {
        reason: itemLabel(config, prediction.item),
        item: prediction.item,
        answer: null,
      },
    },
    { at, input: null, result: `predicted:${prediction.item.kind}` },
  );
  return ask(config, next, prediction.item, lead, 'speech-and-dtmf', at);
}

/** The answer to the predicted-reason question. */
export function onPredictAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const predicted = snapshot.predicted;
  const input = describeInput(event);
  const at = event.at;
  const logged = (result: string, s: CallSnapshot = snapshot) => withPath(s, { at, input, result });
  if (!predicted?.item) return afterPrediction(config, logged('predict:lost'), [], at);
  const item = predicted.item;
  const answer = readAnswer(
    questionAbout(item),
    event,
    snapshot.language,
    config.settings.menu.minConfidence,
  );
  const answered = (given: 'yes' | 'no' | 'silence') => ({
    ...snapshot,
    predicted: { ...predicted, answer: given },
  });
  if (answer.kind === 'silence') {
    // Silence is not a refusal, but the caller did not take the offer: the usual way on.
    return afterPrediction(config, logged('predict:silence', answered('silence')), [], at);
  }
  if (answer.kind === 'intent') {
    switch (answer.intent) {
      case 'no':
        return afterPrediction(config, logged('predict:no', answered('no')), [], at);
      case 'operator':
        return toOperator(config, logged('predict:operator'));
      case 'appointment_confirm':
        if (item.kind === 'appointment') {
          return confirmAppointment(logged('predict:yes', answered('yes')), item);
        }
        break;
      case 'appointment_reschedule':
        if (item.kind === 'appointment') {
          return rescheduleAppointment(config, logged('predict:yes', answered('yes')), item, at);
        }
        break;
      case 'repeat':
        break;
      default:
        // yes, or the item's own words (order_status, claim_status, block_card).
        return resolveItem(config, logged('predict:yes', answered('yes')), item, at, true);
    }
  }
  // Not understood (or "repeat"): once more by voice, then keys only, then the usual way on.
  const repeat = answer.kind === 'intent' && answer.intent === 'repeat';
  const result = repeat ? 'predict:repeat' : 'predict:unclear';
  const next = nextTry(snapshot.tries, repeat);
  if (!next) return afterPrediction(config, logged(result), [], at);
  return ask(config, logged(result, { ...snapshot, tries: next.tries }), item, [], next.mode, at);
}
