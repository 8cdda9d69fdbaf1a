import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import { fixedClock } from '../../src/runtime/clock.js';
import { KeyedQueue } from '../../src/runtime/keyed-queue.js';
import { MemorySessionStore } from '../../src/session/memory-session-store.js';

const snapshot = { version: 1, callId: 'CA1', path: [] } as unknown as CallSnapshot;

describe('in-memory session store', () => {
  it('returns a copy of what was stored, until it expires', async () => {
    const clock = fixedClock('2026-11-21T10:00:00Z');
    const store = new MemorySessionStore(clock);
    await store.set('twilio:CA1', snapshot, 60);
    const got = await store.get('twilio:CA1');
    expect(got).toEqual(snapshot);
    expect(got).not.toBe(snapshot);
    clock.set('2026-11-21T10:00:59Z');
    expect(await store.get('twilio:CA1')).not.toBeNull();
    clock.set('2026-11-21T10:01:00Z');
    expect(await store.get('twilio:CA1')).toBeNull();
  });

  it('forgets expired calls whose end never arrived', async () => {
    const clock = fixedClock('2026-11-21T10:00:00Z');
    const store = new MemorySessionStore(clock);
    await store.set('a', snapshot, 10);
    await store.set('b', snapshot, 100);
    clock.set('2026-11-21T10:00:30Z');
    expect(store.size).toBe(1);
    await store.delete('b');
    expect(store.size).toBe(0);
  });
});

describe('webhooks of one call run one at a time', () => {
  it('serialises per key and runs other keys in parallel', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const slow = (label: string, ms: number) => async () => {
      order.push(`${label}:start`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${label}:end`);
      return label;
    };
    const results = await Promise.all([
      queue.run('call-1', slow('a', 30)),
      queue.run('call-1', slow('b', 1)),
      queue.run('call-2', slow('c', 1)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(order.indexOf('b:start')).toBeGreaterThan(order.indexOf('a:end'));
    expect(order.indexOf('c:end')).toBeLessThan(order.indexOf('a:end'));
  });

  it('a failing task does not block the next one', async () => {
    const queue = new KeyedQueue();
    await expect(queue.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
