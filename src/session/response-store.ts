import type { CallAction } from '../flow/actions.js';

/**
 * What a webhook was answered with, kept under the provider's idempotency token (Twilio's
 * `I-Twilio-Idempotency-Token`): a retry of the same request gets the same answer instead
 * of being processed twice. The actions are kept, not the rendered document: rendering is
 * deterministic, so the same actions give the same TwiML.
 */
export interface ResponseStore {
  get(key: string): Promise<CallAction[] | null>;
  set(key: string, actions: CallAction[], ttlSec: number): Promise<void>;
}

/** The embedded response store: a Map with per-entry expiry. */
export class MemoryResponseStore implements ResponseStore {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): Promise<CallAction[] | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return Promise.resolve(null);
    return Promise.resolve(JSON.parse(entry.json) as CallAction[]);
  }

  set(key: string, actions: CallAction[], ttlSec: number): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    }
    this.entries.set(key, { json: JSON.stringify(actions), expiresAt: now + ttlSec * 1000 });
    return Promise.resolve();
  }
}
