import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { normalizePhoneUncached } from '../lib/normalize-phone.js';
import type { AppDatabase } from '../store/database-schema.js';
import { sqliteWriterOf } from '../store/open-sqlite.js';
import { readCrmFileRecords } from './crm-file-records.js';
import { kyselyCustomerImportWriter, type ImportedCustomer } from './customer-import-writer.js';
import { crmFileCustomerSchema, crmFileSchema, type CrmFileCustomer } from './crm-file-schema.js';
import {
  newItemIdsSeen,
  prepareCustomerItems,
  writeCustomerItems,
} from './customer-items-import.js';
import { describeIssues, sortByPath, type CrmImportResult } from './import-crm-file.js';
import { prepareRanking, writeRanking } from './ranking/ranking-import.js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import { prepareSelfService, writeSelfService } from './self-service-import.js';
import { sqliteCustomerImportWriter } from './sqlite-customer-import-writer.js';

/** Customers validated, then written, together (their items prepared together too). */
const CHUNK = 1000;
/** Problems listed at most; the count of the rest follows. */
const MAX_PROBLEMS = 1000;

/** The top-level fields besides the customers, validated whole (they are small lists). */
const restOfFileSchema = crmFileSchema.omit({ customers: true });

/**
 * Imports a CRM file (docs/crm-file.md) of any size, JSON or JSON Lines, read as a stream:
 * memory holds one part of CHUNK customers. Each customer id and number of the file is
 * remembered, to find one given twice: in temporary tables on SQLite (so memory does not
 * grow with the file; sqliteCustomerImportWriter), in memory elsewhere (about 150 bytes a
 * customer). Same rules and messages as importCrmFile, in one transaction: every problem
 * of the file is collected (the first MAX_PROBLEMS listed) and any problem rolls
 * everything back.
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
  const phonePath = (code: number) => `customers[${Math.floor(code / 64)}].phones[${code % 64}]`;
  const itemIds = newItemIdsSeen();
  const rest: Record<string, unknown> = {};
  let customers = 0;

  return db.transaction().execute(async (trx) => {
    const handle = sqliteWriterOf(trx);
    const sqlite = handle ? sqliteCustomerImportWriter(trx, handle, now) : null;
    const writer = sqlite ?? kyselyCustomerImportWriter(trx, now);
    try {
      let part: ImportedCustomer[] = [];
      const flush = async () => {
        // Nothing is written once the file is known to be bad: the transaction rolls back.
        if (part.length > 0 && problemCount === 0) {
          await writer.write(part);
          // Most files have no items: their parts skip the items' preparation altogether.
          if (part.some(({ customer }) => hasItems(customer))) {
            const items = prepareCustomerItems(
              { customers: part.map((r) => r.customer) },
              { offset: part[0]!.index, seen: itemIds },
            );
            items.problems.forEach(problem);
            if (problemCount === 0) await writeCustomerItems(trx, items.prepared);
          }
        }
        part = [];
      };

      for await (const record of readCrmFileRecords(path)) {
        if (record.kind === 'field') {
          rest[record.name] = record.value;
          continue;
        }
        customers += 1;
        const index = record.index;
        const parsed = crmFileCustomerSchema.safeParse(record.value, { reportInput: true });
        if (!parsed.success) {
          const issues = parsed.error.issues.map((issue) => ({
            ...issue,
            path: ['customers', index, ...issue.path],
          }));
          describeIssues(issues).forEach(problem);
          continue;
        }
        const customer = parsed.data;
        const seenAt = writer.claimId(customer.id, index);
        if (seenAt !== undefined) {
          problem(`customers[${index}].id: same id as customers[${seenAt}]`);
          continue;
        }
        const phones: ImportedCustomer['phones'] = [];
        customer.phones.forEach((raw, j) => {
          const code = index * 64 + Math.min(j, 63);
          const e164 = normalizePhoneUncached(raw, opts.defaultRegion);
          if (!e164) return problem(`${phonePath(code)}: not a valid phone number`);
          const first = writer.claimPhone(e164, code);
          if (first === undefined) phones.push({ e164, code });
          // The same number twice for one customer is harmless and merged.
          else if (Math.floor(first / 64) !== index) {
            problem(
              `${phonePath(code)}: same number as ${phonePath(first)}; a number belongs to one customer`,
            );
          }
        });
        part.push({ index, customer, phones });
        if (part.length >= CHUNK) await flush();
      }
      await flush();

      const { customers: list, ...others } = rest;
      if (list === undefined) problem('customers: required');
      else if (!Array.isArray(list)) problem('customers: expected array');
      const file = restOfFileSchema.safeParse(others, { reportInput: true });
      if (!file.success) describeIssues(file.error.issues).forEach(problem);
      // A number held by someone outside the file: moving it could leave them with none.
      for (const m of writer.takenFromOutside()) {
        problem(
          `${phonePath(m.code)}: number already belongs to customer ${m.from}; ` +
            'add that customer to the file with their current numbers to move it',
        );
      }
      if (problemCount > 0 || !file.success) throw invalid(problems, problemCount);

      const sections = { ...file.data, customers: [] };
      const selfService = prepareSelfService(sections, opts.defaultRegion);
      const ranking = prepareRanking(sections, settings, nowMs);
      [...selfService.problems, ...ranking.problems].forEach(problem);
      if (problemCount > 0) throw invalid(problems, problemCount);
      const phones = writer.phoneCount();
      await writer.finish();
      await writeSelfService(trx, selfService.prepared);
      await writeRanking(trx, ranking.prepared, settings);
      return {
        customers,
        phones,
        ...(file.data.employees !== undefined && { employees: ranking.prepared.employees.length }),
        ...(file.data.events !== undefined && { events: ranking.prepared.events.length }),
      };
    } finally {
      sqlite?.close();
    }
  });
}

/** Whether a customer has item sections or account facts to write. */
function hasItems(customer: CrmFileCustomer): boolean {
  return (
    customer.account !== undefined ||
    customer.orders !== undefined ||
    customer.claims !== undefined ||
    customer.cardTransactions !== undefined ||
    customer.appointments !== undefined ||
    customer.tickets !== undefined
  );
}

function invalid(problems: string[], count: number): CrmImportError {
  const listed = sortByPath(problems);
  if (count > listed.length) listed.push(`… and ${count - listed.length} more`);
  return new CrmImportError('The CRM file is not valid:', listed);
}
