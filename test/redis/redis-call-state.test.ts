import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { CallAction } from '../../src/flow/actions.js';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import { createLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/runtime/clock.js';
import { createCallState, type CallState } from '../../src/session/create-call-state.js';
import { memoryLogger } from '../support/memory-logger.js';
import { dropPrefix, noteRedisSkip, TEST_REDIS_URL, testPrefix } from '../support/redis.js';

noteRedisSkip('call state in Redis');

const snapshot = {
  version: 1,
  provider: 'twilio',
  callId: 'CA1',
  caller: '+77071234567',
  step: 'language',
  language: 'kk',
  path: [{ step: 'language', at: '2026-11-21T07:00:00Z', input: null, result: 'Әлия' }],
} as unknown as CallSnapshot;

describe.skipIf(!TEST_REDIS_URL)('call state in Redis', () => {
  const prefix = testPrefix();
  let state: CallState;
  let redis: Redis;
  const config = {
    redisUrl: TEST_REDIS_URL,
    redisKeyPrefix: prefix,
    callLockTtlMs: 1500,
    callLockWaitMs: 400,
  };

  beforeAll(async () => {
    state = await createCallState(config, { clock: systemClock, logger: createLogger('silent') });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await state.close();
    redis.disconnect();
    await dropPrefix(TEST_REDIS_URL, prefix);
  });

  it('keeps snapshots as plain JSON under the prefix, with the TTL given', async () => {
    await state.sessions.set('twilio:CA1', snapshot, 120);
    expect(await state.sessions.get('twilio:CA1')).toEqual(snapshot);
    const raw = await redis.get(`${prefix}call:twilio:CA1`);
    expect(JSON.parse(raw!)).toEqual(snapshot);
    const ttl = await redis.ttl(`${prefix}call:twilio:CA1`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    await state.sessions.delete('twilio:CA1');
    expect(await state.sessions.get('twilio:CA1')).toBeNull();
  });

  it('a snapshot expires after its TTL', async () => {
    await state.sessions.set('vonage:short', snapshot, 1);
    expect(await state.sessions.get('vonage:short')).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await state.sessions.get('vonage:short')).toBeNull();
  });

  it('a token id is accepted once, by whichever instance sees it first', async () => {
    const other = await createCallState(config, {
      clock: systemClock,
      logger: createLogger('silent'),
    });
    try {
      expect(await state.replays.firstSeen('jti-1', 5000)).toBe(true);
      expect(await other.replays.firstSeen('jti-1', 5000)).toBe(false);
      expect(await state.replays.firstSeen('jti-1', 5000)).toBe(false);
      expect(await other.replays.firstSeen('jti-2', 5000)).toBe(true);
      const ttl = await redis.pttl(`${prefix}jti:jti-1`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5000);
    } finally {
      await other.close();
    }
  });

  it('keeps the answer to a request for its retries, with a TTL', async () => {
    const actions: CallAction[] = [{ kind: 'say', text: 'Сәлеметсіз бе', language: 'kk' }];
    expect(await state.responses.get('twilio:CA1:tok')).toBeNull();
    await state.responses.set('twilio:CA1:tok', actions, 60);
    expect(await state.responses.get('twilio:CA1:tok')).toEqual(actions);
    expect(await redis.ttl(`${prefix}response:twilio:CA1:tok`)).toBeGreaterThan(0);
  });

  it('runs the webhooks of one call one at a time across instances, others in parallel', async () => {
    const other = await createCallState(config, {
      clock: systemClock,
      logger: createLogger('silent'),
    });
    try {
      const order: string[] = [];
      const task = (label: string, ms: number) => async () => {
        order.push(`${label}:start`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`${label}:end`);
      };
      await Promise.all([
        state.locks.run('twilio:CA9', task('a', 150)),
        other.locks.run('twilio:CA9', task('b', 10)),
      ]);
      // Whichever got the lock first finished before the other started.
      expect([order[0]!.slice(2), order[1]!.slice(2)]).toEqual(['start', 'end']);
      expect(order[0]![0]).toBe(order[1]![0]);

      const parallel: string[] = [];
      await Promise.all([
        state.locks.run('twilio:X', async () => {
          parallel.push('x:start');
          await new Promise((r) => setTimeout(r, 100));
          parallel.push('x:end');
        }),
        other.locks.run('twilio:Y', async () => {
          parallel.push('y:start');
          await new Promise((r) => setTimeout(r, 10));
          parallel.push('y:end');
        }),
      ]);
      expect(parallel.indexOf('y:end')).toBeLessThan(parallel.indexOf('x:end'));
    } finally {
      await other.close();
    }
  });

  it('waits for a held lock at most CALL_LOCK_WAIT_MS, then goes on without it, logged', async () => {
    const log = memoryLogger();
    const waiting = await createCallState(config, { clock: systemClock, logger: log.logger });
    try {
      // Another instance died holding the lock: a key with someone else's token.
      await redis.set(`${prefix}lock:vonage:dead`, 'someone-else', 'PX', 10_000);
      const started = Date.now();
      const ran = await waiting.locks.run('vonage:dead', () => Promise.resolve('ran'));
      const waited = Date.now() - started;
      expect(ran).toBe('ran');
      expect(waited).toBeGreaterThanOrEqual(350);
      expect(waited).toBeLessThan(3000);
      expect(log.text()).toContain('call lock not taken');
      // Our release did not delete a lock that is not ours.
      expect(await redis.get(`${prefix}lock:vonage:dead`)).toBe('someone-else');
    } finally {
      await waiting.close();
    }
  });

  it('releases its own lock when the webhook is done, and it expires should we die', async () => {
    await state.locks.run('twilio:mine', async () => {
      const held = await redis.pttl(`${prefix}lock:twilio:mine`);
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(1500);
    });
    expect(await redis.exists(`${prefix}lock:twilio:mine`)).toBe(0);
  });

  it('a wrong REDIS_URL stops the start with a message naming it, password hidden', async () => {
    await expect(
      createCallState(
        { ...config, redisUrl: 'redis://:secret@127.0.0.1:1/0' },
        { clock: systemClock, logger: createLogger('silent') },
      ),
    ).rejects.toThrow(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0 is unreachable/);
  });
});
