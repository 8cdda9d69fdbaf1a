import type { Kysely } from 'kysely';
import { destinationSchema } from '../../flow/destination.js';
import type { RankedEmployee } from '../../flow/employee-data.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { compiledQuery, type Slots } from '../../store/compiled-query.js';
import { scoreAt } from './decay.js';
import { absenceColumns, candidateDays, instantMs, isAvailable } from './employee-availability.js';
import { eventTypeOf, type RankingSettings } from './ranking-settings.js';

/** Code-point order: the same in every database and locale. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Scores agreeing to 9 significant digits are a tie, broken by name: the incremental and
 * the rebuilt aggregates differ in the last bits (summation order), and the order must not.
 */
const rounded = (score: number) => Number(score.toPrecision(9));

/**
 * The employees dealing with a client, best first, at most `limit`, from the precomputed
 * ranking. One query: the client's aggregates (a range of the client_employee_scores
 * primary key) joined with employees by id, dismissed and technical accounts left out,
 * with three indexed absence probes. Then, per employee: the score at `at` (Σ over event
 * types of exp(log_sum − (t − T0)/h · ln 2)), absent today or off shift in the employee's
 * zone → out, score below minScore → out; sorted by score, then name.
 */
const clientAggregates = compiledQuery(
  (
    db: Kysely<AppDatabase>,
    p: Slots<{ clientId: string; before: string; utc: string; after: string }>,
  ) =>
    db
      .selectFrom('client_employee_scores as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .select([
        's.event_type',
        's.log_sum',
        'e.id',
        'e.first_name',
        'e.last_name',
        'e.patronymic',
        'e.extension',
        'e.destination',
        'e.time_zone',
        'e.working_hours',
        // The days are bound values of the absence probes: built once with their slots.
        ...absenceColumns({ before: p.before, utc: p.utc, after: p.after }),
      ])
      .where('s.client_id', '=', p.clientId)
      .where('e.dismissed', '=', 0)
      .where('e.technical', '=', 0),
);

export async function findRankedEmployees(
  db: Kysely<AppDatabase>,
  settings: RankingSettings,
  query: { clientId: string; at: string; limit: number },
): Promise<RankedEmployee[]> {
  if (query.limit <= 0) return [];
  const atMs = instantMs(query.at);
  const days = candidateDays(atMs);
  // Compiled once (the query is asked on every call of a known customer).
  const rows = await clientAggregates.rows(db, { clientId: query.clientId, ...days });

  // Rows come one per event type; an employee's rows share the employee columns.
  const scored = new Map<string, { row: (typeof rows)[number]; score: number }>();
  for (const row of rows) {
    const type = eventTypeOf(settings, row.event_type);
    // A type removed from the settings no longer counts (rebuild drops its rows).
    const score = type ? scoreAt(row.log_sum, type, atMs) : 0;
    const entry = scored.get(row.id);
    if (entry) entry.score += score;
    else scored.set(row.id, { row, score });
  }

  const ranked: RankedEmployee[] = [];
  for (const { row, score } of scored.values()) {
    if (score < settings.minScore) continue;
    if (!isAvailable(row, days, atMs)) continue;
    const destination = destinationSchema.safeParse(row.destination);
    if (!destination.success) continue;
    ranked.push({
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      patronymic: row.patronymic,
      extension: row.extension,
      destination: destination.data,
      score,
    });
  }
  const name = (e: RankedEmployee) => `${e.lastName ?? ''}\u0000${e.firstName}\u0000${e.id}`;
  return ranked
    .sort((a, b) => rounded(b.score) - rounded(a.score) || byCodePoint(name(a), name(b)))
    .slice(0, query.limit);
}
