import type { CallEvent } from './events.js';
import {
  contractConfirmGather,
  contractEntryGather,
  languageGather,
  menuGather,
} from './gathers.js';
import type { FlowConfig } from './settings.js';
import type { CallSnapshot } from './snapshot.js';
import { endCall } from './steps/end-call.js';
import { onLanguageAnswer } from './steps/language-step.js';
import { onLookupResult } from './steps/lookup-result.js';
import { onMenuAnswer } from './steps/menu-step.js';
import {
  offerPersonalMenu,
  onExtensionResult,
  onPersonalMenuAnswer,
} from './steps/personal-menu-step.js';
import {
  onContractConfirm,
  onContractEntry,
  onContractResult,
  onSmsResult,
  onTrustCreditResult,
} from './steps/self-service-step.js';
import { onReminderAnswer } from './steps/after-prediction.js';
import { onAppointmentAnswer, onAppointmentConfirmed } from './steps/item-resolution.js';
import { onPredictAnswer } from './steps/predict-step.js';
import { startCall } from './steps/start-call.js';
import { onDialEnded } from './steps/transfer-step.js';
import { withPath, type TransitionResult } from './transition-result.js';

/**
 * The call flow: a pure function from (snapshot, event) to (next snapshot, actions, effects).
 * It performs no I/O; the runtime runs the effects and feeds their outcomes back as events.
 *
 * `snapshot` is null only for `call.started`.
 */
export function transition(
  config: FlowConfig,
  snapshot: CallSnapshot | null,
  event: CallEvent,
): TransitionResult {
  if (event.type === 'call.started') return startCall(config, event);
  if (!snapshot) throw new Error(`transition: ${event.type} needs a snapshot`);
  const unchanged: TransitionResult = { snapshot, actions: [], effects: [] };

  switch (event.type) {
    case 'crm.found':
    case 'crm.notFound':
    case 'crm.timeout':
    case 'crm.failed':
      // A late lookup result after we moved on (should not happen: lookups are awaited).
      return snapshot.step === 'lookup' ? onLookupResult(config, snapshot, event) : unchanged;
    case 'input.received':
    case 'input.empty':
      switch (snapshot.step) {
        case 'language':
          return onLanguageAnswer(config, snapshot, event);
        case 'contract-entry':
          return onContractEntry(config, snapshot, event);
        case 'contract-confirm':
          return onContractConfirm(config, snapshot, event);
        case 'personal-menu':
          return onPersonalMenuAnswer(config, snapshot, event);
        case 'predict':
          return onPredictAnswer(config, snapshot, event);
        case 'appointment':
          return onAppointmentAnswer(config, snapshot, event);
        case 'reminder':
          return onReminderAnswer(config, snapshot, event);
        default:
          return onMenuAnswer(config, { ...snapshot, step: 'menu' }, event);
      }
    case 'crm.extensionFound':
    case 'crm.extensionNotFound':
    case 'crm.extensionFailed':
      return snapshot.step === 'personal-menu'
        ? onExtensionResult(config, snapshot, event)
        : unchanged;
    case 'crm.contractFound':
    case 'crm.contractNotFound':
    case 'crm.contractFailed':
      return snapshot.step === 'self-service'
        ? onContractResult(config, snapshot, event)
        : unchanged;
    case 'crm.trustCreditActivated':
    case 'crm.trustCreditFailed':
      return onTrustCreditResult(config, snapshot, event);
    case 'sms.sent':
    case 'sms.failed':
      return onSmsResult(config, snapshot, event);
    case 'dial.ended':
      return onDialEnded(config, snapshot, event);
    case 'call.continue':
      return askAgain(config, snapshot, event.at);
    case 'call.ended':
      return endCall(snapshot, event);
    case 'crm.appointmentConfirmed':
    case 'crm.appointmentFailed':
      return snapshot.step === 'appointment'
        ? onAppointmentConfirmed(config, snapshot, event)
        : unchanged;
    case 'crm.requestFailed':
    case 'crm.languageFailed':
    case 'store.languageFailed':
      return {
        ...unchanged,
        snapshot: withPath(snapshot, {
          at: event.at,
          input: null,
          result: FAILURE_RESULTS[event.type],
        }),
      };
    case 'crm.requestRecorded':
    case 'crm.languageSaved':
    case 'store.languageRemembered':
    case 'crm.recorded':
      return unchanged;
    case 'crm.recordFailed':
      return {
        ...unchanged,
        snapshot: withPath(snapshot, { at: event.at, input: null, result: 'record-failed' }),
      };
  }
}

/** `call.continue`: ask the current question again. */
function askAgain(config: FlowConfig, snapshot: CallSnapshot, at: string): TransitionResult {
  const next = withPath(snapshot, { at, input: null, result: 'continue' });
  if (snapshot.step === 'personal-menu') return offerPersonalMenu(config, next, []);
  const contract = snapshot.selfService?.contract;
  if (snapshot.step === 'contract-entry' || (snapshot.step === 'contract-confirm' && !contract)) {
    const actions = [contractEntryGather(config.settings, snapshot.language, [])];
    return { snapshot: { ...next, step: 'contract-entry' }, actions, effects: [] };
  }
  if (snapshot.step === 'contract-confirm' && contract) {
    const actions = [contractConfirmGather(config.settings, snapshot.language, contract, [])];
    return { snapshot: next, actions, effects: [] };
  }
  const gather =
    snapshot.step === 'language'
      ? languageGather(config.settings, snapshot.language, [])
      : menuGather(config.settings, snapshot.language, []);
  return {
    snapshot: { ...next, step: snapshot.step === 'language' ? 'language' : 'menu' },
    actions: [gather],
    effects: [],
  };
}

/** How a write that failed is noted on the call's path. */
const FAILURE_RESULTS = {
  'crm.requestFailed': 'request-failed',
  'crm.languageFailed': 'language-not-saved',
  'store.languageFailed': 'language-not-remembered',
} as const;
