import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { AppDatabase, TasksTable } from '../store/database-schema.js';
import { AppError } from '../errors/app-error.js';
import { TASK_KINDS, type Task, type TaskDraft, type TaskKind, type TaskStatus } from './task.js';
import type { TaskFilter, TaskStore } from './task-store.js';

/** Rows per INSERT: 16 columns each stays far below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500;

/** Errors are kept for operators, not as logs: the start says what went wrong. */
const MAX_ERROR_LENGTH = 1000;

/**
 * The TaskStore on the embedded CRM database (table `tasks`, migration 008_tasks), written
 * with Kysely only so it runs on SQLite and PostgreSQL alike. Instants are normalised to
 * ISO-8601 UTC with milliseconds before they are stored or compared: `due_at` is text, and
 * text only sorts like time when every value has the same shape.
 */
export class SqlTaskStore implements TaskStore {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async addTasks(drafts: TaskDraft[], now: string): Promise<number> {
    if (drafts.length === 0) return 0;
    const stamp = isoUtc(now, 'now');
    const rows = drafts.map((d) => toRow(d, stamp));
    // No transaction around the chunks: should one fail, adding the same drafts again
    // completes the set without duplicating any.
    let added = 0;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const result = await this.db
        .insertInto('tasks')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return added;
  }

