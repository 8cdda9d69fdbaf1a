import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PathEntry } from '../flow/snapshot.js';
import type { AppDatabase, CallsTable } from '../store/database-schema.js';
import { ANALYTICS_COUNTERS } from './analytics-counters.js';
import { IVR_BUCKET_COLUMNS } from './ivr-time-buckets.js';
import { summarizeCall, type CallSummary, type SettledCall } from './summarize-call.js';

type Db = Kysely<AppDatabase> | Transaction<AppDatabase>;

/** Calls a rebuild reads and adds per transaction. */
const REBUILD_BATCH = 2000;
/**
 * Daily rows per upsert: 66 columns each keeps a statement under SQLite's 32,766 bound
 * parameters (and PostgreSQL's 65,535).
 */
const WRITE_CHUNK = 200;

function parsePath(json: string): PathEntry[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as PathEntry[]) : [];
  } catch {
    return [];
  }
}

/**
 * Keeps the daily rollups (`analytics_daily`, `analytics_edges`, migration 018) that the
 * analytics views read. A call is added once, when it settles (the same moment its
 * automation rules run): marking `calls.rolled_up_at` and incrementing the counters happen
 * in one transaction, so a second instance or a retry adds nothing twice. `rebuild` starts
 * over from the call log (after a change of COMPANY_TIME_ZONE, or to backfill).
 */
export class SqlAnalyticsRollup {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    /** COMPANY_TIME_ZONE: the day of a call is its start's date there. */
    private readonly zone: string,
  ) {}

  /** Adds a settled call; false when it was already added or is not an inbound call. */
  async addCall(callId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('calls')
        .set({ rolled_up_at: new Date().toISOString() })
        .where('call_id', '=', callId)
        .where('rolled_up_at', 'is', null)
        .where('outcome', 'is not', null)
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) return false;
      const row = await trx
        .selectFrom('calls')
        .selectAll()
        .where('call_id', '=', callId)
        .executeTakeFirstOrThrow();
      if (row.direction !== 'inbound') return false;
      const steps = await this.stepsOf(trx, [callId]);
      await this.add(trx, [summarizeCall(this.settled(row, steps.get(callId) ?? []), this.zone)]);
      return true;
    });
  }

  /**
   * Empties the rollups and adds every settled inbound call again; answers the count. Calls
   * are read and marked in batches and counted in memory, then written in multi-row
   * upserts: a call that settles meanwhile is added by `addCall` (it is marked first) and
   * never twice. Interrupted, it leaves calls marked but uncounted: run it again.
   */
  async rebuild(): Promise<number> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('analytics_edges').execute();
      await trx.deleteFrom('analytics_edges_monthly').execute();
      await trx.deleteFrom('analytics_monthly').execute();
      await trx.deleteFrom('analytics_daily').execute();
      await trx.updateTable('calls').set({ rolled_up_at: null }).execute();
    });
    const totals = new Rollup();
    let after = '';
    for (;;) {
      const rows = await this.db.transaction().execute(async (trx) => {
        const batch = await trx
          .selectFrom('calls')
          .selectAll()
          .where('call_id', '>', after)
          .where('outcome', 'is not', null)
          .where('rolled_up_at', 'is', null)
          .orderBy('call_id')
          .limit(REBUILD_BATCH)
          .execute();
        if (batch.length === 0) return batch;
        await trx
          .updateTable('calls')
          .set({ rolled_up_at: new Date().toISOString() })
          .where('call_id', '>=', batch[0]?.call_id ?? '')
          .where('call_id', '<=', batch[batch.length - 1]?.call_id ?? '')
          .where('outcome', 'is not', null)
          .where('rolled_up_at', 'is', null)
          .execute();
        return batch;
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.call_id ?? after;
      const inbound = rows.filter((r) => r.direction === 'inbound');
      const steps = await this.stepsOf(
        this.db,
        inbound.map((r) => r.call_id),
      );
      for (const r of inbound) {
        totals.add(summarizeCall(this.settled(r, steps.get(r.call_id) ?? []), this.zone));
      }
    }
    await this.db.transaction().execute((trx) => this.write(trx, totals));
    return totals.calls;
  }

  private settled(row: Selectable<CallsTable>, steps: SettledCall['steps']): SettledCall {
    // `pilot_arm` is written by the pilot's assignment (docs/campaigns.md); read loosely so
    // a row from before that column still counts, outside the pilot.
    const arm = (row as { pilot_arm?: string | null }).pilot_arm ?? null;
    return {
      provider: row.provider,
      language: row.language,
      startedAt: row.started_at,
      segment: row.segment,
      pilotArm: arm,
      ivrSec: row.ivr_sec,
      ivrOutcome: row.ivr_outcome,
      ivrAbandonedAt: row.ivr_abandoned_at,
      firstRanked: row.first_ranked,
      answeredBy: row.answered_by,
      path: parsePath(row.path_json),
      steps,
    };
  }

  private async stepsOf(
    db: Db,
    callIds: string[],
  ): Promise<Map<string, Array<SettledCall['steps'][number]>>> {
    const byCall = new Map<string, Array<SettledCall['steps'][number]>>();
    if (callIds.length === 0) return byCall;
    const rows = await db
      .selectFrom('call_steps')
      .select(['call_id', 'step', 'input_kind', 'left_by'])
      .where('call_id', 'in', callIds)
      .orderBy('call_id')
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const list = byCall.get(r.call_id) ?? [];
      list.push({ step: r.step, inputKind: r.input_kind, leftBy: r.left_by });
      byCall.set(r.call_id, list);
    }
    return byCall;
  }

  /** Increments the rollup rows of these summaries. */
  private async add(db: Db, summaries: CallSummary[]): Promise<void> {
    const rollup = new Rollup();
    for (const s of summaries) rollup.add(s);
    await this.write(db, rollup);
  }

  /** Upserts merged rows, adding to what is stored: many rows per statement. */
  private async write(db: Db, rollup: Rollup): Promise<void> {
    const increments = [...ANALYTICS_COUNTERS, ...IVR_BUCKET_COLUMNS];
    const daily = [...rollup.daily.values()];
    for (let i = 0; i < daily.length; i += WRITE_CHUNK) {
      const chunk = daily.slice(i, i + WRITE_CHUNK);
      await db
        .insertInto('analytics_daily')
        .values(chunk as never)
        .onConflict((oc) =>
          oc
            .columns(['day', 'provider', 'language', 'segment', 'arm'])
            .doUpdateSet((eb) =>
              Object.fromEntries(
                increments.map((c) => [
                  c,
                  eb(eb.ref(`analytics_daily.${c}`), '+', eb.ref(`excluded.${c}`)),
                ]),
              ),
            ),
        )
        .execute();
    }
    const months = [...rollup.monthly.values()];
    for (let i = 0; i < months.length; i += WRITE_CHUNK) {
      await db
        .insertInto('analytics_monthly')
        .values(months.slice(i, i + WRITE_CHUNK) as never)
        .onConflict((oc) =>
          oc
            .columns(['month', 'provider', 'language', 'segment', 'arm'])
            .doUpdateSet((eb) =>
              Object.fromEntries(
                increments.map((c) => [
                  c,
                  eb(eb.ref(`analytics_monthly.${c}`), '+', eb.ref(`excluded.${c}`)),
                ]),
              ),
            ),
        )
        .execute();
    }
    const edges = [...rollup.edges.values()];
    for (let i = 0; i < edges.length; i += WRITE_CHUNK * 4) {
      await db
        .insertInto('analytics_edges')
        .values(edges.slice(i, i + WRITE_CHUNK * 4) as never)
        .onConflict((oc) =>
          oc
            .columns(['day', 'provider', 'language', 'segment', 'arm', 'from_node', 'to_node'])
            .doUpdateSet((eb) => ({
              moves: eb(eb.ref('analytics_edges.moves'), '+', eb.ref('excluded.moves')),
            })),
        )
        .execute();
    }
    const monthly = [...rollup.monthlyEdges.values()];
    for (let i = 0; i < monthly.length; i += WRITE_CHUNK * 4) {
      await db
        .insertInto('analytics_edges_monthly')
        .values(monthly.slice(i, i + WRITE_CHUNK * 4) as never)
        .onConflict((oc) =>
          oc
            .columns(['month', 'provider', 'language', 'segment', 'arm', 'from_node', 'to_node'])
            .doUpdateSet((eb) => ({
              moves: eb(eb.ref('analytics_edges_monthly.moves'), '+', eb.ref('excluded.moves')),
            })),
        )
        .execute();
    }
  }
}

