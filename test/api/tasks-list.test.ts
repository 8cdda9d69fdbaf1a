import { afterEach, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/tasks/task-queries.js';
import { tempCrms } from '../crm/temp-crm.js';
import { apiApp, KEY } from './call-log-fixtures.js';
import { MemoryTaskQueries, task } from './memory-task-queries.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const TASKS = [
    task('task-1', { status: 'done', dueAt: '2026-11-20T05:00:00.000Z', runs: 1 }),
    task('task-2', {
      status: 'pending',
      dueAt: '2026-11-21T04:00:00.000Z',
      priority: 'high',
    }),
    task('task-3', {
      kind: 'sms',
      status: 'running',
      dueAt: '2026-11-21T03:00:00.000Z',
      template: 'missed-call-sorry',
      customerId: 'c-bolat',
      customerPhone: '+77012345678',
      language: 'ru',
    }),
    task('task-4', {
      kind: 'notify-supervisor',
      status: 'failed',
      dueAt: '2026-11-20T20:00:00.000Z',
      customerPhone: null,
      customerId: null,
      runs: 3,
      lastError: 'SMTP timeout',
    }),
    task('task-5', { status: 'pending', dueAt: '2026-11-21T05:00:00.000Z', attempt: 2 }),
  ];

  interface Answer {
    items: TaskView[];
    total: number;
    nextOffset: number | null;
  }
  const ids = (res: { body: unknown }) => (res.body as Answer).items.map((t) => t.id);

  describe('GET /api/tasks', () => {
    it('lists open tasks (pending and running) by default, next due first', async () => {
      const { get } = await apiApp(crms, { tasks: new MemoryTaskQueries(TASKS) });
      const res = await get('/api/tasks');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        items: [TASKS[2], TASKS[1], TASKS[4]],
        total: 3,
        nextOffset: null,
      });
      // The phone is the customer's number, unmasked: the CRM calls it back.
      expect((res.body as Answer).items[0]?.customerPhone).toBe('+77012345678');
    });

    it('filters by status, customer and kind', async () => {
      const { get } = await apiApp(crms, { tasks: new MemoryTaskQueries(TASKS) });
      expect(ids(await get('/api/tasks?status=done,failed'))).toEqual(['task-1', 'task-4']);
      expect(ids(await get('/api/tasks?status=DONE&status=pending'))).toEqual([
        'task-1',
        'task-2',
        'task-5',
      ]);
      expect(ids(await get('/api/tasks?customerId=c-bolat'))).toEqual(['task-3']);
      expect(ids(await get('/api/tasks?kind=callback'))).toEqual(['task-2', 'task-5']);
      expect(
        ids(await get('/api/tasks?kind=notify-supervisor&status=pending,running,done,failed')),
      ).toEqual(['task-4']);
    });

    it('pages by limit and offset, with nextOffset until the end', async () => {
      const { get } = await apiApp(crms, { tasks: new MemoryTaskQueries(TASKS) });
      const all = 'status=pending,running,done,failed';
      let res = await get(`/api/tasks?${all}&limit=2`);
      expect(res.body).toMatchObject({ total: 5, nextOffset: 2 });
      expect(ids(res)).toEqual(['task-1', 'task-4']);
      res = await get(`/api/tasks?${all}&limit=2&offset=2`);
      expect(ids(res)).toEqual(['task-3', 'task-2']);
      expect(res.body).toMatchObject({ nextOffset: 4 });
      res = await get(`/api/tasks?${all}&limit=2&offset=4`);
      expect(ids(res)).toEqual(['task-5']);
      expect(res.body).toMatchObject({ total: 5, nextOffset: null });
      res = await get(`/api/tasks?${all}&offset=10`);
      expect(res.body).toEqual({ items: [], total: 5, nextOffset: null });
    });

    it('answers 400 naming each bad parameter', async () => {
      const { get } = await apiApp(crms, { tasks: new MemoryTaskQueries(TASKS) });
      const res = await get('/api/tasks?status=open&kind=email&limit=0&offset=-1&sort=due');
      expect(res.status).toBe(400);
      const body = res.body as { fields: string[]; issues: string[] };
      expect(body.fields.sort()).toEqual(['kind', 'limit', 'offset', 'sort', 'status']);
      expect(body.issues).toContain(
        'status: unknown value "open"; allowed: pending, running, done, failed',
      );
      expect(body.issues).toContain(
        'kind: expected one of callback, sms, notify-supervisor, crm-write, recording-delete',
      );
    });

    it('answers 503 when no task list is wired, 401 first on a wrong key', async () => {
      const { get } = await apiApp(crms);
      let res = await get('/api/tasks');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'No task list to read tasks from' });
      res = await get('/api/tasks', `${KEY}x`);
      expect(res.status).toBe(401);
      // The calls half works without tasks.
      expect((await get('/api/calls?limit=1')).status).toBe(200);
    });
  });
});
