import { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus } from './task.js';

export { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus };

/** A task not finished yet: what `GET /api/tasks` lists by default. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running'];

/**
 * One `tasks` row as the API shows it (camelCase). Times are ISO-8601 UTC; the phone is
 * E.164 and not masked: the API is for the CRM, behind its key.
 */
export interface TaskView {
  id: string;
  kind: TaskKind;
  /** The automation rule that created the task. */
  ruleId: string;
  /** The call that triggered it. */
  callId: string;
  status: TaskStatus;
  dueAt: string;
  priority: 'normal' | 'high';
  customerPhone: string | null;
  customerId: string | null;
  /** Which attempt this is (a callback retried after no answer is attempt 2, …). */
  attempt: number;
  template: string | null;
  language: string;
  createdAt: string;
  updatedAt: string;
  /** How many times a worker has run it. */
  runs: number;
  lastError: string | null;
  /** What it produced: the callback's call id, the SMS receipt, … */
  resultRef: string | null;
  doneAt: string | null;
}

export interface TaskFilter {
  /** Any of these statuses; never empty (the API defaults to OPEN_TASK_STATUSES). */
  status: TaskStatus[];
  customerId?: string;
  kind?: string;
}

/**
 * Reads the task list. Implementations order by `due_at`, then `id` (the next task to run
 * first) so offset pages are stable while nothing changes, and count `total` with the same
 * filter.
 */
export interface TaskQueries {
  listTasks(
    filter: TaskFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: TaskView[]; total: number }>;
}
