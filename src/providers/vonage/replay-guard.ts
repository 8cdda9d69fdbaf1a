/**
 * Remembers token ids until they expire, so a captured webhook cannot be replayed.
 * In memory: each instance guards what it receives; tokens are short-lived anyway.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  /** True the first time `id` is seen within `ttlMs`; false for a repeat. */
  firstSeen(id: string, ttlMs: number, now = Date.now()): boolean {
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(id, now + ttlMs);
    return true;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, expires] of this.seen) if (expires <= now) this.seen.delete(id);
  }
}
