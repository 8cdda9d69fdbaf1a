import type { CallSnapshot } from '../flow/snapshot.js';

/**
 * Where call snapshots live between webhooks, keyed by `provider:callId`.
 * Snapshots are plain JSON, so a Redis implementation only has to serialise them.
 */
export interface SessionStore {
  get(key: string): Promise<CallSnapshot | null>;
  /** Stores the snapshot; it expires `ttlSec` after the last write. */
  set(key: string, snapshot: CallSnapshot, ttlSec: number): Promise<void>;
  delete(key: string): Promise<void>;
}
