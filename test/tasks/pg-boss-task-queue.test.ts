import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/runtime/clock.js';
import { PgBossTaskQueue } from '../../src/tasks/pg-boss-task-queue.js';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';
import type { Task } from '../../src/tasks/task.js';
import type { TaskExecutor, TaskExecutors } from '../../src/tasks/task-scheduler.js';
import { tempCrms } from '../crm/temp-crm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { HAS_POSTGRES } from '../support/test-databases.js';
import { draft } from './task-fixtures.js';

if (!HAS_POSTGRES) {
  console.warn('[skipped] pg-boss task queue: TEST_DATABASE_URL is not set (see .ci/services.sh)');
}

/** Polls `check` until it holds (the queue works in the background); fails after 30 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within 30 s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const RETRY_AT_ONCE = { maxRuns: 3, backoffSec: [0] };

/**
 * Two app instances on one PostgreSQL database, each with its own pg-boss and its own
 * connection pool, as main.ts composes them with TASK_ENGINE=pg-boss.
 */
describe.skipIf(!HAS_POSTGRES)('pg-boss task queue shared by two instances', () => {
  const crms = tempCrms('postgres');
  const queues: PgBossTaskQueue[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop(2000)));
    await crms.closeAll();
  });

  async function instance(
    target: Awaited<ReturnType<typeof crms.open>>['target'] | null,
    schema: string,
    executor: TaskExecutor,
    retry = RETRY_AT_ONCE,
  ) {
    const opened = target ? await crms.open(target) : await crms.open();
    if (opened.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const { logger } = memoryLogger('error');
    const table = new SqlTaskStore(opened.db);
    const queue = await PgBossTaskQueue.open({
      connectionString: opened.target.url,
      schema,
      logger,
      poolSize: 2,
    });
    queues.push(queue);
    const executors: TaskExecutors = {
      callback: executor,
      sms: executor,
      'notify-supervisor': executor,
    };
    const start = () =>
      queue.start({
        store: table,
        executors,
        clock: systemClock,
        logger,
        retry,
        intervalMs: 500,
      });
    return { queue, table, tasks: queue.wrap(table), target: opened.target, start };
  }

  const now = () => new Date().toISOString();
  const schema = () => `pgboss_${randomBytes(4).toString('hex')}`;

  it('due callbacks run exactly once with both instances working; GET /api/tasks sees them done', async () => {
    const ran: Array<{ worker: string; id: string }> = [];
    const slow =
      (worker: string): TaskExecutor =>
      async (task: Task) => {
        ran.push({ worker, id: task.id });
        await new Promise((r) => setTimeout(r, 20));
        return `CA-${task.id}`;
      };
    const bossSchema = schema();
    const a = await instance(null, bossSchema, slow('a'));
    const b = await instance(a.target, bossSchema, slow('b'));
    await Promise.all([a.start(), b.start()]);
    const drafts = Array.from({ length: 20 }, (_, i) =>
      draft({
        id: `CA${String(i).padStart(4, '0')}:missed-call:0`,
        callId: `CA${i}`,
        dueAt: now(),
        customerPhone: '+77071234567',
      }),
    );
    // Half through each instance, as two webhooks' automation rules would.
    await a.tasks.addTasks(drafts.slice(0, 10), now());
    await b.tasks.addTasks(drafts.slice(10), now());
    await eventually(async () => {
      const { total } = await a.table.list({ status: ['done'], limit: 1, offset: 0 });
      return total === 20;
    }, '20 tasks done');
    // Adding the same drafts again (a repeated webhook) neither stores nor runs them again.
    await b.tasks.addTasks(drafts, now());
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran.map((r) => r.id).sort()).toEqual(drafts.map((d) => d.id).sort());
    const done = await a.table.list({ status: ['done'], limit: 50, offset: 0 });
    expect(done.items.every((t) => t.runs === 1 && t.resultRef === `CA-${t.id}`)).toBe(true);
  }, 60_000);

  it('a failed run is retried through the queue with the retry policy, then recorded done', async () => {
    let calls = 0;
    const flaky: TaskExecutor = () => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('Twilio 503 for +77071234567'));
      return Promise.resolve('CA-second');
    };
    const a = await instance(null, schema(), flaky);
    await a.start();
    await a.tasks.addTasks([draft({ id: 'CA0100:missed-call:0', dueAt: now() })], now());
    await eventually(
      async () => (await a.table.get('CA0100:missed-call:0'))?.status === 'done',
      'retried task done',
    );
    const task = await a.table.get('CA0100:missed-call:0');
    expect(task?.runs).toBe(2);
    expect(task?.resultRef).toBe('CA-second');
    expect(calls).toBe(2);
  }, 60_000);

  it('a task stored without its job (the process stopped in between) is swept into the queue', async () => {
    const ran: string[] = [];
    const a = await instance(null, schema(), (task) => {
      ran.push(task.id);
      return Promise.resolve('CA-swept');
    });
    // Straight into the table, as if the job had never been sent; due a minute ago.
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    await a.table.addTasks([draft({ id: 'CA0200:missed-call:0', dueAt })], now());
    await a.start();
    await eventually(
      async () => (await a.table.get('CA0200:missed-call:0'))?.status === 'done',
      'swept task done',
    );
    expect(ran).toEqual(['CA0200:missed-call:0']);
  }, 60_000);

  it('stop() lets the task under way finish and record its result before it resolves', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = await instance(null, schema(), async () => {
      release();
      await new Promise((r) => setTimeout(r, 500));
      return 'CA-finished';
    });
    await a.start();
    await a.tasks.addTasks([draft({ id: 'CA0300:missed-call:0', dueAt: now() })], now());
    await started;
    await a.queue.stop(10_000);
    const task = await a.table.get('CA0300:missed-call:0');
    expect(task?.status).toBe('done');
    expect(task?.resultRef).toBe('CA-finished');
  }, 60_000);

  it('a task due later waits for its time and is counted as a waiting job', async () => {
    const ran: string[] = [];
    const a = await instance(null, schema(), (task) => {
      ran.push(task.id);
      return Promise.resolve('CA-later');
    });
    await a.start();
    const dueAt = new Date(Date.now() + 3600_000).toISOString();
    await a.tasks.addTasks([draft({ id: 'CA0400:missed-call:0', dueAt })], now());
    expect(await a.queue.waitingJobs()).toBe(1);
    await a.queue.ping();
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toEqual([]);
    expect((await a.table.get('CA0400:missed-call:0'))?.status).toBe('pending');
  }, 60_000);
});
