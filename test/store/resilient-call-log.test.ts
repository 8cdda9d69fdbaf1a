import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallLogPort } from '../../src/calls/call-log-port.js';
import type { CallProgress } from '../../src/calls/call-progress.js';
import { ResilientCallLog } from '../../src/calls/resilient-call-log.js';
import { memoryLogger } from '../support/memory-logger.js';

/** A call log whose store is down until `up` is set; it records what it stored, in order. */
function flakyStore() {
  const state = { up: false, stored: [] as string[] };
  const unavailable = () =>
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const log = {
    recordProgress(p: CallProgress) {
      if (!state.up) return Promise.reject(unavailable());
      state.stored.push(`${p.callId}:${p.at}`);
      return Promise.resolve();
    },
  } as unknown as CallLogPort;
  return { state, log };
}

const progress = (callId: string, at: string) => ({ callId, at }) as unknown as CallProgress;

describe('ResilientCallLog', () => {
  it('answers at once while the store is down and stores every write in order once it is back', async () => {
    const { state, log } = flakyStore();
    const { logger, text } = memoryLogger();
    const resilient = new ResilientCallLog(log, {
      logger,
      spoolFile: null,
      waitMs: 5,
      retryPauseMs: 5,
      maxRetryPauseMs: 20,
    });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await resilient.recordProgress(progress('CA1', `t${i}`));
    await resilient.recordProgress(progress('CA2', 't0'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(resilient.pending).toBe(6);
    expect(state.stored).toEqual([]);
    state.up = true;
    await resilient.flush();
    expect(state.stored.filter((s) => s.startsWith('CA1'))).toEqual([
      'CA1:t0',
      'CA1:t1',
      'CA1:t2',
      'CA1:t3',
      'CA1:t4',
    ]);
    expect(state.stored).toContain('CA2:t0');
    expect(text()).toContain('store unavailable, the write waits and is retried');
    expect(text()).toContain('delayed write stored');
  });

  it('spools past the bound and at shutdown; the next start stores the spool in order', async () => {
    const spoolFile = join(mkdtempSync(join(tmpdir(), 'spool-')), 'call-log.jsonl');
    const first = flakyStore();
    const { logger, text } = memoryLogger();
    const options = { logger, spoolFile, waitMs: 1, retryPauseMs: 5, maxQueued: 10 };
    const before = new ResilientCallLog(first.log, options);
    for (let i = 0; i < 15; i++)
      await before.recordProgress(progress('CA1', `t${String(i).padStart(2, '0')}`));
    expect(before.pending).toBe(10);
    expect(text()).toContain('too many writes waiting for the store: spooling to file');
    await before.close(50);
    // Five spooled at the bound, then the ten left at shutdown: the file keeps them all.
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(15);

    const second = flakyStore();
    second.state.up = true;
    const after = new ResilientCallLog(second.log, options);
    await after.replaySpool();
    // In the order the calls made them, although the last five were spooled first.
    expect(second.state.stored).toEqual(
      Array.from({ length: 15 }, (_, i) => `CA1:t${String(i).padStart(2, '0')}`),
    );
    expect(existsSync(spoolFile)).toBe(false);
    expect(text()).toContain('spooled writes stored');
  });

  it('logs a write the store refuses for good, and goes on', async () => {
    const { logger, text } = memoryLogger();
    const refusing = {
      recordProgress: () => Promise.reject(new Error('NOT NULL constraint failed: calls.called')),
    } as unknown as CallLogPort;
    const resilient = new ResilientCallLog(refusing, { logger, spoolFile: null });
    await resilient.recordProgress(progress('CA9', 't0'));
    await resilient.flush();
    expect(resilient.pending).toBe(0);
    expect(text()).toContain('write refused by the store, not stored');
    expect(text()).toContain('CA9');
  });
});
