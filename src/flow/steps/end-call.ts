import { describeDestination } from '../destination.js';
import type { CallEvent } from '../events.js';
import type { CallSnapshot } from '../snapshot.js';
import { withPath, type TransitionResult } from '../transition-result.js';

/** The provider says the call is over: write the call and its path back to the CRM. */
export function endCall(
  snapshot: CallSnapshot,
  event: Extract<CallEvent, { type: 'call.ended' }>,
): TransitionResult {
  const next = withPath(snapshot, { at: event.at, input: null, result: `ended:${event.status}` });
  return {
    snapshot: { ...next, step: 'ended' },
    actions: [],
    effects: [
      {
        type: 'crm.recordCall',
        record: {
          callId: snapshot.callId,
          provider: snapshot.provider,
          caller: snapshot.caller,
          called: snapshot.called,
          customerId: snapshot.customer?.id ?? null,
          language: snapshot.language,
          startedAt: snapshot.startedAt,
          endedAt: event.at,
          status: event.status,
          durationSec: event.durationSec,
          transferredTo: snapshot.transfer
            ? describeDestination(snapshot.transfer.destination)
            : null,
          path: next.path,
          selfServed: snapshot.selfServed,
          answeredBy: snapshot.answeredBy,
        },
      },
    ],
  };
}
