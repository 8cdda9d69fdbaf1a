import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';
import { tempCrms } from '../crm/temp-crm.js';
import { draft, T0 } from './task-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  async function openStore() {
    const { db, path, target } = await crms.open();
    return { db, path, target, store: new SqlTaskStore(db) };
  }

  describe('SqlTaskStore keeps tasks in the tasks table', () => {
    it('adds drafts as pending tasks with their fields; re-adding the same ids adds nothing', async () => {
      const { store } = await openStore();
      const drafts = [
        draft(),
        draft({ id: 'CA0001:missed-call:1', kind: 'sms', template: 'sorry-we-missed-you' }),
      ];
      expect(await store.addTasks(drafts, T0)).toBe(2);
      expect(await store.addTasks(drafts, '2026-05-04T07:05:00.000Z')).toBe(0);
      expect(await store.addTasks([...drafts, draft({ id: 'CA0001:supervisor:0' })], T0)).toBe(1);

      expect(await store.get('CA0001:missed-call:0')).toEqual({
        ...draft(),
        status: 'pending',
        createdAt: T0,
        updatedAt: T0,
        runs: 0,
        lastError: null,
        resultRef: null,
        doneAt: null,
      });
      expect((await store.list({ limit: 10, offset: 0 })).total).toBe(3);
      expect(await store.addTasks([], T0)).toBe(0);
      expect(await store.get('nope')).toBeNull();
    });

    it('stores due times as UTC so they compare as text', async () => {
      const { store } = await openStore();
      await store.addTasks([draft({ dueAt: '2026-05-04T12:15:00+05:00' })], T0);
      expect((await store.get(draft().id))?.dueAt).toBe('2026-05-04T07:15:00.000Z');
    });

    it('refuses a draft the rules got wrong, naming the field', async () => {
      const { store } = await openStore();
      await expect(store.addTasks([draft({ dueAt: 'soon' })], T0)).rejects.toThrow(
        'Task draft CA0001:missed-call:0: dueAt is not an ISO-8601 instant: soon',
      );
      await expect(store.addTasks([draft({ attempt: 0 })], T0)).rejects.toThrow(/attempt/);
      await expect(store.addTasks([draft({ kind: 'fax' as 'sms' })], T0)).rejects.toThrow(
        /kind is not one of callback, sms, notify-supervisor/,
      );
      expect((await store.list({ limit: 10, offset: 0 })).total).toBe(0);
    });

    it('claims due tasks, high priority first, then by due time; not-yet-due ones stay', async () => {
      const { store } = await openStore();
      await store.addTasks(
        [
          draft({ id: 'a', dueAt: '2026-05-04T06:00:00.000Z' }),
          draft({ id: 'b', dueAt: '2026-05-04T06:30:00.000Z', priority: 'high' }),
          draft({ id: 'c', dueAt: '2026-05-04T05:00:00.000Z' }),
          draft({ id: 'd', dueAt: '2026-05-04T06:45:00.000Z', priority: 'high' }),
          draft({ id: 'later', dueAt: '2026-05-04T07:00:00.001Z', priority: 'high' }),
        ],
        '2026-05-04T04:00:00.000Z',
      );

      const claimed = await store.claimDue(T0, 3);
      expect(claimed.map((t) => t.id)).toEqual(['b', 'd', 'c']);
      expect(claimed.every((t) => t.status === 'running' && t.runs === 1)).toBe(true);
      expect(claimed[0]?.updatedAt).toBe(T0);

      expect((await store.claimDue(T0, 10)).map((t) => t.id)).toEqual(['a']);
      expect(await store.claimDue(T0, 10)).toEqual([]);
      expect((await store.get('later'))?.status).toBe('pending');
    });

    it('never hands one task to two claimers on the same database file', async () => {
      const { store, path } = await openStore();
      const drafts = Array.from({ length: 40 }, (_, i) =>
        draft({ id: `t${String(i).padStart(2, '0')}` }),
      );
      await store.addTasks(drafts, T0);
      // A second connection to the same file, as a second process would have.
      const other = new SqlTaskStore((await crms.open(path)).db);

      const batches = await Promise.all([
        store.claimDue(T0, 15),
        other.claimDue(T0, 15),
        store.claimDue(T0, 15),
        other.claimDue(T0, 15),
      ]);
      // PostgreSQL's SKIP LOCKED lets a claimer pass over rows another is taking, so a
      // round may leave some for the next one: none may be handed out twice, none lost.
      const ids = batches.flat().map((t) => t.id);
      for (const t of await store.claimDue(T0, 40)) ids.push(t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(drafts.map((d) => d.id));
    });

    it('never hands one task to two processes claiming at the same time', async () => {
      const { store, path, target } = await openStore();
      const drafts = Array.from({ length: 150 }, (_, i) =>
        draft({ id: `t${String(i).padStart(3, '0')}` }),
      );
      await store.addTasks(drafts, T0);
      await crms.closeAll();

      const worker = fileURLToPath(new URL('./claim-worker.ts', import.meta.url));
      const workers = Array.from({ length: 3 }, () => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', worker, JSON.stringify(target), T0],
          {
            stdio: ['pipe', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        const ready = new Promise<void>((resolve) => {
          const check = () => (out.startsWith('ready\n') ? resolve() : undefined);
          child.stdout.on('data', check);
        });
        const done = new Promise<string[]>((resolve, reject) => {
          child.on('error', reject);
          child.on('exit', (code) =>
            code === 0
              ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[])
              : reject(new Error(`claim worker exited with ${code}`)),
          );
        });
        return { child, ready, done };
      });
      // All three are connected before any claims: they race for the same rows.
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.child.stdin.end('go\n');
      const claimed = await Promise.all(workers.map((w) => w.done));

      const ids = claimed.flat();
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(drafts.map((d) => d.id));
      const { db } = await crms.open(path);
      const rows = await db.selectFrom('tasks').select(['status', 'runs']).execute();
      expect(rows.every((r) => r.status === 'running' && r.runs === 1)).toBe(true);
    }, 30_000);

    it('completes, retries and fails running tasks', async () => {
      const { store } = await openStore();
      await store.addTasks(
        [draft({ id: 'ok' }), draft({ id: 'retry' }), draft({ id: 'dead' })],
        T0,
      );
      await store.claimDue(T0, 10);
      const t1 = '2026-05-04T07:00:05.000Z';

      await store.complete('ok', t1, 'CA123');
      await store.fail('retry', t1, 'HTTP 500', '2026-05-04T07:01:05.000Z');
      await store.fail('dead', t1, 'no customer phone', null);

      expect(await store.get('ok')).toMatchObject({
        status: 'done',
        resultRef: 'CA123',
        doneAt: t1,
        updatedAt: t1,
        runs: 1,
      });
      expect(await store.get('retry')).toMatchObject({
        status: 'pending',
        dueAt: '2026-05-04T07:01:05.000Z',
        lastError: 'HTTP 500',
        doneAt: null,
      });
      expect(await store.get('dead')).toMatchObject({
        status: 'failed',
        lastError: 'no customer phone',
        doneAt: null,
      });
      // The retry is not due before its time, then runs again (a second run).
      expect(await store.claimDue('2026-05-04T07:01:04.999Z', 10)).toEqual([]);
      expect(await store.claimDue('2026-05-04T07:01:05.000Z', 10)).toMatchObject([
        { id: 'retry', runs: 2 },
      ]);
    });

    it('only changes tasks that are running', async () => {
      const { store } = await openStore();
      await store.addTasks([draft()], T0);
      await store.complete(draft().id, T0, 'x');
      await store.fail(draft().id, T0, 'x', null);
      expect(await store.get(draft().id)).toMatchObject({ status: 'pending', resultRef: null });
    });

    it('recovers tasks left running longer than the threshold', async () => {
      const { store } = await openStore();
      await store.addTasks([draft({ id: 'a-old' }), draft({ id: 'b-fresh' })], T0);
      await store.claimDue(T0, 1);
      await store.claimDue('2026-05-04T07:04:00.000Z', 1);

      expect(await store.recoverStale('2026-05-04T07:05:00.000Z', 120)).toBe(1);
      expect(await store.get('a-old')).toMatchObject({
        status: 'pending',
        runs: 1,
        lastError: 'interrupted: the process running it stopped',
      });
      expect((await store.get('b-fresh'))?.status).toBe('running');
    });

    it('lists by status and customer, soonest due first, with the total', async () => {
      const { store } = await openStore();
      await store.addTasks(
        [
          draft({ id: 'x1', customerId: 'cust-1', dueAt: '2026-05-04T09:00:00.000Z' }),
          draft({ id: 'x2', customerId: 'cust-1', dueAt: '2026-05-04T08:00:00.000Z' }),
          draft({ id: 'x3', customerId: 'cust-2', dueAt: '2026-05-04T06:00:00.000Z' }),
          draft({ id: 'x4', customerId: 'cust-1', dueAt: '2026-05-04T06:30:00.000Z' }),
        ],
        T0,
      );
      await store
        .claimDue(T0, 10)
        .then((ts) => Promise.all(ts.map((t) => store.complete(t.id, T0, 'r'))));

      const pending = await store.list({ status: ['pending'], limit: 10, offset: 0 });
      expect(pending.items.map((t) => t.id)).toEqual(['x2', 'x1']);
      expect(pending.total).toBe(2);

      const page = await store.list({ customerId: 'cust-1', limit: 2, offset: 1 });
      expect(page.items.map((t) => t.id)).toEqual(['x2', 'x1']);
      expect(page.total).toBe(3);

      const both = await store.list({
        status: ['done', 'failed'],
        customerId: 'cust-1',
        limit: 10,
        offset: 0,
      });
      expect(both.items.map((t) => [t.id, t.status])).toEqual([['x4', 'done']]);
    });
  });
});
