import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from '../../store/database-schema.js';
import { eventLogTerm, logSumExp } from './decay.js';
import { eventTypeOf, type RankingSettings } from './ranking-settings.js';

/** What a rebuild did. */
export interface RebuildResult {
  /** Events read. */
  events: number;
  /** Events of a type the settings no longer know: left out of the ranking, kept on file. */
  skippedEvents: number;
  clients: number;
  /** Rows written to client_employee_scores. */
  aggregates: number;
  ms: number;
}

interface EventRow {
  client_id: string;
  employee_id: string;
  type: string;
  at: string;
}

type ScoreRow = AppDatabase['client_employee_scores'];

/** Rows per insert: 4 columns × 400 stays far below every bound-parameter limit. */
const INSERT_CHUNK = 400;

/**
 * Recomputes the whole ranking from the event log, in one transaction: call-time reads see
 * the old ranking until it commits (WAL), never a half-built one. Use it after changing
 * weights or lifetimes (the aggregates hold them), or nightly as a check. Reads events
 * client by client through the client_id index, `pageSize` rows at a time, so memory stays
 * bounded by the largest client, and computes each aggregate with log-sum-exp: the same
 * numbers as the incremental path up to rounding (test/ranking/rebuild.test.ts).
 */
export async function rebuildRanking(
  db: Kysely<AppDatabase>,
  settings: RankingSettings,
  opts: { pageSize?: number } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const pageSize = opts.pageSize ?? 50_000;
  const result = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('client_employee_scores').execute();
    const stats = { events: 0, skippedEvents: 0, clients: 0, aggregates: 0 };
    const pending: ScoreRow[] = [];
    const flush = async (all: boolean) => {
      while (pending.length >= INSERT_CHUNK || (all && pending.length > 0)) {
        const batch = pending.splice(0, INSERT_CHUNK);
        await trx.insertInto('client_employee_scores').values(batch).execute();
        stats.aggregates += batch.length;
      }
    };
    const addClient = (rows: readonly EventRow[]) => {
      const terms = new Map<string, { row: EventRow; terms: number[] }>();
      for (const row of rows) {
        stats.events += 1;
        const type = eventTypeOf(settings, row.type);
        if (!type) {
          stats.skippedEvents += 1;
          continue;
        }
        const key = JSON.stringify([row.employee_id, row.type]);
        const term = eventLogTerm(type, Date.parse(row.at));
        const entry = terms.get(key);
        if (entry) entry.terms.push(term);
        else terms.set(key, { row, terms: [term] });
      }
      stats.clients += 1;
      for (const { row, terms: list } of terms.values()) {
        pending.push({
          client_id: row.client_id,
          employee_id: row.employee_id,
          event_type: row.type,
          log_sum: logSumExp(list),
        });
      }
    };

    let after: string | null = null;
    for (;;) {
      const page = await eventsPage(trx, after, pageSize);
      if (page.length === 0) break;
      const groups = groupByClient(page);
      const last = groups[groups.length - 1];
      // A full page may end in the middle of its last client: that client is read again,
      // whole, by the next page (or by itself when it alone fills a page).
      if (page.length === pageSize && last) {
        if (groups.length === 1) {
          addClient(await clientEvents(trx, last.clientId));
          after = last.clientId;
        } else {
          groups.pop();
          for (const g of groups) addClient(g.rows);
          after = groups[groups.length - 1]?.clientId ?? after;
        }
      } else {
        for (const g of groups) addClient(g.rows);
        after = last?.clientId ?? after;
      }
      await flush(false);
      if (page.length < pageSize) break;
    }
    await flush(true);
    return stats;
  });
  return { ...result, ms: Math.round(performance.now() - started) };
}

function eventsPage(
  trx: Transaction<AppDatabase>,
  after: string | null,
  limit: number,
): Promise<EventRow[]> {
  let query = trx
    .selectFrom('crm_events')
    .select(['client_id', 'employee_id', 'type', 'at'])
    .orderBy('client_id')
    .limit(limit);
  if (after !== null) query = query.where('client_id', '>', after);
  return query.execute();
}

function clientEvents(trx: Transaction<AppDatabase>, clientId: string): Promise<EventRow[]> {
  return trx
    .selectFrom('crm_events')
    .select(['client_id', 'employee_id', 'type', 'at'])
    .where('client_id', '=', clientId)
    .execute();
}

/** Consecutive rows of one client (the page is ordered by client_id). */
function groupByClient(rows: readonly EventRow[]): Array<{ clientId: string; rows: EventRow[] }> {
  const groups: Array<{ clientId: string; rows: EventRow[] }> = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current && current.clientId === row.client_id) current.rows.push(row);
    else groups.push({ clientId: row.client_id, rows: [row] });
  }
  return groups;
}
