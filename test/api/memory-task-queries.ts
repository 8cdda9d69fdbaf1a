import type { TaskFilter, TaskQueries, TaskView } from '../../src/tasks/task-queries.js';

/** TaskQueries over an array, with the ordering the interface promises (due_at, then id). */
export class MemoryTaskQueries implements TaskQueries {
  constructor(readonly tasks: TaskView[]) {}

  listTasks(
    filter: TaskFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: TaskView[]; total: number }> {
    const matching = this.tasks
      .filter((t) => filter.status.includes(t.status))
      .filter((t) => filter.customerId === undefined || t.customerId === filter.customerId)
      .filter((t) => filter.kind === undefined || t.kind === filter.kind)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    return Promise.resolve({
      items: matching.slice(page.offset, page.offset + page.limit),
      total: matching.length,
    });
  }
}

/** A task as the automation would have left it; fields overridable. */
export function task(id: string, fields: Partial<TaskView> = {}): TaskView {
  return {
    id,
    kind: 'callback',
    ruleId: 'missed-call-callback',
    callId: 'CA00000000000000000000000000000002',
    status: 'pending',
    dueAt: '2026-11-21T04:00:00.000Z',
    priority: 'normal',
    customerPhone: '+77071234567',
    customerId: 'c-asel',
    attempt: 1,
    template: null,
    language: 'kk',
    createdAt: '2026-11-20T19:12:00.000Z',
    updatedAt: '2026-11-20T19:12:00.000Z',
    runs: 0,
    lastError: null,
    resultRef: null,
    doneAt: null,
    callbackDueAt: null,
    waitSec: null,
    ...fields,
  };
}
