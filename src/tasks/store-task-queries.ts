import type { TaskQueries, TaskView } from './task-queries.js';
import type { Task } from './task.js';
import type { TaskStore } from './task-store.js';

function toView(t: Task): TaskView {
  return {
    id: t.id,
    kind: t.kind,
    ruleId: t.ruleId,
    callId: t.callId,
    status: t.status,
    dueAt: t.dueAt,
    priority: t.priority,
    customerPhone: t.customerPhone,
    customerId: t.customerId,
    attempt: t.attempt,
    template: t.template,
    language: t.language,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    runs: t.runs,
    lastError: t.lastError,
    resultRef: t.resultRef,
    doneAt: t.doneAt,
  };
}

/** The API's task list, read through the task store (soonest due first). */
export function storeTaskQueries(store: TaskStore): TaskQueries {
  return {
    async listTasks(filter, page) {
      const { items, total } = await store.list({
        status: filter.status,
        ...(filter.customerId !== undefined ? { customerId: filter.customerId } : {}),
        ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
        limit: page.limit,
        offset: page.offset,
      });
      return { items: items.map(toView), total };
    },
  };
}
