import type { CallAction } from './actions.js';
import type { Effect } from './effects.js';
import type { CallSnapshot, PathEntry } from './snapshot.js';

/** The output of one pure transition: the next state, what to say/do, what to run. */
export interface TransitionResult {
  snapshot: CallSnapshot;
  actions: CallAction[];
  effects: Effect[];
}

/** Appends a path entry without mutating the snapshot. */
export function withPath(
  snapshot: CallSnapshot,
  entry: Omit<PathEntry, 'step'> & { step?: PathEntry['step'] },
): CallSnapshot {
  return { ...snapshot, path: [...snapshot.path, { step: snapshot.step, ...entry }] };
}
