import type { TaskDraft } from '../../src/tasks/task.js';

export const T0 = '2026-05-04T07:00:00.000Z';

/** A callback draft for call CA0001; `overrides` in the draft's own names. */
export function draft(overrides: Partial<TaskDraft> = {}): TaskDraft {
  return {
    id: 'CA0001:missed-call:0',
    kind: 'callback',
    ruleId: 'missed-call',
    callId: 'CA0001',
    dueAt: T0,
    priority: 'normal',
    customerPhone: '+77071234567',
    customerId: 'cust-1',
    attempt: 1,
    template: null,
    language: 'kk',
    callbackDueAt: null,
    waitSec: null,
    ...overrides,
  };
}
