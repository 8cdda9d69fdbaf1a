import type { Kysely } from 'kysely';
import type { CallQueries } from '../../calls/call-queries.js';
import { withLocalTimes } from '../../http/calls-api-routes.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../runtime/clock.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { PermanentTaskError } from '../../tasks/permanent-task-error.js';
import type { Task } from '../../tasks/task.js';
import type { TaskStore } from '../../tasks/task-store.js';
import { CrmRequestError, type CrmConnector, type CrmWrite } from './crm-connector.js';
import { crmRequests } from './crm-metrics.js';

/** One write may take this long before it is abandoned and retried later. */
export const WRITE_TIMEOUT_MS = 15_000;

/** A write as it is queued: the call record is read from the call log when it is sent. */
export type QueuedWrite = CrmWrite extends infer W
  ? W extends { kind: 'call' }
    ? Omit<W, 'detail'>
    : W
  : never;

/**
 * Writes into the customer's CRM, made durable before the caller hears the answer: each is
 * a row of `crm_writes` plus a `crm-write` task the task runner sends, retried with the
 * runner's backoff when the CRM fails. The task id is the write's key, so queuing the
 * same write twice (a repeated webhook) stores it once.
 */
export class CrmWriteQueue {
  constructor(
    private readonly deps: {
      db: Kysely<AppDatabase>;
      tasks: TaskStore;
      clock: Clock;
      /** The call record waits this long for late status callbacks and the recording. */
      callDelaySec: number;
    },
  ) {}

  async enqueue(
    write: QueuedWrite,
    meta: { callId: string; customerId: string | null; language?: string },
  ): Promise<string> {
    const id = `crm-write:${write.kind}:${writeKey(write)}`;
    const now = this.deps.clock.now();
    const delaySec = write.kind === 'call' ? this.deps.callDelaySec : 0;
    await this.deps.db
      .insertInto('crm_writes')
      .values({
        id,
        kind: write.kind,
        call_id: meta.callId,
        payload_json: JSON.stringify(write),
        created_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await this.deps.tasks.addTasks(
      [
        {
          id,
          kind: 'crm-write',
          ruleId: `crm-${write.kind}`,
          callId: meta.callId,
          dueAt: new Date(Date.parse(now) + delaySec * 1000).toISOString(),
          priority: 'normal',
          customerPhone: null,
          customerId: meta.customerId,
          attempt: 1,
          template: null,
          language: meta.language ?? 'ru',
          callbackDueAt: null,
          waitSec: null,
        },
      ],
      now,
    );
    return id;
  }
}

/** What makes a write unique: the same call's record, request or choice is one write. */
function writeKey(w: QueuedWrite): string {
  switch (w.kind) {
    case 'call':
      return w.record.callId;
    case 'request':
      return `${w.request.callId}:${w.request.kind}:${w.request.itemId}`;
    case 'language':
      return `${w.customerId}:${w.language}:${w.at}`;
    case 'appointment':
      return `${w.callId}:${w.appointmentId}`;
    case 'recording':
      return `${w.recording.callId}:${w.recording.recordingId}`;
  }
}

/**
 * The task runner's executor of `crm-write` tasks: reads the payload, for a call record
 * the call as GET /api/calls/:id shows it, and sends it through the connector within
 * WRITE_TIMEOUT_MS. A 4xx answer (other than 408 and 429) fails the task for good: the
 * same payload would be refused again; anything else is retried with backoff.
 */
export function crmWriteExecutor(deps: {
  db: Kysely<AppDatabase>;
  connector: CrmConnector;
  callQueries?: CallQueries;
  companyTimeZone: string;
  logger: Logger;
}): (task: Task) => Promise<string | null> {
  return async (task) => {
    const row = await deps.db
      .selectFrom('crm_writes')
      .select(['kind', 'payload_json'])
      .where('id', '=', task.id)
      .executeTakeFirst();
    if (!row) throw new PermanentTaskError(`crm-write task ${task.id} has no payload`);
    const queued = JSON.parse(row.payload_json) as QueuedWrite;
    let write: CrmWrite;
    if (queued.kind === 'call') {
      const detail = deps.callQueries ? await deps.callQueries.getCall(queued.record.callId) : null;
      write = {
        ...queued,
        detail: detail ? withLocalTimes(detail, deps.companyTimeZone) : null,
      };
    } else {
      write = queued;
    }
    const operation = `write-${write.kind}`;
    try {
      await deps.connector.write(write, AbortSignal.timeout(WRITE_TIMEOUT_MS));
      crmRequests.inc({ connector: deps.connector.name, operation, outcome: 'ok' });
      deps.logger.info(
        { taskId: task.id, callId: task.callId, kind: write.kind },
        'crm write sent',
      );
      return `${deps.connector.name}:${write.kind}`;
    } catch (err) {
      crmRequests.inc({ connector: deps.connector.name, operation, outcome: 'error' });
      if (
        err instanceof CrmRequestError &&
        err.status !== null &&
        err.status >= 400 &&
        err.status < 500 &&
        err.status !== 408 &&
        err.status !== 429
      ) {
        throw new PermanentTaskError(`${err.message}: the CRM refused the write`, {
          context: { taskId: task.id, status: err.status },
        });
      }
      throw err;
    }
  };
}
