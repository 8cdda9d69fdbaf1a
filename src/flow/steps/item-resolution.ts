import type { OpenItem } from '../customer-items.js';
import type { CustomerRequest } from '../effects.js';
import type { CallEvent } from '../events.js';
import { momentValues, statusPhrase } from '../item-phrases.js';
import { prompt, sayTemplate } from '../prompts.js';
import type { FlowConfig } from '../settings.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';
import type { PromptMode } from '../../speech/retry-policy.js';
import { afterPrediction } from './after-prediction.js';
import { describeInput } from './describe-input.js';
import {
  nextTry,
  promptsFor,
  questionGather,
  readAnswer,
  type Answer,
  type SpokenQuestion,
} from './spoken-question.js';
import { beginTransfer, toOperator } from './transfer-step.js';

type Appointment = Extract<OpenItem, { kind: 'appointment' }>;

/** Confirm (1, "да", "подтверждаю") or reschedule (2, "перенести"; "нет" too). */
const APPOINTMENT_QUESTION: SpokenQuestion = {
  keys: { '1': 'appointment_confirm', '2': 'appointment_reschedule' },
  intents: ['appointment_confirm', 'appointment_reschedule', 'yes', 'no', 'operator', 'repeat'],
};

/** The item's resolution: its status read, the card blocked, the appointment handled. */
export function resolveItem(
  config: FlowConfig,
  snapshot: CallSnapshot,
  item: OpenItem,
  at: string,
  /** The predicted question named the item and the caller said yes (not the menu's choice). */
  named = false,
): TransitionResult {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  switch (item.kind) {
    case 'order':
    case 'claim':
    case 'ticket':
      return afterPrediction(
        config,
        snapshot,
        [statusPhrase(config, item, { language, zone, at }, named)],
        at,
      );
    case 'card_transaction': {
      const transfer = beginTransfer(config, snapshot, {
        target: 'fraud',
        destination: config.settings.segmentRouting.destinations.fraud ?? config.operator,
        lead: prompt(set.fraudTransfer, language),
      });
      return withRequest(transfer, snapshot, 'block-card', item, at);
    }
    case 'appointment':
      return askAppointment(
        config,
        { ...snapshot, step: 'appointment', tries: 0 },
        item,
        'speech-and-dtmf',
        at,
      );
  }
}

/** "Confirm the appointment on … at …: say yes or press 1; to reschedule, 2", as `mode` asks. */
function askAppointment(
  config: FlowConfig,
  snapshot: CallSnapshot,
  item: Appointment,
  mode: PromptMode,
  at: string,
): TransitionResult {
  const { language, zone } = snapshot;
  const set = config.settings.prompts[language];
  const prompts = promptsFor(mode, [], {
    question: [
      sayTemplate(
        set.appointmentChoice,
        momentValues(set, item.at, { language, zone, at }),
        language,
      ),
    ],
    notUnderstood: prompt(set.notUnderstood, language),
    keysOnly: prompt(set.appointmentKeysOnly, language),
  });
  return {
    snapshot,
    actions: [
      questionGather(APPOINTMENT_QUESTION, {
        language,
        prompts,
        mode,
        timeoutSec: config.settings.prediction.timeoutSec,
      }),
    ],
    effects: [],
  };
}

/** The CRM marks the appointment confirmed; its answer (an event) tells the caller. */
export function confirmAppointment(snapshot: CallSnapshot, item: Appointment): TransitionResult {
  return {
    // The CRM's answer is only taken at this step (transition.ts).
    snapshot: { ...snapshot, step: 'appointment' },
    actions: [],
    effects: [{ type: 'crm.confirmAppointment', appointmentId: item.id, callId: snapshot.callId }],
  };
}

/**
 * Put through to the front desk (`booking`) to find another time; the request is recorded
 * with the CRM so that the desk sees it even if the caller hangs up while it rings.
 */
export function rescheduleAppointment(
  config: FlowConfig,
  snapshot: CallSnapshot,
  item: Appointment,
  at: string,
): TransitionResult {
  return withRequest(toBooking(config, snapshot), snapshot, 'reschedule-appointment', item, at);
}

/** The request is recorded with the CRM while the caller is put through. */
function withRequest(
  transfer: TransitionResult,
  snapshot: CallSnapshot,
  kind: CustomerRequest['kind'],
  item: OpenItem,
  at: string,
): TransitionResult {
  const request: CustomerRequest = {
    kind,
    customerId: snapshot.customer?.id ?? null,
    itemId: item.id,
    callId: snapshot.callId,
    at,
  };
  return { ...transfer, effects: [...transfer.effects, { type: 'crm.recordRequest', request }] };
}

function toBooking(config: FlowConfig, snapshot: CallSnapshot): TransitionResult {
  const { language } = snapshot;
  return beginTransfer(config, snapshot, {
    target: 'booking',
    destination: config.settings.segmentRouting.destinations.booking ?? config.operator,
    lead: prompt(config.settings.prompts[language].connectingBooking, language),
  });
}

/** Confirm or reschedule the predicted appointment. */
export function onAppointmentAnswer(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Answer,
): TransitionResult {
  const item = snapshot.predicted?.item;
  const input = describeInput(event);
  const at = event.at;
  const logged = (result: string, s: CallSnapshot = snapshot) => withPath(s, { at, input, result });
  if (!item || item.kind !== 'appointment') {
    return afterPrediction(config, logged('appointment:lost'), [], at);
  }
  const answer = readAnswer(
    APPOINTMENT_QUESTION,
    event,
    snapshot.language,
    config.settings.menu.minConfidence,
  );
  if (answer.kind === 'silence') {
    return afterPrediction(config, logged('appointment:no-answer'), [], at);
  }
  if (answer.kind === 'intent') {
    switch (answer.intent) {
      case 'appointment_confirm':
      case 'yes':
        return confirmAppointment(logged('appointment:confirm'), item);
      case 'appointment_reschedule':
      case 'no':
        return rescheduleAppointment(config, logged('appointment:reschedule'), item, at);
      case 'operator':
        return toOperator(config, logged('appointment:operator'));
      case 'repeat':
        break;
    }
  }
  // Not understood (or "repeat"): once more by voice, then keys only, then the menu.
  const repeat = answer.kind === 'intent' && answer.intent === 'repeat';
  const result = repeat ? 'appointment:repeat' : 'appointment:unclear';
  const next = nextTry(snapshot.tries, repeat);
  if (!next) return afterPrediction(config, logged(result), [], at);
  const again = logged(result, { ...snapshot, tries: next.tries });
  return askAppointment(config, again, item, next.mode, at);
}

/** The CRM confirmed the appointment (or could not): tell the caller, then the menu. */
export function onAppointmentConfirmed(
  config: FlowConfig,
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'crm.appointmentConfirmed' | 'crm.appointmentFailed' }>,
): TransitionResult {
  const item = snapshot.predicted?.item;
  const { language, zone } = snapshot;
  const at = event.at;
  if (event.type === 'crm.appointmentFailed' || !item || item.kind !== 'appointment') {
    // The desk confirms it by hand: the caller is not told a confirmation that did not happen.
    const next = withPath(snapshot, { at, input: null, result: 'appointment:failed' });
    return toBooking(config, next);
  }
  const set = config.settings.prompts[language];
  const said = sayTemplate(
    set.appointmentConfirmed,
    momentValues(set, item.at, { language, zone, at }),
    language,
  );
  const next = withPath(snapshot, { at, input: null, result: 'appointment:confirmed' });
  return afterPrediction(config, next, [said], at);
}
