import { afterEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxSms } from '../../src/messaging/outbox-sms.js';
import { fixedClock } from '../../src/runtime/clock.js';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';
import { createTaskExecutors } from '../../src/tasks/task-executors.js';
import { DEFAULT_RETRY, TaskScheduler } from '../../src/tasks/task-scheduler.js';
import { listCallOutbox, OutboxTelephony } from '../../src/telephony/outbox-telephony.js';
import { tempCrms } from '../crm/temp-crm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { draft, T0 } from './task-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  /** A scheduler as the app would build it, on the offline ports, over one database. */
  function schedulerOn(db: Awaited<ReturnType<typeof crms.open>>['db'], now: string) {
    const clock = fixedClock(now);
    const store = new SqlTaskStore(db);
    const log = memoryLogger();
    const executors = createTaskExecutors({
      telephony: new OutboxTelephony(db, { clock }),
      sms: new OutboxSms(db, { clock }),
      agentDestination: '+77011112233',
      callbackFrom: '+77172000000',
      supervisorPhone: null,
      renderTemplate: (template, language) => `[${language}] ${template}`,
      logger: log.logger,
    });
    const scheduler = new TaskScheduler({
      store,
      executors,
      clock,
      logger: log.logger,
      intervalMs: 60_000,
      batchSize: 10,
      retry: DEFAULT_RETRY,
    });
    return { store, scheduler, clock, log };
  }

  describe('tasks are durable across restarts', () => {
    it('tasks added before a restart are run by the scheduler of the next process', async () => {
      const first = await crms.open();
      const before = new SqlTaskStore(first.db);
      await before.addTasks(
        [
          draft({ id: 'CA0001:missed-call:0', dueAt: '2026-05-04T07:15:00.000Z' }),
          draft({ id: 'CA0001:missed-call:1', kind: 'sms', template: 'sorry-we-missed-you' }),
          draft({ id: 'CA0001:vip:0', kind: 'notify-supervisor', priority: 'high' }),
        ],
        T0,
      );
      await crms.closeAll();

      const second = await crms.open(first.path);
      const { store, scheduler, clock } = schedulerOn(second.db, '2026-05-04T07:20:00.000Z');
      await scheduler.start();
      expect(await scheduler.tick()).toBe(3);
      await scheduler.stop();

      const done = await store.list({ status: ['done'], limit: 10, offset: 0 });
      expect(done.items.map((t) => [t.id, t.resultRef?.slice(0, 7) ?? null])).toEqual([
        ['CA0001:missed-call:1', expect.any(String)],
        ['CA0001:vip:0', 'log-onl'],
        ['CA0001:missed-call:0', 'outbox-'],
      ]);
      const [call] = await listCallOutbox(second.db, { limit: 5 });
      expect(call).toMatchObject({
        taskId: 'CA0001:missed-call:0',
        agent: '+77011112233',
        customer: '+77071234567',
        createdAt: clock.now(),
      });
      expect(await store.get('CA0001:missed-call:0')).toMatchObject({ resultRef: call?.id });
      expect(await listOutbox(second.db, { limit: 5 })).toMatchObject([
        { to: '+77071234567', text: '[kk] sorry-we-missed-you' },
      ]);
    });

    it('a task left running by a crashed process runs again after the restart', async () => {
      const first = await crms.open();
      const crashed = new SqlTaskStore(first.db);
      await crashed.addTasks([draft()], T0);
      expect(await crashed.claimDue(T0, 10)).toHaveLength(1);
      // The process dies here: the task is `running` and nobody will finish it.
      await crms.closeAll();

      const second = await crms.open(first.path);
      const { store, scheduler, log } = schedulerOn(second.db, '2026-05-04T07:30:00.000Z');
      expect((await store.get(draft().id))?.status).toBe('running');
      await scheduler.start();
      expect(log.text()).toContain('"recovered":1');
      expect(await scheduler.tick()).toBe(1);
      await scheduler.stop();
      expect(await store.get(draft().id)).toMatchObject({
        status: 'done',
        runs: 2,
        lastError: null,
      });
      expect(await listCallOutbox(second.db, { limit: 5 })).toHaveLength(1);
    });
  });
});
