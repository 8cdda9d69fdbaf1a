import type { Kysely, Transaction } from 'kysely';
import { CrmImportError } from '../../errors/crm-import-error.js';
import type { CrmFile } from '../crm-file-schema.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { checkRankingEvent, toRankingEvent, type RankingEvent } from './ranking-event.js';
import {
  crmFileAbsenceSchema,
  type CrmFileAbsence,
  type CrmFileEmployee,
  type CrmFileEvent,
} from './ranking-file-schema.js';
import type { RankingSettings } from './ranking-settings.js';
import { recordEvents } from './record-event.js';
import { parseWorkingHours, WEEKDAYS, type WorkingHours } from './working-hours.js';

/** Employees and events of a CRM file, checked and ready to write. */
export interface PreparedRanking {
  employees: CrmFileEmployee[];
  events: RankingEvent[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Splits long lists so `in (…)` and multi-row inserts stay under bound-parameter limits. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A stored kind the file format does not know (edited by hand) is exported as `other`. */
function absenceKind(kind: string): CrmFileAbsence['kind'] {
  const parsed = crmFileAbsenceSchema.shape.kind.safeParse(kind);
  return parsed.success ? parsed.data : 'other';
}

/**
 * Checks what zod cannot: duplicate ids and extensions, absences ending before they start,
 * event types the ranking settings do not know, events in the future (after `nowMs`).
 */
export function prepareRanking(
  file: CrmFile,
  settings: RankingSettings,
  nowMs: number,
): { prepared: PreparedRanking; problems: string[] } {
  const problems: string[] = [];
  const employees = file.employees ?? [];
  const ids = new Map<string, number>();
  const extensions = new Map<string, number>();
  employees.forEach((employee, i) => {
    const sameId = ids.get(employee.id);
    if (sameId !== undefined) problems.push(`employees[${i}].id: same id as employees[${sameId}]`);
    else ids.set(employee.id, i);
    const sameExtension = extensions.get(employee.extension);
    if (sameExtension !== undefined) {
      problems.push(`employees[${i}].extension: same extension as employees[${sameExtension}]`);
    } else extensions.set(employee.extension, i);
    const starts = new Map<string, number>();
    (employee.absences ?? []).forEach((absence, j) => {
      const at = `employees[${i}].absences[${j}]`;
      if (absence.endsOn < absence.startsOn) problems.push(`${at}.endsOn: before startsOn`);
      const sameStart = starts.get(absence.startsOn);
      if (sameStart !== undefined) {
        problems.push(`${at}.startsOn: same day as absences[${sameStart}]`);
      } else starts.set(absence.startsOn, j);
    });
  });
  const events = (file.events ?? []).map((input: CrmFileEvent, i) => {
    const event = toRankingEvent(input);
    for (const problem of checkRankingEvent(event, settings, nowMs)) {
      problems.push(`events[${i}].${problem}`);
    }
    return event;
  });
  return { prepared: { employees, events }, problems };
}

/**
 * Writes employees (replaced whole by id, absences included) and records the events
 * through the same incremental path as the HTTP endpoint, so a re-import of the same
 * events changes nothing. Employees not in the file are kept. An extension held by an
 * employee outside the file is refused, as a phone number is: moving it silently would
 * leave that employee unreachable.
 */
export async function writeRanking(
  trx: Transaction<AppDatabase>,
  { employees, events }: PreparedRanking,
  settings: RankingSettings,
): Promise<number> {
  if (employees.length > 0) {
    const inFile = new Set(employees.map((e) => e.id));
    const indexOf = new Map(employees.map((e, i) => [e.extension, i]));
    const taken: string[] = [];
    for (const batch of chunks([...indexOf.keys()], 500)) {
      const holders = await trx
        .selectFrom('employees')
        .select(['id', 'extension'])
        .where('extension', 'in', batch)
        .execute();
      for (const h of holders) {
        if (inFile.has(h.id)) continue;
        const at = `employees[${indexOf.get(h.extension) ?? '?'}].extension`;
        taken.push(`${at}: extension already belongs to employee ${h.id}`);
      }
    }
    if (taken.length > 0) throw new CrmImportError('The CRM file is not valid:', taken);
    // Delete then insert rather than upsert: two employees of the file may swap extensions,
    // which the unique index would refuse halfway through a row-by-row update. Absences go
    // with them (cascade) and come back from the file.
    for (const batch of chunks([...inFile], 500)) {
      await trx.deleteFrom('employees').where('id', 'in', batch).execute();
    }
    const rows = employees.map((e) => ({
      id: e.id,
      first_name: e.firstName,
      last_name: e.lastName ? e.lastName : null,
      patronymic: e.patronymic ? e.patronymic : null,
      extension: e.extension,
      destination: e.destination,
      time_zone: e.timeZone,
      working_hours: JSON.stringify(orderedHours(e.workingHours)),
      dismissed: e.dismissed ? 1 : 0,
      technical: e.technical ? 1 : 0,
    }));
    for (const batch of chunks(rows, 200)) {
      await trx.insertInto('employees').values(batch).execute();
    }
    const absences = employees.flatMap((e) =>
      (e.absences ?? []).map((a) => ({
        employee_id: e.id,
        starts_on: a.startsOn,
        ends_on: a.endsOn,
        kind: a.kind,
      })),
    );
    for (const batch of chunks(absences, 500)) {
      await trx.insertInto('employee_absences').values(batch).execute();
    }
  }
  return recordEvents(trx, settings, events);
}

/** Working hours in week order, for a stable export. */
function orderedHours(hours: WorkingHours | null): WorkingHours {
  const out: WorkingHours = {};
  for (const day of WEEKDAYS) if (hours?.[day]) out[day] = hours[day];
  return out;
}

/** Employees (by id) and events (by time, then id) as CRM file sections. */
export async function exportRanking(
  db: Kysely<AppDatabase>,
): Promise<Pick<CrmFile, 'employees' | 'events'>> {
  const [employees, absences, events] = await Promise.all([
    db.selectFrom('employees').selectAll().execute(),
    db.selectFrom('employee_absences').selectAll().execute(),
    db.selectFrom('crm_events').selectAll().execute(),
  ]);
  return {
    employees: employees
      .sort((a, b) => byCodePoint(a.id, b.id))
      .map((e): CrmFileEmployee => {
        const own = absences
          .filter((a) => a.employee_id === e.id)
          .sort((a, b) => byCodePoint(a.starts_on, b.starts_on));
        return {
          id: e.id,
          firstName: e.first_name,
          ...(e.last_name !== null && { lastName: e.last_name }),
          ...(e.patronymic !== null && { patronymic: e.patronymic }),
          extension: e.extension,
          destination: e.destination,
          timeZone: e.time_zone,
          workingHours: orderedHours(parseWorkingHours(e.working_hours)),
          ...(e.dismissed === 1 && { dismissed: true }),
          ...(e.technical === 1 && { technical: true }),
          ...(own.length > 0 && {
            absences: own.map((a) => ({
              startsOn: a.starts_on,
              endsOn: a.ends_on,
              kind: absenceKind(a.kind),
            })),
          }),
        };
      }),
    events: events
      .sort((a, b) => byCodePoint(a.at, b.at) || byCodePoint(a.id, b.id))
      .map((e) => ({
        id: e.id,
        type: e.type,
        clientId: e.client_id,
        employeeId: e.employee_id,
        at: e.at,
      })),
  };
}
