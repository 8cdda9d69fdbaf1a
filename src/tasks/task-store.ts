import type { Task, TaskDraft, TaskStatus } from './task.js';

/** Which tasks `list` returns: any of `status`, of one customer, a page of them. */
export interface TaskFilter {
  status?: TaskStatus[];
  customerId?: string;
  kind?: string;
  /** Only tasks due at or before this instant (ISO-8601). */
  dueBefore?: string;
  limit: number;
  offset: number;
}

/**
 * Durable tasks. Every instant is an ISO-8601 string; `now` is passed in so the scheduler's
 * clock (a fixed one in tests) decides what is due. Implementations: `SqlTaskStore`.
 */
export interface TaskStore {
  /** Inserts the drafts whose id is new; returns how many were. Re-adding changes nothing. */
  addTasks(drafts: TaskDraft[], now: string): Promise<number>;
  /**
   * Moves up to `limit` pending tasks due at `now` to `running` and returns them, high
   * priority first, then by due time. Atomic: two callers never get the same task.
   */
  claimDue(now: string, limit: number): Promise<Task[]>;
  /**
   * Moves the one task `id` to `running` if it is pending and due at `now`, and returns it;
   * null when it is not (done, failed, taken by another worker, or due later). Atomic like
   * claimDue: a queue engine delivering the same task twice still runs it once.
   */
  claim(id: string, now: string): Promise<Task | null>;
  /** A running task succeeded; `resultRef` says what it produced. */
  complete(id: string, now: string, resultRef: string | null): Promise<void>;
  /**
   * A running task failed: with `retryAt` it is pending again from then, with null it is
   * `failed` for good.
   */
  fail(id: string, now: string, error: string, retryAt: string | null): Promise<void>;
  /**
   * Tasks `running` since more than `olderThanSec` before `now` (their process stopped
   * mid-run) become pending again; returns how many.
   */
  recoverStale(now: string, olderThanSec: number): Promise<number>;
  /** A page of tasks, soonest due first, and how many match in all. */
  list(filter: TaskFilter): Promise<{ items: Task[]; total: number }>;
  get(id: string): Promise<Task | null>;
}
