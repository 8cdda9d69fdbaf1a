import type { Kysely } from 'kysely';
import { destinationSchema } from '../../flow/destination.js';
import type { EmployeeContact } from '../../flow/employee-data.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { absenceColumns, candidateDays, instantMs, isAvailable } from './employee-availability.js';

/**
 * The employee with this extension, if they can take a call at `at`: the same filters as
 * the ranking (not dismissed, not a technical account, not absent today and on shift in
 * their zone). One query on the unique extension index with the absence probes.
 */
export async function findEmployeeByExtension(
  db: Kysely<AppDatabase>,
  extension: string,
  at: string,
): Promise<EmployeeContact | null> {
  const atMs = instantMs(at);
  const days = candidateDays(atMs);
  const row = await db
    .selectFrom('employees as e')
    .select([
      'e.id',
      'e.first_name',
      'e.last_name',
      'e.patronymic',
      'e.extension',
      'e.destination',
      'e.time_zone',
      'e.working_hours',
      ...absenceColumns(days),
    ])
    .where('e.extension', '=', extension)
    .where('e.dismissed', '=', 0)
    .where('e.technical', '=', 0)
    .executeTakeFirst();
  if (!row || !isAvailable(row, days, atMs)) return null;
  const destination = destinationSchema.safeParse(row.destination);
  if (!destination.success) return null;
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    patronymic: row.patronymic,
    extension: row.extension,
    destination: destination.data,
  };
}
