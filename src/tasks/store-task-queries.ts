import type { TaskQueries } from './task-queries.js';
import type { TaskStore } from './task-store.js';

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
      return { items, total };
    },
  };
}
