import PgBoss from 'pg-boss';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import { errorText, runClaimedTask } from './run-claimed-task.js';
import type { Task } from './task.js';
import type { RetryPolicy, TaskExecutors } from './task-scheduler.js';
import type { TaskStore } from './task-store.js';

/** One job per task run: `{ taskId }`, started at the task's due time. */
export const TASK_QUEUE = 'ivr-task';
/** The periodic work one instance does for all: automation rules, recovery, the sweep. */
export const TICK_QUEUE = 'ivr-task-tick';

/**
 * A job longer than this is taken for lost (its process died) and tried again; longer
 * than any executor can take (providers and CRMs time out in 15 s).
 */
const JOB_EXPIRE_SEC = 300;
/** A task `running` for longer than this belongs to a process that stopped. */
const STALE_AFTER_SEC = 300;
/** Pending due tasks one sweep hands to the queue again at most. */
const SWEEP_BATCH = 100;

interface TaskJob {
  taskId: string;
}

export interface PgBossTaskQueueOptions {
  /** The app's PostgreSQL database (DATABASE_URL). */
  connectionString: string;
  /** Where pg-boss keeps its tables (TASK_QUEUE_SCHEMA); it creates and migrates them. */
  schema: string;
  logger: Logger;
  /** Connections of pg-boss's own pool. */
  poolSize?: number;
}

export interface TaskWorkerOptions {
  /** The tasks table itself (not the enqueuing wrapper): claims and results go there. */
  store: TaskStore;
  executors: TaskExecutors;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  /** SCHEDULER_INTERVAL_MS: how often the automation rules and the sweep run (once for all). */
  intervalMs: number;
  /** The automation rules turning settled calls into tasks (like the scheduler's tick). */
  beforeTick?: (now: string) => Promise<unknown>;
}

/**
 * Durable task delivery on PostgreSQL through pg-boss, shared by every instance on the same
 * database. The `tasks` table stays the record (GET /api/tasks reads it); pg-boss carries a
 * job per task run, due at the task's time, to one worker of one instance. That worker
 * claims the task row (pending → running, atomically) before it runs anything, so a job
 * delivered twice — expired and retried, or sent again by the sweep — still runs the task
 * once. The sweep hands the queue pending tasks that have no job (the process stopped
 * between storing a task and sending its job) and makes tasks a dead process left running
 * pending again. Jobs of a task share its id as singleton key on a `short` queue: one
 * waiting job per task at most.
 */
export class PgBossTaskQueue {
  private readonly boss: PgBoss;
  private readonly logger: Logger;
  private tickTimer: NodeJS.Timeout | null = null;
  private working = false;
  private stopped: Promise<void> | null = null;

  private constructor(boss: PgBoss, logger: Logger) {
    this.boss = boss;
    this.logger = logger;
  }

