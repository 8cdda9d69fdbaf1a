import type { CallSnapshot } from '../flow/snapshot.js';
import type { Clock } from '../runtime/clock.js';
import type { SessionStore } from './session-store.js';

/** Expired entries are swept at most this often (a full pass over the map). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The embedded session store: a Map with per-entry expiry. Good for one instance;
 * several instances need a shared store behind the same port.
 * Entries are kept as JSON text so nothing outside can mutate a stored snapshot.
 */
export class MemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();
  private lastSweep = 0;

  constructor(private readonly clock: Clock) {}

  get(key: string): Promise<CallSnapshot | null> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(null);
    if (entry.expiresAt <= this.nowMs()) {
      this.entries.delete(key);
      return Promise.resolve(null);
    }
    return Promise.resolve(JSON.parse(entry.json) as CallSnapshot);
  }

  set(key: string, snapshot: CallSnapshot, ttlSec: number): Promise<void> {
    if (this.nowMs() - this.lastSweep >= SWEEP_EVERY_MS) this.sweep();
    this.entries.set(key, {
      json: JSON.stringify(snapshot),
      expiresAt: this.nowMs() + ttlSec * 1000,
    });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  /** Number of live entries (for diagnostics and tests). */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  private nowMs(): number {
    return Date.parse(this.clock.now());
  }

  // Drop expired calls whose status callback never came, so memory stays bounded.
  private sweep(): void {
    const now = this.nowMs();
    this.lastSweep = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
