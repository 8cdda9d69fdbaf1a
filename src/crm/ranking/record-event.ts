import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../store/database-schema.js';
import { sqliteWriterOf } from '../../store/open-sqlite.js';
import { eventLogTerm, logAddExp } from './decay.js';
import type { RankingEvent } from './ranking-event.js';
import { eventTypeOf, type RankingSettings } from './ranking-settings.js';

/** Rows per statement: 5 columns × 400 stays far below every bound-parameter limit. */
const CHUNK = 400;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Key of an aggregate. Each id is preceded by its length, so no ids, whatever their
 * characters, give the same key (cheaper than JSON, which a batch of a thousand felt).
 */
const keyOf = (e: RankingEvent) =>
  `${e.clientId.length}:${e.clientId}${e.employeeId.length}:${e.employeeId}${e.type}`;

type Terms = Map<string, { event: RankingEvent; logSum: number }>;

/** The events' terms, those of one aggregate combined, so each aggregate gets one upsert. */
function addTerm(terms: Terms, settings: RankingSettings, event: RankingEvent): void {
  const type = eventTypeOf(settings, event.type);
  if (!type) return; // checked before anything is written
  const term = eventLogTerm(type, Date.parse(event.at));
  const key = keyOf(event);
  const current = terms.get(key);
  if (current) current.logSum = logAddExp(current.logSum, term);
  else terms.set(key, { event, logSum: term });
}

/** The event insert; repeated ids change nothing (`returning` says which were new). */
function insertEvents(db: Kysely<AppDatabase>, batch: readonly RankingEvent[]) {
  return db
    .insertInto('crm_events')
    .values(
      batch.map((e) => ({
        id: e.id,
        type: e.type,
        client_id: e.clientId,
        employee_id: e.employeeId,
        at: e.at,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing());
}

/** The aggregates' upsert: log-add-exp of the stored log sum and the new one. */
function upsertScores(
  db: Kysely<AppDatabase>,
  batch: ReadonlyArray<{ event: RankingEvent; logSum: number }>,
) {
  return db
    .insertInto('client_employee_scores')
    .values(
      batch.map(({ event, logSum }) => ({
        client_id: event.clientId,
        employee_id: event.employeeId,
        event_type: event.type,
        log_sum: logSum,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['client_id', 'employee_id', 'event_type']).doUpdateSet((eb) => {
        // log-add-exp in SQL (ln, exp: SQLite's math functions and PostgreSQL's), so the
        // update is one atomic statement, safe against a concurrent writer:
        // max(a, b) + ln(1 + e^(−|a − b|)), which never overflows.
        const old = eb.ref('client_employee_scores.log_sum');
        const add = eb.ref('excluded.log_sum');
        const plusLn1pExp = (high: typeof old, low: typeof old) =>
          eb(
            high,
            '+',
            eb.fn<number>('ln', [
              eb(eb.lit<number>(1), '+', eb.fn<number>('exp', [eb(low, '-', high)])),
            ]),
          );
        return {
          log_sum: eb
            .case()
            .when(old, '>=', add)
            .then(plusLn1pExp(old, add))
            .else(plusLn1pExp(add, old))
            .end(),
        };
      }),
    );
}

/** Multi-row statements through Kysely: PostgreSQL, where a round trip costs most. */
async function recordThroughKysely(
  trx: Kysely<AppDatabase>,
  settings: RankingSettings,
  events: readonly RankingEvent[],
): Promise<number> {
  // Within one call the first occurrence of an id wins, as it does across calls.
  const byId = new Map<string, RankingEvent>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);

  // Only the events this insert actually added count: `returning` leaves out the ids
  // already recorded, which is what makes a repeated event change nothing.
  const terms: Terms = new Map();
  let added = 0;
  for (const batch of chunks([...byId.values()])) {
    const rows = await insertEvents(trx, batch).returning('id').execute();
    for (const { id } of rows) {
      const event = byId.get(id);
      if (!event) continue;
      added += 1;
      addTerm(terms, settings, event);
    }
  }
  for (const batch of chunks([...terms.values()])) await upsertScores(trx, batch).execute();
  return added;
}

/** The two statements, prepared once per SQLite handle. */
const prepared = new WeakMap<Database.Database, ReturnType<typeof prepareStatements>>();

function prepareStatements(trx: Kysely<AppDatabase>, handle: Database.Database) {
  // The SQL is Kysely's (one row), so both paths write with the same statements.
  const sample: RankingEvent = { id: '', type: '', clientId: '', employeeId: '', at: '' };
  const insert = insertEvents(trx, [sample]).compile();
  const upsert = upsertScores(trx, [{ event: sample, logSum: 0 }]).compile();
  if (insert.parameters.length !== 5 || upsert.parameters.length !== 4) {
    throw new Error('unexpected parameters in the ranking statements');
  }
  return { insert: handle.prepare(insert.sql), upsert: handle.prepare(upsert.sql) };
}

/**
 * One prepared statement run per event and per aggregate on the SQLite handle: SQLite
 * runs them in a few microseconds, where building a multi-row statement through Kysely
 * cost more than SQLite's work. An insert that changes nothing is an id already recorded
 * (earlier, or earlier in this batch: the first occurrence wins).
 */
function recordOnSqlite(
  trx: Kysely<AppDatabase>,
  handle: Database.Database,
  settings: RankingSettings,
  events: readonly RankingEvent[],
): number {
  let statements = prepared.get(handle);
  if (!statements) prepared.set(handle, (statements = prepareStatements(trx, handle)));
  const { insert, upsert } = statements;
  const terms: Terms = new Map();
  let added = 0;
  for (const e of events) {
    if (insert.run(e.id, e.type, e.clientId, e.employeeId, e.at).changes === 0) continue;
    added += 1;
    addTerm(terms, settings, e);
  }
  for (const { event, logSum } of terms.values()) {
    upsert.run(event.clientId, event.employeeId, event.type, logSum);
  }
  return added;
}

async function record(
  trx: Kysely<AppDatabase>,
  settings: RankingSettings,
  events: readonly RankingEvent[],
): Promise<number> {
  for (const e of events) {
    if (!eventTypeOf(settings, e.type)) {
      throw new Error(`unknown event type ${e.type}: check events before recording them`);
    }
  }
  const handle = sqliteWriterOf(trx);
  if (handle) return recordOnSqlite(trx, handle, settings, events);
  return recordThroughKysely(trx, settings, events);
}

/**
 * Records CRM events and updates the precomputed ranking incrementally: each new event is
 * inserted and its aggregate (client, employee, type) gets one log-add-exp upsert. An
 * event id already recorded (earlier, or earlier in `events`) changes nothing. Every type
 * must be known to `settings` (checkRankingEvent). Runs in one transaction, or inside the
 * caller's when given one (the CRM file import). Returns how many events were new.
 */
export async function recordEvents(
  db: Kysely<AppDatabase>,
  settings: RankingSettings,
  events: readonly RankingEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  if (db.isTransaction) return record(db, settings, events);
  return db.transaction().execute((trx) => record(trx, settings, events));
}
