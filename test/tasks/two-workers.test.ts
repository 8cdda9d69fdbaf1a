import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/runtime/clock.js';
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
import { DATABASES } from '../support/test-databases.js';
import { draft, T0 } from './task-fixtures.js';

/**
 * Two instances of the app share one database: each runs its own task runner, each with
 * its own connection pool (or SQLite handles). A due callback must be placed once.
 */
describe.each(DATABASES)('on %s: two workers on one database', (kind) => {
  const crms = tempCrms(kind);
  const schedulers: TaskScheduler[] = [];
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    await crms.closeAll();
  });

  function worker(store: SqlTaskStore, ran: Array<{ worker: string; task: Task }>, name: string) {
    // A callback takes a while (a REST request to the provider): the other worker ticks
    // meanwhile.
    const run: TaskExecutor = async (task) => {
      ran.push({ worker: name, task });
      await new Promise((resolve) => setTimeout(resolve, 30));
      return `call-${task.id}`;
    };
    const executors: TaskExecutors = { callback: run, sms: run, 'notify-supervisor': run };
    const scheduler = new TaskScheduler({
      store,
      executors,
      clock: fixedClock(T0),
      logger: memoryLogger('error').logger,
      intervalMs: 100,
      batchSize: 5,
      retry: DEFAULT_RETRY,
    });
    schedulers.push(scheduler);
    return scheduler;
  }

  it('a due callback task is executed exactly once with both workers running', async () => {
    const first = await crms.open();
    const second = await crms.open(first.target);
    const ran: Array<{ worker: string; task: Task }> = [];
    const a = worker(new SqlTaskStore(first.db), ran, 'a');
    const b = worker(new SqlTaskStore(second.db), ran, 'b');
    const tasks = Array.from({ length: 20 }, (_, i) =>
      draft({ id: `CA${String(i).padStart(4, '0')}:missed-call:0`, callId: `CA${i}` }),
    );
    await new SqlTaskStore(first.db).addTasks(tasks, T0);

    // Both tick together, again and again, while the tasks are due.
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 5; i++) await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);

    const ids = ran.map((r) => r.task.id).sort();
    expect(ids).toEqual(tasks.map((t) => t.id).sort());
    const rows = await first.db
      .selectFrom('tasks')
      .select(['status', 'runs', 'result_ref'])
      .execute();
    expect(rows).toHaveLength(20);
    for (const row of rows) expect(row).toMatchObject({ status: 'done', runs: 1 });
  });
});
