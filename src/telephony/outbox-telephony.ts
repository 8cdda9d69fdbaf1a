import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { checkCallbackRequest } from './check-callback-request.js';
import type { CallbackRequest, PlacedCall, TelephonyPort } from './telephony-port.js';

/** One recorded call, as `listCallOutbox` returns it. */
export interface OutboxCall {
  /** `outbox-<uuid>`, the call id the task got. */
  id: string;
  taskId: string;
  agent: string;
  customer: string;
  from: string;
  language: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  channel: string;
}

export interface OutboxTelephonyOptions {
  /** When calls are stamped; tests pass a fixed clock. */
  clock?: Clock;
}

/**
 * The default TelephonyPort: records each callback in the `call_outbox` table of the
 * embedded CRM database instead of dialling it. It needs no account and works offline, so
 * callback rules run end to end with `npm start`, and `listCallOutbox` (or SQL) shows who
 * would have been called. The database must be migrated (migrateToLatest).
 */
export class OutboxTelephony implements TelephonyPort {
  private readonly clock: Clock;

  constructor(
    private readonly db: Kysely<AppDatabase>,
    options: OutboxTelephonyOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async placeCallback(req: CallbackRequest): Promise<PlacedCall> {
    checkCallbackRequest(req, 'outbox');
    const channel = 'outbox';
    const id = `outbox-${randomUUID()}`;
    await this.db
      .insertInto('call_outbox')
      .values({
        id,
        task_id: req.taskId,
        agent: req.agent,
        customer: req.customer,
        from_number: req.from,
        language: req.language,
        created_at: this.clock.now(),
        channel,
      })
      .execute();
    return { callId: id, channel };
  }
}

/** The newest `limit` recorded calls, newest first (ties by id, stable but arbitrary). */
export async function listCallOutbox(
  db: Kysely<AppDatabase>,
  options: { limit: number },
): Promise<OutboxCall[]> {
  const rows = await db
    .selectFrom('call_outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    agent: r.agent,
    customer: r.customer,
    from: r.from_number,
    language: r.language,
    createdAt: r.created_at,
    channel: r.channel,
  }));
}