  async claimDue(now: string, limit: number): Promise<Task[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AppError(`claimDue: limit must be a positive integer, got ${limit}`);
    }
    const at = isoUtc(now, 'now');
    const due = this.db
      .selectFrom('tasks')
      .select('id')
      .where('status', '=', 'pending')
      .where('due_at', '<=', at)
      .orderBy(priorityRank)
      .orderBy('due_at')
      .orderBy('id')
      .limit(limit);
    // One statement picks and takes the tasks, so it is one transaction with no gap for
    // another claimer: SQLite runs it under the database's write lock (an explicit
    // BEGIN … COMMIT would hold that lock across awaits), and PostgreSQL re-checks
    // `status = 'pending'` on rows another transaction just took and skips them. Either
    // way no task is handed out twice.
    const rows = await this.db
      .updateTable('tasks')
      .set((eb) => ({ status: 'running', runs: eb('runs', '+', 1), updated_at: at }))
      .where('status', '=', 'pending')
      .where('id', 'in', due)
      .returningAll()
      .execute();
    // RETURNING gives no order; the caller runs them in this one.
    return rows.map(fromRow).sort(claimOrder);
  }

  async claim(id: string, now: string): Promise<Task | null> {
    const at = isoUtc(now, 'now');
    const row = await this.db
      .updateTable('tasks')
      .set((eb) => ({ status: 'running', runs: eb('runs', '+', 1), updated_at: at }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('due_at', '<=', at)
      .returningAll()
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async complete(id: string, now: string, resultRef: string | null): Promise<void> {
    const at = isoUtc(now, 'now');
    await this.db
      .updateTable('tasks')
      .set({ status: 'done', result_ref: resultRef, last_error: null, done_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async fail(id: string, now: string, error: string, retryAt: string | null): Promise<void> {
    const at = isoUtc(now, 'now');
    const lastError = error.slice(0, MAX_ERROR_LENGTH);
    const next =
      retryAt === null
        ? { status: 'failed', last_error: lastError, updated_at: at }
        : {
            status: 'pending',
            due_at: isoUtc(retryAt, 'retryAt'),
            last_error: lastError,
            updated_at: at,
          };
    await this.db
      .updateTable('tasks')
      .set(next)
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async recoverStale(now: string, olderThanSec: number): Promise<number> {
    const at = isoUtc(now, 'now');
    const cutoff = DateTime.fromISO(at, { zone: 'utc' }).minus({ seconds: olderThanSec }).toISO();
    const result = await this.db
      .updateTable('tasks')
      .set({
        status: 'pending',
        last_error: 'interrupted: the process running it stopped',
        updated_at: at,
      })
      .where('status', '=', 'running')
      .where('updated_at', '<=', cutoff ?? at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async list(filter: TaskFilter): Promise<{ items: Task[]; total: number }> {
    let query = this.db.selectFrom('tasks');
    if (filter.status && filter.status.length > 0) {
      query = query.where('status', 'in', filter.status);
    }
    if (filter.customerId !== undefined) {
      query = query.where('customer_id', '=', filter.customerId);
    }
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.dueBefore !== undefined) {
      query = query.where('due_at', '<=', isoUtc(filter.dueBefore, 'dueBefore'));
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('due_at')
        .orderBy('id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(fromRow), total: Number(count.n) };
  }

  async get(id: string): Promise<Task | null> {
    const row = await this.db
      .selectFrom('tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }
}

/** 0 for high priority, 1 for normal: the claim order's first key. */
function priorityRank(eb: ExpressionBuilder<AppDatabase, 'tasks'>) {
  return eb.case().when('priority', '=', 'high').then(0).else(1).end();
}

function claimOrder(a: Task, b: Task): number {
  const rank = (t: Task) => (t.priority === 'high' ? 0 : 1);
  return (
    rank(a) - rank(b) || a.dueAt.localeCompare(b.dueAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * `value` as ISO-8601 UTC with milliseconds (`2026-05-04T07:00:00.000Z`).
 * @throws AppError naming `what` when it is not an instant.
 */
function isoUtc(value: string, what: string): string {
  const parsed = DateTime.fromISO(value, { setZone: true });
  const iso = parsed.isValid ? parsed.toUTC().toISO() : null;
  if (iso === null) throw new AppError(`${what} is not an ISO-8601 instant: ${value}`);
  return iso;
}

/** Checks what the rules produced before it is stored: a bad draft is a bug upstream. */
function toRow(d: TaskDraft, now: string): TasksTable {
  const bad = (field: string, why: string) =>
    new AppError(`Task draft ${d.id || '(no id)'}: ${field} ${why}`, {
      context: { taskId: d.id, field },
    });
  if (!d.id) throw bad('id', 'is empty');
  if (!TASK_KINDS.includes(d.kind)) throw bad('kind', `is not one of ${TASK_KINDS.join(', ')}`);
  if (d.priority !== 'normal' && d.priority !== 'high')
    throw bad('priority', 'is not normal or high');
  if (!Number.isInteger(d.attempt) || d.attempt < 1)
    throw bad('attempt', 'is not a positive integer');
  let dueAt: string;
  try {
    dueAt = isoUtc(d.dueAt, 'dueAt');
  } catch {
    throw bad('dueAt', `is not an ISO-8601 instant: ${d.dueAt}`);
  }
  return {
    id: d.id,
    kind: d.kind,
    rule_id: d.ruleId,
    call_id: d.callId,
    status: 'pending',
    due_at: dueAt,
    priority: d.priority,
    customer_phone: d.customerPhone,
    customer_id: d.customerId,
    attempt: d.attempt,
    template: d.template,
    callback_due_at: d.callbackDueAt === null ? null : isoUtc(d.callbackDueAt, 'callbackDueAt'),
    wait_sec: d.waitSec,
    language: d.language,
    created_at: now,
    updated_at: now,
    runs: 0,
    last_error: null,
    result_ref: null,
    done_at: null,
  };
}

function fromRow(r: Selectable<TasksTable>): Task {
  return {
    id: r.id,
    kind: r.kind as TaskKind,
    ruleId: r.rule_id,
    callId: r.call_id,
    dueAt: r.due_at,
    priority: r.priority === 'high' ? 'high' : 'normal',
    customerPhone: r.customer_phone,
    customerId: r.customer_id,
    attempt: r.attempt,
    template: r.template,
    callbackDueAt: r.callback_due_at,
    waitSec: r.wait_sec,
    language: r.language,
    status: r.status as TaskStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    runs: r.runs,
    lastError: r.last_error,
    resultRef: r.result_ref,
    doneAt: r.done_at,
  };
}
