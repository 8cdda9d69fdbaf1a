import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/runtime/clock.js';
import { PermanentTaskError } from '../../src/tasks/permanent-task-error.js';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';
import type { Task } from '../../src/tasks/task.js';
import {
  DEFAULT_RETRY,
  TaskScheduler,
  type TaskExecutor,
  type TaskExecutors,
} from '../../src/tasks/task-scheduler.js';
import { tempCrms } from '../crm/temp-crm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { draft, T0 } from './task-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  const schedulers: TaskScheduler[] = [];
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    await crms.closeAll();
  });

  /** Executors that record the tasks they ran; each kind answers with `answer`. */
  function recordingExecutors(answer: TaskExecutor = (t) => Promise.resolve(`ref-${t.id}`)) {
    const ran: Task[] = [];
    const run: TaskExecutor = (t) => {
      ran.push(t);
      return answer(t);
    };
    const executors: TaskExecutors = { callback: run, sms: run, 'notify-supervisor': run };
    return { ran, executors };
  }

  async function setup(opts: {
    executors: TaskExecutors;
    batchSize?: number;
    intervalMs?: number;
  }) {
    const { db, path } = await crms.open();
    const store = new SqlTaskStore(db);
    const clock = fixedClock(T0);
    const log = memoryLogger();
    const scheduler = new TaskScheduler({
      store,
      executors: opts.executors,
      clock,
      logger: log.logger,
      intervalMs: opts.intervalMs ?? 5000,
      batchSize: opts.batchSize ?? 10,
      retry: DEFAULT_RETRY,
    });
    schedulers.push(scheduler);
    return { db, path, store, clock, log, scheduler };
  }

  describe('TaskScheduler runs due tasks with the executor of their kind', () => {
    it('runs what is due, completes it with the executor result, leaves the rest', async () => {
      const { ran, executors } = recordingExecutors();
      const { store, clock, scheduler, log } = await setup({ executors });
      await store.addTasks(
        [
          draft({ id: 'cb', kind: 'callback' }),
          draft({ id: 'sms', kind: 'sms', priority: 'high' }),
          draft({ id: 'later', dueAt: '2026-05-04T07:15:00.000Z' }),
        ],
        T0,
      );

      expect(await scheduler.tick()).toBe(2);
      expect(ran.map((t) => [t.id, t.kind])).toEqual([
        ['sms', 'sms'],
        ['cb', 'callback'],
      ]);
      expect(await store.get('cb')).toMatchObject({
        status: 'done',
        resultRef: 'ref-cb',
        doneAt: T0,
      });
      expect(await store.get('later')).toMatchObject({ status: 'pending', runs: 0 });

      expect(await scheduler.tick()).toBe(0);
      clock.set('2026-05-04T07:15:00.000Z');
      expect(await scheduler.tick()).toBe(1);
      expect((await store.get('later'))?.status).toBe('done');

      expect(log.text()).toContain('task done');
      expect(log.text()).toContain('+7707*****67');
      expect(log.text()).not.toContain('77071234567');
    });

    it('claims at most batchSize tasks a tick', async () => {
      const { ran, executors } = recordingExecutors();
      const { store, scheduler } = await setup({ executors, batchSize: 2 });
      await store.addTasks(
        ['a', 'b', 'c'].map((id) => draft({ id })),
        T0,
      );
      expect(await scheduler.tick()).toBe(2);
      expect(await scheduler.tick()).toBe(1);
      expect(ran.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    });

    it('retries a throwing task after 60, 300, 900, 3600 s, then fails it after 5 runs', async () => {
      const { ran, executors } = recordingExecutors(() =>
        Promise.reject(new Error('Twilio refused +77071234567: HTTP 500')),
      );
      const { store, clock, scheduler, log } = await setup({ executors });
      await store.addTasks([draft()], T0);
      const id = draft().id;

      let now = Date.parse(T0);
      expect(await scheduler.tick()).toBe(1);
      for (const backoff of [60, 300, 900, 3600]) {
        const task = await store.get(id);
        now += backoff * 1000;
        expect(task).toMatchObject({ status: 'pending', dueAt: new Date(now).toISOString() });
        clock.set(new Date(now - 1).toISOString());
        expect(await scheduler.tick()).toBe(0);
        clock.set(new Date(now).toISOString());
        expect(await scheduler.tick()).toBe(1);
      }

      expect(ran).toHaveLength(5);
      expect(await store.get(id)).toMatchObject({
        status: 'failed',
        runs: 5,
        lastError: 'Twilio refused +7707*****67: HTTP 500',
      });
      clock.set('2026-05-06T00:00:00.000Z');
      expect(await scheduler.tick()).toBe(0);
      expect(log.text()).toContain('task failed, will retry');
      expect(log.text()).toContain('task failed for good');
      expect(log.text()).not.toContain('77071234567');
    });

    it('fails a PermanentTaskError at once, without retries', async () => {
      const { ran, executors } = recordingExecutors(() =>
        Promise.reject(new PermanentTaskError('callback task x has no customer phone')),
      );
      const { store, scheduler } = await setup({ executors });
      await store.addTasks([draft()], T0);
      await scheduler.tick();
      expect(ran).toHaveLength(1);
      expect(await store.get(draft().id)).toMatchObject({
        status: 'failed',
        runs: 1,
        lastError: 'callback task x has no customer phone',
      });
    });

    it('keeps going after one task fails: the rest of the batch still runs', async () => {
      const { ran, executors } = recordingExecutors((t) =>
        t.id === 'bad' ? Promise.reject(new Error('boom')) : Promise.resolve('ok'),
      );
      const { store, scheduler } = await setup({ executors });
      await store.addTasks([draft({ id: 'bad' }), draft({ id: 'good' })], T0);
      expect(await scheduler.tick()).toBe(2);
      expect(ran.map((t) => t.id)).toEqual(['bad', 'good']);
      expect((await store.get('good'))?.status).toBe('done');
      expect((await store.get('bad'))?.status).toBe('pending');
    });

    it('never overlaps ticks: a tick during a tick joins it; stop waits for it', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { ran, executors } = recordingExecutors(async () => {
        await gate;
        return 'ok';
      });
      const { store, scheduler } = await setup({ executors });
      await store.addTasks([draft()], T0);

      const first = scheduler.tick();
      const second = scheduler.tick();
      expect(second).toBe(first);
      let stopped = false;
      const stopping = scheduler.stop().then(() => (stopped = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release();
      expect(await first).toBe(1);
      await stopping;
      expect(stopped).toBe(true);
      expect(ran).toHaveLength(1);
      expect((await store.get(draft().id))?.status).toBe('done');
    });

    it('start() recovers what a stopped process left running, then ticks on its own', async () => {
      const { ran, executors } = recordingExecutors();
      const { store, clock, scheduler, log } = await setup({ executors, intervalMs: 100 });
      await store.addTasks([draft({ id: 'interrupted' }), draft({ id: 'new' })], T0);
      await store.claimDue(T0, 1); // "interrupted" was running when its process died
      clock.set('2026-05-04T07:10:00.000Z');

      await scheduler.start();
      expect(log.text()).toContain('tasks interrupted by a previous stop are pending again');
      // Bounded wait for the timer's first tick.
      for (let i = 0; i < 100 && ran.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await scheduler.stop();
      expect(ran.map((t) => t.id).sort()).toEqual(['interrupted', 'new']);
      expect(await store.get('interrupted')).toMatchObject({ status: 'done', runs: 2 });
    });

    it('refuses options that cannot work', async () => {
      const { store } = await setup({ executors: recordingExecutors().executors });
      const base = {
        store,
        executors: recordingExecutors().executors,
        clock: fixedClock(T0),
        logger: memoryLogger().logger,
        intervalMs: 1000,
        batchSize: 10,
        retry: DEFAULT_RETRY,
      };
      expect(() => new TaskScheduler({ ...base, batchSize: 0 })).toThrow(/batchSize/);
      expect(() => new TaskScheduler({ ...base, retry: { maxRuns: 3, backoffSec: [] } })).toThrow(
        /retry\.backoffSec/,
      );
    });
  });
});
