/**
 * Remembers ids (the Vonage JWT `jti`) until they expire, so a captured webhook cannot be
 * replayed. Memory guards one instance; Redis guards all instances sharing it.
 */
export interface ReplayStore {
  /** True the first time `id` is seen within `ttlMs`; false for a repeat. */
  firstSeen(id: string, ttlMs: number): Promise<boolean>;
}

/** The embedded replay store: a Map with per-id expiry, swept at most once a minute. */
export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  firstSeen(id: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return Promise.resolve(false);
    this.seen.set(id, now + ttlMs);
    return Promise.resolve(true);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, expires] of this.seen) if (expires <= now) this.seen.delete(id);
  }
}
