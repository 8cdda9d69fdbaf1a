import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { requireE164 } from './require-e164.js';
import type { SmsPort, SmsReceipt } from './sms-port.js';

/** One stored message, as `listOutbox` returns it. */
export interface OutboxMessage {
  id: string;
  /** E.164. */
  to: string;
  text: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  channel: string;
}

export interface OutboxSmsOptions {
  /** When messages are stamped; tests pass a fixed clock. */
  clock?: Clock;
}

/**
 * The default SmsPort: stores each message in the `sms_outbox` table of the embedded CRM
 * database instead of sending it. It needs no account and works offline, so the flows that
 * text callers can be built and demonstrated before a provider is chosen; `listOutbox`
 * shows what would have been sent. The database must be migrated (migrateToLatest).
 */
export class OutboxSms implements SmsPort {
  private readonly clock: Clock;

  constructor(
    private readonly db: Kysely<AppDatabase>,
    options: OutboxSmsOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Stores the message; the receipt id is the new row's id. */
  async send(to: string, text: string): Promise<SmsReceipt> {
    const channel = 'outbox';
    const row = {
      id: randomUUID(),
      to_e164: requireE164(to, channel),
      body: text,
      created_at: this.clock.now(),
      channel,
    };
    await this.db.insertInto('sms_outbox').values(row).execute();
    return { id: row.id, channel };
  }
}

/**
 * The newest `limit` messages of the outbox, newest first. Messages stored within the same
 * millisecond are ordered by id: stable from one call to the next, but not their order of
 * sending (ids are random, and row order is not portable to PostgreSQL).
 */
export async function listOutbox(
  db: Kysely<AppDatabase>,
  options: { limit: number },
): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('sms_outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    to: r.to_e164,
    text: r.body,
    createdAt: r.created_at,
    channel: r.channel,
  }));
}
