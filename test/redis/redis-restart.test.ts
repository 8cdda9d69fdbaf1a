import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/runtime/clock.js';
import { spoken } from '../../src/simulator/heard.js';
import { createCallState, type CallState } from '../../src/session/create-call-state.js';
import { freePort } from '../support/child-app.js';
import { PROVIDERS } from '../support/providers.js';
import { noteRedisSkip, TEST_REDIS_URL } from '../support/redis.js';
import { buildTestApp } from '../support/test-app.js';

noteRedisSkip('a Redis restart in the middle of a call');

/** A private redis-server (no persistence) on a port chosen free, in a folder of its own. */
async function startRedis(port: number): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ivr-redis-'));
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return server;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const stopRedis = (server: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });

// The test starts its own redis-server (the shared one must not be restarted); it runs where
// the tests' Redis runs, i.e. where redis-server is installed.
describe.skipIf(!TEST_REDIS_URL)('Redis restarts in the middle of a call', () => {
  const started: ChildProcess[] = [];
  const states: CallState[] = [];
  afterAll(async () => {
    for (const s of states) await s.close();
    for (const r of started) await stopRedis(r);
  });

  it.each(PROVIDERS)(
    '$name: the call goes on at its question, never a 500',
    async (provider) => {
      const port = await freePort();
      let redis = await startRedis(port);
      started.push(redis);
      const state = await createCallState(
        {
          redisUrl: `redis://127.0.0.1:${port}/0`,
          redisKeyPrefix: 'ivr:',
          callLockTtlMs: 5000,
          callLockWaitMs: 500,
        },
        { clock: systemClock, logger: createLogger('silent') },
      );
      states.push(state);
      const t = await buildTestApp({ callState: state });
      const call = provider.call(t, '+77779998877');
      const first = await call.start();
      expect(spoken(first)).toContain('Для продолжения на русском языке нажмите 1.');

      // Redis goes away between two webhooks: the answer is read at its question.
      await stopRedis(redis);
      const menu = await call.press('2');
      expect(menu.status).toBe(200);
      expect(spoken(menu)).toContain('Техникалық қолдау — 2 басыңыз.');

      // Back, empty (no persistence): the call goes on from the question in the URL again.
      redis = await startRedis(port);
      started.push(redis);
      await new Promise((r) => setTimeout(r, 2500)); // the client reconnects (at most every 2 s)
      const dial = await call.press('2');
      expect(dial.status).toBe(200);
      expect(dial.dial?.number).toBe('+77172000002');
      await expect(state.ping()).resolves.toBeUndefined();
    },
    60_000,
  );
});
