import type { CallEvent } from '../flow/events.js';
import type { CallSnapshot } from '../flow/snapshot.js';
import type { TransitionResult } from '../flow/transition-result.js';

/**
 * What a transition made of an event, in the few words an edge needs beyond its two steps:
 * the choice (`(sales)`, `(kk)`, `(invalid ×3)`), where a transfer goes next (`→ operator`),
 * or `(nobody left)` when the last transfer failed. Read from the path entry the flow wrote
 * and the next snapshot, so the label follows the flow rather than restating it.
 */
export function describeOutcome(
  before: CallSnapshot | null,
  event: CallEvent,
  result: TransitionResult,
): string {
  const next = result.snapshot;
  const added = next.path.length > (before?.path.length ?? 0) ? next.path.at(-1) : undefined;
  const recorded = added?.result ?? '';
  const parts: string[] = [];

  const choice = /^(?:chosen|language):(.+)$/.exec(recorded)?.[1];
  const selfService = /^(?:balance|trust):(.+)$/.exec(recorded)?.[1];
  if (choice) parts.push(`(${choice})`);
  else if (selfService) parts.push(`(${selfService})`);
  else if (recorded === 'invalid') {
    // Only the answer that used up the tries leaves the question; say how many it took.
    parts.push(
      next.step === 'transfer' && next.tries > 1 ? `(invalid ×${next.tries})` : '(invalid)',
    );
  }

  if (event.type === 'dial.ended' && event.outcome !== 'answered' && next.step === 'ended') {
    parts.push('(nobody left)');
  }

  const target = next.step === 'transfer' ? next.transfer?.target : undefined;
  const wasTarget = before?.step === 'transfer' ? before.transfer?.target : undefined;
  if (target && target !== wasTarget && !choice) parts.push(`→ ${target}`);

  return parts.join(' ');
}
