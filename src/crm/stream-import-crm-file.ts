import type { Kysely, Transaction } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import type { AppDatabase } from '../store/database-schema.js';
import { readCrmFileRecords } from './crm-file-records.js';
import { crmFileCustomerSchema, crmFileSchema, type CrmFileCustomer } from './crm-file-schema.js';
import {
  newItemIdsSeen,
  prepareCustomerItems,
  writeCustomerItems,
} from './customer-items-import.js';
import {
  describeIssues,
  emptyToNull,
  sortByPath,
  type CrmImportResult,
  chunks,
} from './import-crm-file.js';
import { prepareRanking, writeRanking } from './ranking/ranking-import.js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import { prepareSelfService, writeSelfService } from './self-service-import.js';

/** Customers written together: one multi-row insert of 100, phones in lists of 500. */
const CHUNK = 1000;
/** Problems listed at most; the count of the rest follows. */
const MAX_PROBLEMS = 1000;

/** The top-level fields besides the customers, validated whole (they are small lists). */
const restOfFileSchema = crmFileSchema.omit({ customers: true });

/**
 * Imports a CRM file (docs/crm-file.md) of any size, JSON or JSON Lines, read as a stream:
 * memory holds one part of CHUNK customers, plus each customer id and number once (to
 * find the same id or number twice in the file), about 150 bytes a customer. Same rules and
 * messages as importCrmFile, in one transaction: every problem of the file is collected
 * (the first MAX_PROBLEMS listed) and any problem rolls everything back.
 *
 * The parts are written as they come. A number may move between two customers of the
 * file whichever comes first: numbers are written as "this number is now this customer's"
 * (insert, or update its owner), and a customer's old numbers are deleted before their new
 * ones are written. A number held by a customer outside the file is refused at the end,
 * once the file has said who is in it.
 */
