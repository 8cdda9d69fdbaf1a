import type { CallEvent } from './events.js';
import { languageGather, menuGather } from './gathers.js';
import type { FlowConfig } from './settings.js';
import type { CallSnapshot } from './snapshot.js';
import { endCall } from './steps/end-call.js';
import { onLanguageAnswer } from './steps/language-step.js';
import { onLookupResult } from './steps/lookup-result.js';
import { onMenuAnswer } from './steps/menu-step.js';
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
      return snapshot.step === 'language'
        ? onLanguageAnswer(config, snapshot, event)
        : onMenuAnswer(config, { ...snapshot, step: 'menu' }, event);
    case 'dial.ended':
      return onDialEnded(config, snapshot, event);
    case 'call.continue':
      return askAgain(config, snapshot, event.at);
    case 'call.ended':
      return endCall(snapshot, event);
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
