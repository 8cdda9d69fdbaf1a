/** What a task does when it runs. */
export const TASK_KINDS = [
  'callback',
  'sms',
  'notify-supervisor',
  'crm-write',
  'recording-delete',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Where a task is in its life: pending → running → done, or back to pending, or failed. */
export const TASK_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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
  /**
   * When the callback made by the same rule is due, for a notification's `{due}`; null when
   * the rule calls nobody back.
   */
  callbackDueAt: string | null;
  /** How long the caller waited for a person on the call (a notification's `{waitSec}`). */
  waitSec: number | null;
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