export async function importCrmFileStream(
  db: Kysely<AppDatabase>,
  path: string,
  opts: { defaultRegion: CountryCode; ranking?: RankingSettings; now?: Date },
): Promise<CrmImportResult> {
  const settings = opts.ranking ?? DEFAULT_RANKING_SETTINGS;
  const nowMs = (opts.now ?? new Date()).getTime();
  const now = new Date().toISOString();
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  // Index in the file of each customer id and of each number (customer index × 64 + j).
  const firstIndexOfId = new Map<string, number>();
  const ownerOfPhone = new Map<string, number>();
  const phonePath = (code: number) => `customers[${Math.floor(code / 64)}].phones[${code % 64}]`;
  const itemIds = newItemIdsSeen();
  // Numbers that belonged to someone else when their new owner was written.
  const moved: Array<{ e164: string; from: string; code: number }> = [];
  const rest: Record<string, unknown> = {};
  let customers = 0;

  const result = await db.transaction().execute(async (trx) => {
    let part: Array<{ index: number; customer: CrmFileCustomer }> = [];
    const flush = async () => {
      if (part.length > 0) await writePart(trx, part);
      part = [];
    };

    const writePart = async (
      t: Transaction<AppDatabase>,
      rows: Array<{ index: number; customer: CrmFileCustomer }>,
    ) => {
      const phoneRows: Array<{ e164: string; customer_id: string; code: number }> = [];
      for (const { index, customer } of rows) {
        customer.phones.forEach((raw, j) => {
          const code = index * 64 + Math.min(j, 63);
          const e164 = normalizePhone(raw, opts.defaultRegion);
          if (!e164) return problem(`${phonePath(code)}: not a valid phone number`);
          const owner = ownerOfPhone.get(e164);
          if (owner !== undefined && Math.floor(owner / 64) !== index) {
            return problem(
              `${phonePath(code)}: same number as ${phonePath(owner)}; a number belongs to one customer`,
            );
          }
          if (owner !== undefined) return;
          ownerOfPhone.set(e164, code);
          phoneRows.push({ e164, customer_id: customer.id, code });
        });
      }
      // Nothing is written once the file is known to be bad: the transaction rolls back.
      if (problemCount > 0) return;
      for (const batch of chunks(rows, 100)) {
        await t
          .insertInto('customers')
          .values(
            batch.map(({ customer }) => ({
              id: customer.id,
              first_name: customer.firstName,
              last_name: emptyToNull(customer.lastName),
              patronymic: emptyToNull(customer.patronymic),
              language: customer.language ?? null,
              time_zone: emptyToNull(customer.timeZone),
              segment: emptyToNull(customer.segment),
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              first_name: eb.ref('excluded.first_name'),
              last_name: eb.ref('excluded.last_name'),
              patronymic: eb.ref('excluded.patronymic'),
              language: eb.ref('excluded.language'),
              time_zone: eb.ref('excluded.time_zone'),
              segment: eb.ref('excluded.segment'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      for (const batch of chunks(
        rows.map((r) => r.customer.id),
        500,
      )) {
        await t.deleteFrom('customer_phones').where('customer_id', 'in', batch).execute();
      }
      for (const batch of chunks(phoneRows, 500)) {
        const owners = await t
          .selectFrom('customer_phones')
          .select(['e164', 'customer_id'])
          .where(
            'e164',
            'in',
            batch.map((p) => p.e164),
          )
          .execute();
        const byPhone = new Map(batch.map((p) => [p.e164, p]));
        for (const o of owners) {
          const row = byPhone.get(o.e164)!;
          moved.push({ e164: o.e164, from: o.customer_id, code: row.code });
        }
        await t
          .insertInto('customer_phones')
          .values(batch.map(({ e164, customer_id }) => ({ e164, customer_id })))
          .onConflict((oc) =>
            oc
              .column('e164')
              .doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id') })),
          )
          .execute();
      }
      const first = rows[0]!.index;
      const items = prepareCustomerItems(
        { customers: rows.map((r) => r.customer) },
        { offset: first, seen: itemIds },
      );
      items.problems.forEach(problem);
      if (problemCount === 0) await writeCustomerItems(t, items.prepared);
    };

    for await (const record of readCrmFileRecords(path)) {
      if (record.kind === 'field') {
        rest[record.name] = record.value;
        continue;
      }
      customers += 1;
      const parsed = crmFileCustomerSchema.safeParse(record.value, { reportInput: true });
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          ...issue,
          path: ['customers', record.index, ...issue.path],
        }));
        describeIssues(issues).forEach(problem);
        continue;
      }
      const customer = parsed.data;
      const seenAt = firstIndexOfId.get(customer.id);
      if (seenAt !== undefined) {
        problem(`customers[${record.index}].id: same id as customers[${seenAt}]`);
        continue;
      }
      firstIndexOfId.set(customer.id, record.index);
      part.push({ index: record.index, customer });
      if (part.length >= CHUNK) await flush();
    }
    await flush();

    const { customers: list, ...others } = rest;
    if (list === undefined) problem('customers: required');
    else if (!Array.isArray(list)) problem('customers: expected array');
    const file = restOfFileSchema.safeParse(others, { reportInput: true });
    if (!file.success) describeIssues(file.error.issues).forEach(problem);
    // A number held by someone outside the file: moving it could leave them with none.
    for (const m of moved) {
      if (!firstIndexOfId.has(m.from)) {
        problem(
          `${phonePath(m.code)}: number already belongs to customer ${m.from}; ` +
            'add that customer to the file with their current numbers to move it',
        );
      }
    }
    if (problemCount > 0 || !file.success) throw invalid(problems, problemCount);

    const sections = { ...file.data, customers: [] };
    const selfService = prepareSelfService(sections, opts.defaultRegion);
    const ranking = prepareRanking(sections, settings, nowMs);
    [...selfService.problems, ...ranking.problems].forEach(problem);
    if (problemCount > 0) throw invalid(problems, problemCount);
    await writeSelfService(trx, selfService.prepared);
    await writeRanking(trx, ranking.prepared, settings);
    return {
      customers,
      phones: ownerOfPhone.size,
      ...(file.data.employees !== undefined && { employees: ranking.prepared.employees.length }),
      ...(file.data.events !== undefined && { events: ranking.prepared.events.length }),
    };
  });
  return result;
}

function invalid(problems: string[], count: number): CrmImportError {
  const listed = sortByPath(problems);
  if (count > listed.length) listed.push(`… and ${count - listed.length} more`);
  return new CrmImportError('The CRM file is not valid:', listed);
}
