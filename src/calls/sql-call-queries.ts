import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { CallsTable, AppDatabase } from '../store/database-schema.js';
import type { PathEntry } from '../flow/snapshot.js';
import { decodeCallCursor, encodeCallCursor } from './call-cursor.js';
import type { CallFilter, CallQueries, Page, PageRequest } from './call-queries.js';
import type { CallDetail, CallSummary } from './call-views.js';

type CallsScope = ExpressionBuilder<AppDatabase, 'calls'>;

/** The filter as one WHERE condition (`1 = 1` when nothing filters). */
function matches(eb: CallsScope, filter: CallFilter): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [];
  if (filter.from !== undefined) conditions.push(eb('started_at', '>=', filter.from));
  if (filter.to !== undefined) conditions.push(eb('started_at', '<', filter.to));
  if (filter.status && filter.status.length > 0) {
    conditions.push(eb('outcome', 'in', filter.status));
  }
  if (filter.customerId !== undefined) {
    conditions.push(eb('customer_id', '=', filter.customerId));
  }
  if (filter.did !== undefined) conditions.push(eb('called', '=', filter.did));
  if (filter.direction !== undefined) conditions.push(eb('direction', '=', filter.direction));
  if (filter.campaign !== undefined) conditions.push(eb('campaign', '=', filter.campaign));
  return eb.and(conditions);
}

/** 0/1 integer columns; null stays "not known". */
const flag = (value: number | null): boolean | null => (value === null ? null : value === 1);

function toSummary(row: Selectable<CallsTable>): CallSummary {
  return {
    callId: row.call_id,
    provider: row.provider,
    direction: row.direction,
    caller: row.caller,
    called: row.called,
    campaign: row.campaign,
    customerId: row.customer_id,
    language: row.language,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    status: row.status,
    outcome: row.outcome,
    fullContact: flag(row.full_contact),
    durationSec: row.duration_sec,
    talkSec: row.talk_sec,
    ivrSec: row.ivr_sec,
    waitSec: row.wait_sec,
    ivrOutcome: row.ivr_outcome,
    ivrAbandonedAt: row.ivr_abandoned_at,
    lastStep: row.last_step,
    transferredTo: row.transferred_to,
    answeredBy: row.answered_by,
    pilotArm: row.pilot_arm,
    recordingUrl: row.recording_url,
    selfServed: row.self_served === 1,
    taskId: row.task_id,
    attempt: row.attempt,
  };
}

/**
 * CallQueries on the CRM database through Kysely: plain comparisons, `in`, row-wise keyset
 * spelled out with and/or, so SQLite and PostgreSQL run the same queries. The indexes on
 * `started_at`, `customer_id`, `called` and `outcome` (migration 007) serve the filters.
 */
export class SqlCallQueries implements CallQueries {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async listCalls(filter: CallFilter, page: PageRequest): Promise<Page<CallSummary>> {
    const after = page.cursor === undefined ? null : decodeCallCursor(page.cursor);
    if (page.cursor !== undefined && after === null) {
      throw new RangeError('listCalls: the cursor is not one this server wrote');
    }
    let listed = this.db
      .selectFrom('calls')
      .selectAll()
      .where((eb) => matches(eb, filter));
    if (after !== null) {
      // (started_at, call_id) < cursor, in the list's descending order.
      listed = listed.where((eb) =>
        eb.or([
          eb('started_at', '<', after.startedAt),
          eb.and([eb('started_at', '=', after.startedAt), eb('call_id', '<', after.callId)]),
        ]),
      );
    }
    const [rows, count] = await Promise.all([
      listed
        .orderBy('started_at', 'desc')
        .orderBy('call_id', 'desc')
        // One more than asked tells whether another page follows.
        .limit(page.limit + 1)
        .execute(),
      this.db
        .selectFrom('calls')
        .where((eb) => matches(eb, filter))
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const items = rows.slice(0, page.limit).map(toSummary);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > page.limit && last
          ? encodeCallCursor({ startedAt: last.startedAt, callId: last.callId })
          : null,
      // PostgreSQL answers count(*) as a bigint string.
      total: Number(count.n),
    };
  }

  async getCall(callId: string): Promise<CallDetail | null> {
    const row = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
    if (!row) return null;
    const [steps, transfers, reports] = await Promise.all([
      this.db
        .selectFrom('call_steps')
        .selectAll()
        .where('call_id', '=', callId)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('call_transfers')
        .selectAll()
        .where('call_id', '=', callId)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('call_status_reports')
        .selectAll()
        .where('call_id', '=', callId)
        // Vonage events carry no sequence: nulls last in both databases, then a stable key.
        .orderBy('timestamp')
        .orderBy('sequence', (ob) => ob.asc().nullsLast())
        .orderBy('dedupe_key')
        .execute(),
    ]);
    return {
      ...toSummary(row),
      recording: row.recording_id
        ? {
            id: row.recording_id,
            url: row.recording_url,
            durationSec: row.recording_duration_sec,
            channels: row.recording_channels,
            deletedAt: row.recording_deleted_at,
          }
        : null,
      steps: steps.map((s) => ({
        seq: s.seq,
        step: s.step,
        enteredAt: s.entered_at,
        prompt: s.prompt,
        inputKind: s.input_kind,
        input: s.input,
        confidence: s.confidence,
        leftAt: s.left_at,
        leftBy: s.left_by,
        durationMs: s.duration_ms,
      })),
      transfers: transfers.map((t) => ({
        seq: t.seq,
        target: t.target,
        destination: t.destination,
        startedAt: t.started_at,
        endedAt: t.ended_at,
        result: t.result,
        talkSec: t.talk_sec,
        amd: t.amd,
      })),
      statusReports: reports.map((r) => ({
        provider: r.provider,
        status: r.status,
        sequence: r.sequence,
        timestamp: r.timestamp,
        durationSec: r.duration_sec,
        direction: r.direction,
        amd: r.amd,
        recordingUrl: r.recording_url,
        receivedAt: r.received_at,
      })),
      path: JSON.parse(row.path_json) as PathEntry[],
    };
  }
}
