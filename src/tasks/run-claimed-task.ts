import { DateTime } from 'luxon';
import { AppError } from '../errors/app-error.js';
import type { Logger } from '../lib/logger.js';
import { maskPhone } from '../lib/mask.js';
import type { Clock } from '../runtime/clock.js';
import { PermanentTaskError } from './permanent-task-error.js';
import type { Task } from './task.js';
import type { RetryPolicy, TaskExecutor, TaskExecutors } from './task-scheduler.js';
import type { TaskStore } from './task-store.js';

export interface TaskRunDeps {
  store: TaskStore;
  executors: TaskExecutors;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
}

/** How one run ended, as recorded in the store (or not, when the store failed). */
export type TaskRunResult =
  | { outcome: 'done' }
  | { outcome: 'retry'; retryAt: string }
  | { outcome: 'failed' }
  | { outcome: 'unsaved' };

/**
 * Runs a task already claimed (`running` in the store) with the executor of its kind and
 * records the result: success completes it with the executor's result, a throw makes it
 * pending again after the retry policy's backoff, a PermanentTaskError (or the last allowed
 * run) fails it. Shared by every engine, so a task behaves the same whoever runs it.
 */
export async function runClaimedTask(deps: TaskRunDeps, task: Task): Promise<TaskRunResult> {
  const fields = {
    taskId: task.id,
    kind: task.kind,
    callId: task.callId,
    customer: maskPhone(task.customerPhone),
    run: task.runs,
  };
  let resultRef: string | null;
  try {
    const executor: TaskExecutor | undefined = deps.executors[task.kind];
    if (!executor) throw new PermanentTaskError(`no executor for task kind ${task.kind}`);
    resultRef = await executor(task);
  } catch (err) {
    return recordFailure(deps, task, err, fields);
  }
  try {
    await deps.store.complete(task.id, deps.clock.now(), resultRef);
    deps.logger.info({ ...fields, resultRef }, 'task done');
    return { outcome: 'done' };
  } catch (err) {
    // The work happened but is not on record; it runs again once the task is recovered.
    deps.logger.error({ ...fields, resultRef, err: errorText(err) }, 'task done but not saved');
    return { outcome: 'unsaved' };
  }
}

async function recordFailure(
  deps: TaskRunDeps,
  task: Task,
  err: unknown,
  fields: Record<string, unknown>,
): Promise<TaskRunResult> {
  const error = maskNumber(errorText(err), task.customerPhone);
  const now = deps.clock.now();
  const permanent = err instanceof PermanentTaskError;
  const retryAt =
    permanent || task.runs >= deps.retry.maxRuns
      ? null
      : later(now, backoff(deps.retry, task.runs));
  try {
    await deps.store.fail(task.id, now, error, retryAt);
  } catch (storeErr) {
    deps.logger.error({ ...fields, error, err: errorText(storeErr) }, 'task failure not saved');
    return { outcome: 'unsaved' };
  }
  if (retryAt) {
    deps.logger.warn({ ...fields, error, retryAt }, 'task failed, will retry');
    return { outcome: 'retry', retryAt };
  }
  deps.logger.error({ ...fields, error, permanent }, 'task failed for good');
  return { outcome: 'failed' };
}

function backoff(retry: RetryPolicy, runs: number): number {
  const steps = retry.backoffSec;
  return steps[Math.min(runs, steps.length) - 1] ?? steps[steps.length - 1] ?? 0;
}

function later(now: string, seconds: number): string {
  const at = DateTime.fromISO(now, { setZone: true }).plus({ seconds }).toUTC().toISO();
  if (at === null) throw new AppError(`task run: the clock's now is not an instant: ${now}`);
  return at;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The customer's number (with or without `+`) masked wherever an error quotes it. */
function maskNumber(text: string, phone: string | null): string {
  if (!phone) return text;
  const masked = maskPhone(phone);
  const digits = phone.replace(/^\+/, '');
  return text.split(phone).join(masked).split(digits).join(maskPhone(digits));
}
