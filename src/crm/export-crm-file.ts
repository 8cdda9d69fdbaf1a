import type { Kysely } from 'kysely';
import { languageSchema } from '../flow/language.js';
import type { CrmFile, CrmFileCustomer } from './crm-file-schema.js';
import { exportCustomerItems } from './customer-items-import.js';
import { exportRanking } from './ranking/ranking-import.js';
import { exportSelfService } from './self-service-import.js';
import type { AppDatabase } from '../store/database-schema.js';

/**
 * The whole customer base as a CRM file (docs/crm-file.md): customers sorted by id, phones
 * in E.164 and sorted, unknown fields left out, each customer's items by id; employees by
 * id and events by time. Stable output, so exports diff cleanly, and importing it back
 * gives the same data.
 */
export async function exportCrmFile(db: Kysely<AppDatabase>): Promise<CrmFile> {
  // Sorted here, by code point, not with ORDER BY: PostgreSQL sorts text by locale, SQLite
  // by bytes, and the file must come out the same from both.
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const customers = (await db.selectFrom('customers').selectAll().execute()).sort((a, b) =>
    byCodePoint(a.id, b.id),
  );
  const phones = await db.selectFrom('customer_phones').select(['customer_id', 'e164']).execute();
  const phonesOf = new Map<string, string[]>();
  for (const p of phones) {
    const list = phonesOf.get(p.customer_id);
    if (list) list.push(p.e164);
    else phonesOf.set(p.customer_id, [p.e164]);
  }
  for (const list of phonesOf.values()) list.sort(byCodePoint);
  const items = await exportCustomerItems(db);
  const { contracts, outages } = await exportSelfService(db);
  const { employees, events } = await exportRanking(db);
  return {
    version: 1,
    // Sections that are empty are left out, so a customers-only CRM exports as before.
    ...(contracts?.length ? { contracts } : {}),
    ...(outages?.length ? { outages } : {}),
    customers: customers.map((c): CrmFileCustomer => {
      const language = languageSchema.safeParse(c.language);
      // Unknown fields are left out rather than written as null: shorter, and the order
      // below is the documented one: phones after the customer's fields, then the item
      // sections and account facts the customer has.
      return {
        id: c.id,
        firstName: c.first_name,
        ...(c.last_name !== null && { lastName: c.last_name }),
        ...(c.patronymic !== null && { patronymic: c.patronymic }),
        ...(language.success && { language: language.data }),
        ...(c.time_zone !== null && { timeZone: c.time_zone }),
        ...(c.segment !== null && { segment: c.segment }),
        phones: phonesOf.get(c.id) ?? [],
        ...items.get(c.id),
      };
    }),
    ...(employees?.length ? { employees } : {}),
    ...(events?.length ? { events } : {}),
  };
}
