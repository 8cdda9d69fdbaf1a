import type { Kysely } from 'kysely';
import type { RankingEvent } from '../../src/crm/ranking/ranking-event.js';
import type { CrmFileEmployee } from '../../src/crm/ranking/ranking-file-schema.js';
import { writeRanking } from '../../src/crm/ranking/ranking-import.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/crm/ranking/ranking-settings.js';
import { recordEvents } from '../../src/crm/ranking/record-event.js';
import type { AppDatabase } from '../../src/store/database-schema.js';

/** Mon–Fri 09:00–18:00. */
export const OFFICE_HOURS: CrmFileEmployee['workingHours'] = {
  mon: ['09:00', '18:00'],
  tue: ['09:00', '18:00'],
  wed: ['09:00', '18:00'],
  thu: ['09:00', '18:00'],
  fri: ['09:00', '18:00'],
};

/** Every day, all day. */
export const ALWAYS: CrmFileEmployee['workingHours'] = {
  mon: ['00:00', '24:00'],
  tue: ['00:00', '24:00'],
  wed: ['00:00', '24:00'],
  thu: ['00:00', '24:00'],
  fri: ['00:00', '24:00'],
  sat: ['00:00', '24:00'],
  sun: ['00:00', '24:00'],
};

let nextExtension = 200;

/** An available office-hours employee in Almaty, with a fresh extension. */
export function employee(id: string, over: Partial<CrmFileEmployee> = {}): CrmFileEmployee {
  nextExtension += 1;
  return {
    id,
    firstName: id,
    lastName: `Last ${id}`,
    extension: String(nextExtension),
    destination: `sip:${id}@pbx.example.kz`,
    timeZone: 'Asia/Almaty',
    workingHours: OFFICE_HOURS,
    ...over,
  };
}

/** Writes employees the way the CRM file import does. */
export async function addEmployees(
  db: Kysely<AppDatabase>,
  employees: CrmFileEmployee[],
): Promise<void> {
  await db
    .transaction()
    .execute((trx) => writeRanking(trx, { employees, events: [] }, DEFAULT_RANKING_SETTINGS));
}

let nextEvent = 0;

/** An event with a fresh id, `at` in UTC. */
export function event(
  type: string,
  clientId: string,
  employeeId: string,
  at: string,
  id = `ev-${(nextEvent += 1)}`,
): RankingEvent {
  return { id, type, clientId, employeeId, at: new Date(at).toISOString() };
}

/** Records events with the default settings, through the incremental path. */
export function record(db: Kysely<AppDatabase>, events: RankingEvent[]): Promise<number> {
  return recordEvents(db, DEFAULT_RANKING_SETTINGS, events);
}

/** Hours/days as milliseconds, and an instant moved by them. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export { seededRandom } from '../../src/lib/seeded-random.js';
