import { Redlock, type Lock } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import { callLockMisses, storeErrors } from '../../observability/metrics.js';
import { KeyedQueue } from '../../runtime/keyed-queue.js';
import type { CallLock } from '../call-lock.js';

/** Pause between two tries to take a held lock, ms (with ±RETRY_JITTER_MS). */
const RETRY_DELAY_MS = 25;
const RETRY_JITTER_MS = 10;

/**
 * The per-call order of webhooks across instances: a Redis lock per call
 * (`<prefix>lock:<provider>:<callId>`) taken through Redlock (SET NX PX with a random
 * token; released by a script that deletes the key only if it still holds our token, so a
 * lock that expired and was taken by another instance is never released by us).
 *
 * - Within one instance webhooks of a call already queue in order (KeyedQueue), so Redis is
 *   asked only once per webhook, never by two of our own at a time.
 * - The wait is bounded (`waitMs`): a call whose lock is still held after it (an instance
 *   died holding it, Redis is slow) is handled anyway, logged and counted
 *   (`ivr_call_lock_misses_total`), since a caller must never wait for an answer that may
 *   not come. The lock expires by itself after `ttlMs`, so a dead holder blocks nobody for
 *   long.
 * - While Redis is away the lock is skipped at once (no wait): the snapshot cannot be read
 *   either, and the call goes on from the question in its URL.
 */
export class RedisCallLock implements CallLock {
  private readonly local = new KeyedQueue();
  private readonly redlock: Redlock;

  constructor(
    private readonly redis: Redis,
    private readonly opts: { prefix: string; ttlMs: number; waitMs: number; logger: Logger },
  ) {
    this.redlock = new Redlock([redis], {
      driftFactor: 0.01,
      retryCount: Math.max(0, Math.ceil(opts.waitMs / RETRY_DELAY_MS)),
      retryDelay: RETRY_DELAY_MS,
      retryJitter: RETRY_JITTER_MS,
    });
    // Redlock reports some failures as events; they are handled where they are thrown.
    this.redlock.on('error', () => undefined);
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const lock = await this.acquire(key);
      try {
        return await task();
      } finally {
        if (lock) await this.release(lock, key);
      }
    });
  }

  private async acquire(key: string): Promise<Lock | null> {
    if (this.redis.status !== 'ready') {
      callLockMisses.inc({ reason: 'redis-down' });
      return null;
    }
    const started = Date.now();
    try {
      return await this.redlock.acquire([`${this.opts.prefix}lock:${key}`], this.opts.ttlMs);
    } catch (err) {
      const down = this.redis.status !== 'ready';
      callLockMisses.inc({ reason: down ? 'redis-down' : 'wait-expired' });
      if (down) storeErrors.inc({ store: 'call-lock', op: 'acquire' });
      this.opts.logger.warn(
        { key, waitedMs: Date.now() - started, err: (err as Error).message },
        'call lock not taken: handling the webhook without it',
      );
      return null;
    }
  }

  private async release(lock: Lock, key: string): Promise<void> {
    try {
      await lock.release();
    } catch (err) {
      // It expires by itself after ttlMs.
      storeErrors.inc({ store: 'call-lock', op: 'release' });
      this.opts.logger.warn({ key, err: (err as Error).message }, 'call lock not released');
    }
  }
}
