import type { Kysely, Transaction } from 'kysely';
import type { AppDatabase } from '../../store/database-schema.js';
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

/** Key of an aggregate; JSON so that no id, whatever its characters, can collide. */
const keyOf = (e: RankingEvent) => JSON.stringify([e.clientId, e.employeeId, e.type]);

async function record(
  trx: Transaction<AppDatabase> | Kysely<AppDatabase>,
  settings: RankingSettings,
  events: readonly RankingEvent[],
): Promise<number> {
  // Within one call the first occurrence of an id wins, as it does across calls.
  const byId = new Map<string, RankingEvent>();
  for (const e of events) {
    if (!eventTypeOf(settings, e.type)) {
      throw new Error(`unknown event type ${e.type}: check events before recording them`);
    }
    if (!byId.has(e.id)) byId.set(e.id, e);
  }

  // Only the events this insert actually added count: `returning` leaves out the ids
  // already recorded, which is what makes a repeated event change nothing.
  const added: RankingEvent[] = [];
  for (const batch of chunks([...byId.values()])) {
    const rows = await trx
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
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const { id } of rows) {
      const event = byId.get(id);
      if (event) added.push(event);
    }
  }

  // Events of one aggregate are combined here first, so each aggregate gets one upsert.
  const terms = new Map<string, { event: RankingEvent; logSum: number }>();
  for (const event of added) {
    const type = eventTypeOf(settings, event.type);
    if (!type) continue; // checked above
    const term = eventLogTerm(type, Date.parse(event.at));
    const key = keyOf(event);
    const current = terms.get(key);
    if (current) current.logSum = logAddExp(current.logSum, term);
    else terms.set(key, { event, logSum: term });
  }

  for (const batch of chunks([...terms.values()])) {
    await trx
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
      )
      .execute();
  }
  return added.length;
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