/** Rollup rows merged in memory: one row per key (and per edge), summed. */
class Rollup {
  readonly daily = new Map<string, Record<string, string | number>>();
  readonly edges = new Map<string, Record<string, string | number>>();
  readonly monthlyEdges = new Map<string, Record<string, string | number>>();
  readonly monthly = new Map<string, Record<string, string | number>>();
  calls = 0;

  add(s: CallSummary): void {
    this.calls += 1;
    const { day, provider, language, segment, arm } = s.key;
    const keyId = `${day}|${provider}|${language}|${segment}|${arm}`;
    let row = this.daily.get(keyId);
    if (!row) {
      row = { ...s.key };
      for (const c of ANALYTICS_COUNTERS) row[c] = 0;
      for (const b of IVR_BUCKET_COLUMNS) row[b] = 0;
      this.daily.set(keyId, row);
    }
    const monthId = `${day.slice(0, 7)}|${provider}|${language}|${segment}|${arm}`;
    let monthRow = this.monthly.get(monthId);
    if (!monthRow) {
      monthRow = { month: day.slice(0, 7), provider, language, segment, arm };
      for (const c of ANALYTICS_COUNTERS) monthRow[c] = 0;
      for (const b of IVR_BUCKET_COLUMNS) monthRow[b] = 0;
      this.monthly.set(monthId, monthRow);
    }
    for (const r of [row, monthRow]) {
      for (const c of ANALYTICS_COUNTERS) r[c] = Number(r[c]) + s.counts[c];
      if (s.ivrBucket !== null) {
        const column = IVR_BUCKET_COLUMNS[s.ivrBucket];
        if (column) r[column] = Number(r[column]) + 1;
      }
    }
    for (const e of s.edges) {
      const edgeId = `${keyId}|${e.from}|${e.to}`;
      const edge = this.edges.get(edgeId) ?? {
        ...s.key,
        from_node: e.from,
        to_node: e.to,
        moves: 0,
      };
      edge.moves = Number(edge.moves) + 1;
      this.edges.set(edgeId, edge);
      const month = day.slice(0, 7);
      const monthId = `${month}|${provider}|${language}|${segment}|${arm}|${e.from}|${e.to}`;
      const monthly = this.monthlyEdges.get(monthId) ?? {
        month,
        provider,
        language,
        segment,
        arm,
        from_node: e.from,
        to_node: e.to,
        moves: 0,
      };
      monthly.moves = Number(monthly.moves) + 1;
      this.monthlyEdges.set(monthId, monthly);
    }
  }
}
