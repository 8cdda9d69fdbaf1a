import { expressionBuilder, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import type { AppDatabase, EmployeesTable } from '../../store/database-schema.js';
import { isOnShift, parseWorkingHours } from './working-hours.js';

/** The employees table under the alias the call-time queries use. */
type WithEmployee = AppDatabase & { e: EmployeesTable };

const DAY_MS = 86_400_000;

/** Parses an ISO instant; a bad one is a programming error of the caller. */
export function instantMs(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 instant: ${at}`);
  return ms;
}

/**
 * The days that can be "today" somewhere at instant `atMs`: UTC offsets run from −12:00 to
 * +14:00, so the local date is the UTC date, the day before or the day after.
 */
export interface CandidateDays {
  before: string;
  utc: string;
  after: string;
}

export function candidateDays(atMs: number): CandidateDays {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { before: day(atMs - DAY_MS), utc: day(atMs), after: day(atMs + DAY_MS) };
}

/** `exists (an absence of employee e covering day)`, correlated on the `e` alias. */
function absentOn(day: string) {
  const eb = expressionBuilder<WithEmployee, 'e'>();
  return eb.exists(
    eb
      .selectFrom('employee_absences as a')
      .select(eb.lit(1).as('one'))
      .whereRef('a.employee_id', '=', 'e.id')
      .where('a.starts_on', '<=', day)
      .where('a.ends_on', '>=', day),
  );
}

function buildAbsenceColumns(days: CandidateDays) {
  return [
    absentOn(days.before).as('absent_before'),
    absentOn(days.utc).as('absent_utc'),
    absentOn(days.after).as('absent_after'),
  ] as const;
}

/** The columns for the latest day asked: calls of one day share them (saves ~20 µs a call). */
let lastColumns: { utc: string; columns: ReturnType<typeof buildAbsenceColumns> } | null = null;

/**
 * Three indexed probes of employee_absences, one per candidate day, as columns. SQL has no
 * portable time-zone conversion, so the query cannot know which of the three days is
 * "today" for an employee; the caller picks it with luxon in the employee's zone
 * (isAvailable). The primary key (employee_id, starts_on) serves each probe.
 */
export function absenceColumns(days: CandidateDays): ReturnType<typeof buildAbsenceColumns> {
  if (lastColumns?.utc !== days.utc) {
    lastColumns = { utc: days.utc, columns: buildAbsenceColumns(days) };
  }
  return lastColumns.columns;
}

/** What the availability check needs from a query row. */
export interface AvailabilityRow {
  time_zone: string;
  working_hours: string;
  absent_before: SqlBool;
  absent_utc: SqlBool;
  absent_after: SqlBool;
}

/** SQLite answers exists with 0/1, PostgreSQL with a boolean. */
const truthy = (value: SqlBool) => value === true || value === 1;

/**
 * Whether the employee can take a call at `atMs`: not absent today and on shift, both in
 * the employee's own zone. An unknown zone or unreadable working hours mean "not available":
 * a caller is better sent to the operator than to someone who may be asleep.
 */
export function isAvailable(row: AvailabilityRow, days: CandidateDays, atMs: number): boolean {
  const local = DateTime.fromMillis(atMs, { zone: row.time_zone });
  if (!local.isValid) return false;
  const today = local.toISODate();
  const absent =
    today === days.utc
      ? row.absent_utc
      : today === days.before
        ? row.absent_before
        : today === days.after
          ? row.absent_after
          : true;
  if (truthy(absent)) return false;
  const hours = parseWorkingHours(row.working_hours);
  return hours !== null && isOnShift(hours, local);
}
