import { AppError } from '../errors/app-error.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import { errorText, runClaimedTask } from './run-claimed-task.js';
import type { Task, TaskKind } from './task.js';
import type { TaskStore } from './task-store.js';

/** Runs one task; resolves to what it produced (call id, receipt id) or rejects. */
export type TaskExecutor = (task: Task) => Promise<string | null>;

/**
 * One executor per kind; `crm-write` only when a CRM connector is configured (with the
 * embedded CRM nothing creates such tasks, and one found anyway fails as having no executor),
 * `recording-delete` only where recordings can be deleted (docs/crm-connectors.md).
 */
export type TaskExecutors = Record<
  Exclude<TaskKind, 'crm-write' | 'recording-delete'>,
  TaskExecutor
> & {
  'crm-write'?: TaskExecutor;
  'recording-delete'?: TaskExecutor;
};

/**
 * How failures are retried: a task that threw is tried again after `backoffSec[runs - 1]`
 * seconds (the last entry for later runs) until it has run `maxRuns` times; then it is
 * `failed`.
 */
export interface RetryPolicy {
  maxRuns: number;
  backoffSec: number[];
}

export const DEFAULT_RETRY: RetryPolicy = { maxRuns: 5, backoffSec: [60, 300, 900, 3600] };

export interface TaskSchedulerOptions {
  store: TaskStore;
  executors: TaskExecutors;
  clock: Clock;
  logger: Logger;
  /** Pause between ticks, ms (SCHEDULER_INTERVAL_MS). */
  intervalMs: number;
  /** Most tasks one tick claims. */
  batchSize: number;
  retry: RetryPolicy;
  /**
   * A task `running` for longer than this at start belongs to a process that stopped: it is
   * made pending again. Longer than any executor can take (providers time out in 15 s), so
   * a task another live scheduler is running is left alone. Default 300.
   */
  staleAfterSec?: number;
  /**
   * Runs at the start of every tick, before due tasks are claimed: the automation rules
   * turn settled calls into tasks here, so a task due at once runs in the same tick. A
   * failure is logged and the tick goes on with the tasks already stored.
   */
  beforeTick?: (now: string) => Promise<unknown>;
}

/**
 * Runs due tasks in this process. Each tick claims up to `batchSize` due tasks (atomically,
 * so several schedulers may share one database) and runs them one after the other with the
 * executor of their kind: success completes the task with the executor's result, a throw
 * schedules a retry per `retry`, a PermanentTaskError fails it at once. Ticks never overlap:
 * the next is scheduled when one ends, and `tick()` during a tick joins it. Tasks run at
 * least once: a process stopped between the provider accepting and the store recording it
 * runs the task again after the restart.
 */
export class TaskScheduler {
  private readonly store: TaskStore;
  private readonly executors: TaskExecutors;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly retry: RetryPolicy;
  private readonly staleAfterSec: number;
  private readonly beforeTick: ((now: string) => Promise<unknown>) | undefined;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private started = false;

  constructor(options: TaskSchedulerOptions) {
    const { intervalMs, batchSize, retry } = options;
    const staleAfterSec = options.staleAfterSec ?? 300;
    const positive = (n: number) => Number.isInteger(n) && n >= 1;
    if (!positive(intervalMs)) throw schedulerError('intervalMs', intervalMs);
    if (!positive(batchSize)) throw schedulerError('batchSize', batchSize);
    if (!positive(retry.maxRuns)) throw schedulerError('retry.maxRuns', retry.maxRuns);
    if (retry.backoffSec.length === 0 || !retry.backoffSec.every((s) => s >= 0)) {
      throw schedulerError('retry.backoffSec', retry.backoffSec.join(','));
    }
    if (!(staleAfterSec >= 0)) throw schedulerError('staleAfterSec', staleAfterSec);
    this.store = options.store;
    this.executors = options.executors;
    this.clock = options.clock;
    this.logger = options.logger;
    this.intervalMs = intervalMs;
    this.batchSize = batchSize;
    this.retry = retry;
    this.staleAfterSec = staleAfterSec;
    this.beforeTick = options.beforeTick;
  }

  /**
   * Makes tasks a stopped process left `running` pending again, then ticks every
   * `intervalMs`. The timer is unref'd: it never keeps the process alive on its own.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const recovered = await this.store.recoverStale(this.clock.now(), this.staleAfterSec);
    if (recovered > 0) {
      this.logger.warn({ recovered }, 'tasks interrupted by a previous stop are pending again');
    }
    this.schedule();
  }

  /** Stops ticking; resolves once a tick under way has finished. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Claims the due tasks and runs them; resolves to how many ran. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    const run = this.runDue().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private schedule(): void {
    if (!this.started) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .catch((err: unknown) => {
          this.logger.error({ err: errorText(err) }, 'task scheduler tick failed');
        })
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async runDue(): Promise<number> {
    if (this.beforeTick) {
      try {
        await this.beforeTick(this.clock.now());
      } catch (err) {
        this.logger.error({ err: errorText(err) }, 'task scheduler: before-tick work failed');
      }
    }
    const tasks = await this.store.claimDue(this.clock.now(), this.batchSize);
    for (const task of tasks) await this.run(task);
    return tasks.length;
  }

  private async run(task: Task): Promise<void> {
    await runClaimedTask(
      {
        store: this.store,
        executors: this.executors,
        clock: this.clock,
        logger: this.logger,
        retry: this.retry,
      },
      task,
    );
  }
}

function schedulerError(option: string, value: unknown): AppError {
  return new AppError(`TaskScheduler: ${option} is invalid: ${String(value)}`);
}
