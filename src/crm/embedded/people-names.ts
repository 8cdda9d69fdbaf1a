import type { Kysely } from 'kysely';
import type { PersonName } from '../../names/person-name.js';
import type { AppDatabase } from '../../store/database-schema.js';

/**
 * Every customer's and every employee still working's name, for the speech warm-up: their
 * name forms are synthesised ahead of time so greetings and the personal menu are cache
 * hits (docs/speech.md).
 */
export async function listPeopleNames(
  db: Kysely<AppDatabase>,
  /**
   * Only what an import just wrote: customers updated at or after `customersSince` (the
   * importer stamps `updated_at` with its start), and the employees only when it had some.
   */
  changed?: { customersSince: string; employees: boolean },
): Promise<{ customers: PersonName[]; employees: PersonName[] }> {
  const [customers, employees] = await Promise.all([
    db
      .selectFrom('customers')
      // Each name once: a million customers share far fewer names, and the warm-up holds
      // what it reads in memory.
      .select(['first_name', 'last_name', 'patronymic'])
      .distinct()
      .$if(changed !== undefined, (q) => q.where('updated_at', '>=', changed!.customersSince))
      .execute(),
    changed && !changed.employees
      ? Promise.resolve([])
      : db
          .selectFrom('employees')
          .select(['first_name', 'last_name', 'patronymic'])
          .distinct()
          .where('dismissed', '=', 0)
          .where('technical', '=', 0)
          .execute(),
  ]);
  const toName = (r: {
    first_name: string;
    last_name: string | null;
    patronymic: string | null;
  }) => ({
    firstName: r.first_name,
    lastName: r.last_name,
    patronymic: r.patronymic,
  });
  return { customers: customers.map(toName), employees: employees.map(toName) };
}
