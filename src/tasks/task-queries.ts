import { TASK_KINDS, TASK_STATUSES, type Task, type TaskKind, type TaskStatus } from './task.js';

export { TASK_KINDS, TASK_STATUSES, type TaskKind, type TaskStatus };

/** A task not finished yet: what `GET /api/tasks` lists by default. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running'];

/**
 * One `tasks` row as the API shows it: the task itself (camelCase). Times are ISO-8601 UTC;
 * the phone is E.164 and not masked: the API is for the CRM, behind its key.
 */
export type TaskView = Task;

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