  /** Connects, creates or migrates pg-boss's schema, and declares the queues. */
  static async open(options: PgBossTaskQueueOptions): Promise<PgBossTaskQueue> {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      max: options.poolSize ?? 4,
      application_name: 'ivr-task-queue',
      // Finished jobs are history the tasks table already keeps.
      archiveCompletedAfterSeconds: 3600,
    });
    const queue = new PgBossTaskQueue(boss, options.logger);
    // Without a listener an 'error' event would end the process; pg-boss retries by itself.
    boss.on('error', (err) => {
      options.logger.error({ err: errorText(err) }, 'task queue (pg-boss) error');
    });
    await boss.start();
    await boss.createQueue(TASK_QUEUE, {
      name: TASK_QUEUE,
      policy: 'short',
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: JOB_EXPIRE_SEC,
    });
    await boss.createQueue(TICK_QUEUE, {
      name: TICK_QUEUE,
      retryLimit: 0,
      expireInSeconds: JOB_EXPIRE_SEC,
    });
    return queue;
  }

  /**
   * Sends one job per task, due when the task is. A task that already has a waiting job
   * keeps it (the singleton key drops the second).
   */
  async enqueue(tasks: ReadonlyArray<Pick<Task, 'id' | 'dueAt'>>): Promise<void> {
    for (const task of tasks) {
      const data: TaskJob = { taskId: task.id };
      await this.boss.send(TASK_QUEUE, data, {
        singletonKey: task.id,
        startAfter: new Date(task.dueAt),
      });
    }
  }

  /**
   * The task store every producer writes through (automation rules, CRM write queue,
   * callbacks): each task added is also sent to the queue. A send that fails leaves the
   * task stored and pending; the sweep sends it later.
   */
  wrap(inner: TaskStore): TaskStore {
    const send = async (tasks: Array<Pick<Task, 'id' | 'dueAt'>>): Promise<void> => {
      try {
        await this.enqueue(tasks);
      } catch (err) {
        this.logger.warn(
          { tasks: tasks.length, err: errorText(err) },
          'tasks stored but not queued yet: the sweep queues them',
        );
      }
    };
    return {
      addTasks: async (drafts, now) => {
        const added = await inner.addTasks(drafts, now);
        await send(drafts);
        return added;
      },
      claimDue: (now, limit) => inner.claimDue(now, limit),
      claim: (id, now) => inner.claim(id, now),
      complete: (id, now, resultRef) => inner.complete(id, now, resultRef),
      fail: (id, now, error, retryAt) => inner.fail(id, now, error, retryAt),
      recoverStale: (now, olderThanSec) => inner.recoverStale(now, olderThanSec),
      list: (filter) => inner.list(filter),
      get: (id) => inner.get(id),
    };
  }

  /**
   * Starts this instance's workers: task jobs as they fall due, and every `intervalMs` a
   * tick job (one per interval for all instances: a throttled singleton) that runs the
   * automation rules, recovers tasks of stopped processes and sweeps.
   */
  async start(options: TaskWorkerOptions): Promise<void> {
    if (this.working) return;
    this.working = true;
    const pollingIntervalSeconds = Math.max(0.5, Math.min(2, options.intervalMs / 1000));
    const throttleSec = Math.max(1, Math.round(options.intervalMs / 1000));
    await this.boss.work<TaskJob>(TASK_QUEUE, { pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await this.runJob(job.data.taskId, options);
    });
    await this.boss.work(TICK_QUEUE, { pollingIntervalSeconds }, async () => {
      await this.tick(options);
    });
    const sendTick = (): void => {
      this.boss
        .send(TICK_QUEUE, {}, { singletonKey: 'tick', singletonSeconds: throttleSec })
        .catch((err: unknown) => {
          this.logger.warn({ err: errorText(err) }, 'task queue tick not sent');
        })
        .finally(() => {
          if (!this.working) return;
          this.tickTimer = setTimeout(sendTick, options.intervalMs);
          this.tickTimer.unref();
        });
    };
    sendTick();
  }

  /**
   * Stops taking jobs and waits (up to `timeoutMs`) for the ones under way to finish; pg-boss
   * then fails what is still running so another instance retries it, and closes its pool.
   */
  stop(timeoutMs = 20_000): Promise<void> {
    this.stopped ??= (async () => {
      this.working = false;
      if (this.tickTimer) clearTimeout(this.tickTimer);
      this.tickTimer = null;
      await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    })();
    return this.stopped;
  }

  /** Resolves when pg-boss's database answers (GET /ready). */
  async ping(): Promise<void> {
    await this.boss.getQueueSize(TASK_QUEUE);
  }

  /** Jobs waiting in the queue (created or waiting to retry), for /metrics. */
  waitingJobs(): Promise<number> {
    return this.boss.getQueueSize(TASK_QUEUE);
  }

  private async runJob(taskId: string, options: TaskWorkerOptions): Promise<void> {
    const task = await options.store.claim(taskId, options.clock.now());
    if (!task) {
      // Run already, running elsewhere, failed for good, or not due by our clock yet.
      const current = await options.store.get(taskId);
      if (current?.status === 'pending') await this.enqueue([current]);
      return;
    }
    const result = await runClaimedTask(options, task);
    if (result.outcome === 'retry') await this.enqueue([{ id: task.id, dueAt: result.retryAt }]);
  }

  private async tick(options: TaskWorkerOptions): Promise<void> {
    const now = options.clock.now();
    if (options.beforeTick) {
      try {
        await options.beforeTick(now);
      } catch (err) {
        options.logger.error({ err: errorText(err) }, 'task queue: automation rules failed');
      }
    }
    const recovered = await options.store.recoverStale(now, STALE_AFTER_SEC);
    if (recovered > 0) {
      options.logger.warn(
        { recovered },
        'tasks interrupted by a stopped process are pending again',
      );
    }
    // Due for a while and still pending: their job was never sent, or was lost.
    const graceMs = Math.max(30_000, 3 * options.intervalMs);
    const dueBefore = new Date(Date.parse(now) - graceMs).toISOString();
    const { items } = await options.store.list({
      status: ['pending'],
      dueBefore,
      limit: SWEEP_BATCH,
      offset: 0,
    });
    if (items.length > 0) await this.enqueue(items);
  }
}
