/** What a task does when it runs. */
export type TaskKind = 'callback' | 'sms' | 'notify-supervisor';

/** Where a task is in its life: pending → running → done, or back to pending, or failed. */
export type TaskStatus = 'pending' | 'running' | 'done' | 'failed';

export const TASK_KINDS: readonly TaskKind[] = ['callback', 'sms', 'notify-supervisor'];
export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running', 'done', 'failed'];

/**
 * A task as the automation rules propose it after a call. The id is deterministic
 * (`${callId}:${ruleId}:${index}`), so evaluating the same call again proposes the same ids
 * and the store keeps the first.
 */
export interface TaskDraft {
  id: string;
  kind: TaskKind;
  ruleId: string;
  /** The call that caused it. */
  callId: string;
  /** ISO-8601 instant; stored as UTC. */
  dueAt: string;
  priority: 'normal' | 'high';
  /** E.164; required to run a callback or an SMS. */
  customerPhone: string | null;
  customerId: string | null;
  /** For callbacks: which attempt this is, from 1. */
  attempt: number;
  /** The text template's name, given to the renderer; null: the renderer's default. */
  template: string | null;
  language: string;
}

/** A stored task: the draft plus what happened to it. */
export interface Task extends TaskDraft {
  status: TaskStatus;
  createdAt: string;
  updatedAt: string;
  /** How many times it was started. */
  runs: number;
  lastError: string | null;
  /** The outbound call id, the SMS receipt id, or `log-only`. */
  resultRef: string | null;
  doneAt: string | null;
}
