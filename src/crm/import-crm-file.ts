import { readFileSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { CrmImportError } from '../errors/crm-import-error.js';
import { customerRow, upsertCustomers } from './customer-import-writer.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import { crmFileSchema, type CrmFileCustomer } from './crm-file-schema.js';
import {
  prepareCustomerItems,
  writeCustomerItems,
  type PreparedCustomerItems,
} from './customer-items-import.js';
import { prepareRanking, writeRanking, type PreparedRanking } from './ranking/ranking-import.js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import {
  prepareSelfService,
  writeSelfService,
  type PreparedSelfService,
} from './self-service-import.js';
import type { AppDatabase } from '../store/database-schema.js';

/** What an import wrote. */
export interface CrmImportResult {
  customers: number;
  phones: number;
  /** Employees in the file; absent when the file has no `employees` section. */
  employees?: number;
  /** Events in the file (new or already recorded); absent without an `events` section. */
  events?: number;
}

/** A customer ready to write, with its phones normalised to E.164. */
interface ImportRow {
  customer: CrmFileCustomer;
  phones: string[];
}

/** `['customers', 2, 'phones', 0]` → `customers[2].phones[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(file)';
}

/**
 * Zod's messages, reworded for people editing a JSON file. Never includes the value:
 * the import error is printed and may be logged, and values are names and phones.
 */
export function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
    }
    const at = formatPath(issue.path);
    // A missing field is reported as a wrong type (or, for `version`, a wrong value).
    const missing = issue.code === 'invalid_type' || issue.code === 'invalid_value';
    if (missing && issue.input === undefined) return [`${at}: required`];
    if (issue.code === 'invalid_type') return [`${at}: expected ${issue.expected}`];
    if (issue.code === 'invalid_value') {
      return [`${at}: must be one of ${issue.values.map((v) => String(v)).join(', ')}`];
    }
    if (issue.code === 'too_small' && issue.origin === 'array') {
      return [`${at}: needs at least ${String(issue.minimum)} item(s)`];
    }
    if (issue.code === 'too_small' && issue.origin === 'string')
      return [`${at}: must not be empty`];
    return [`${at}: ${issue.message}`];
  });
}

export const emptyToNull = (text: string | null | undefined): string | null => (text ? text : null);

/** Paths of phone numbers that do not parse, found in a file that failed validation. */
function badPhones(data: unknown, defaultRegion: CountryCode): string[] {
  const customers = isRecord(data) && Array.isArray(data.customers) ? data.customers : [];
  return customers.flatMap((customer: unknown, i) => {
    const phones = isRecord(customer) && Array.isArray(customer.phones) ? customer.phones : [];
    return phones.flatMap((raw: unknown, j) =>
      typeof raw === 'string' && raw.trim() !== '' && !normalizePhone(raw, defaultRegion)
        ? [`customers[${i}].phones[${j}]: not a valid phone number`]
        : [],
    );
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** File order: `customers[2]…` before `customers[10]…`, a customer's fields together. */
export function sortByPath(issues: string[]): string[] {
  return [...issues].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The validated file: rows to write, and where each number was written in the file. */
interface PreparedFile {
  rows: ImportRow[];
  phonePaths: Map<string, string>;
  selfService: PreparedSelfService;
  items: PreparedCustomerItems;
  ranking: PreparedRanking;
  /** Which optional ranking sections the file has, to report their counts. */
  sections: { employees: boolean; events: boolean };
}

/**
 * Validates the whole file and normalises every phone, collecting every problem so one
 * run reports them all. A number written for two customers is an error: the CRM could not
 * tell who is calling. The same number twice for one customer is harmless and merged.
 */
function prepare(
  data: unknown,
  defaultRegion: CountryCode,
  ranking: { settings: RankingSettings; nowMs: number },
): PreparedFile {
  const parsed = crmFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    // Phone numbers are checked even then, so one run reports every problem of the file.
    const issues = [...describeIssues(parsed.error.issues), ...badPhones(data, defaultRegion)];
    throw new CrmImportError('The CRM file is not valid:', sortByPath(issues));
  }
  const problems: string[] = [];
  const ownerOfPhone = new Map<string, { customerId: string; at: string }>();
  const firstIndexOfId = new Map<string, number>();
  const rows = parsed.data.customers.map((customer, i) => {
    const seenAt = firstIndexOfId.get(customer.id);
    if (seenAt !== undefined) {
      problems.push(`customers[${i}].id: same id as customers[${seenAt}]`);
    } else {
      firstIndexOfId.set(customer.id, i);
    }
    const phones = new Set<string>();
    customer.phones.forEach((raw, j) => {
      const at = `customers[${i}].phones[${j}]`;
      const e164 = normalizePhone(raw, defaultRegion);
      if (!e164) {
        problems.push(`${at}: not a valid phone number`);
        return;
      }
      const owner = ownerOfPhone.get(e164);
      if (owner && owner.customerId !== customer.id) {
        problems.push(`${at}: same number as ${owner.at}; a number belongs to one customer`);
        return;
      }
      if (!owner) ownerOfPhone.set(e164, { customerId: customer.id, at });
      phones.add(e164);
    });
    return { customer, phones: [...phones] };
  });
  const selfService = prepareSelfService(parsed.data, defaultRegion);
  problems.push(...selfService.problems);
  const items = prepareCustomerItems(parsed.data);
  problems.push(...items.problems);
  const employeesAndEvents = prepareRanking(parsed.data, ranking.settings, ranking.nowMs);
  problems.push(...employeesAndEvents.problems);
  if (problems.length > 0) throw new CrmImportError('The CRM file is not valid:', problems);
  const phonePaths = new Map([...ownerOfPhone].map(([e164, owner]) => [e164, owner.at]));
  return {
    rows,
    phonePaths,
    selfService: selfService.prepared,
    items: items.prepared,
    ranking: employeesAndEvents.prepared,
    sections: {
      employees: parsed.data.employees !== undefined,
      events: parsed.data.events !== undefined,
    },
  };
}

/** Splits long lists so `in (…)` stays under every database's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports a CRM file (docs/crm-file.md) into the embedded CRM: creates or updates each
 * customer by id and replaces that customer's phone numbers with the file's, all in one
 * transaction, so a bad file changes nothing. Customers absent from the file are kept.
 * A customer's item sections (orders, claims, …) replace that kind of their items, and
 * their account facts replace the ones on file; sections left out keep what is there.
 * Importing the same file again leaves the same data. Numbers without a country code are
 * read in `defaultRegion`. Throws CrmImportError naming every bad field, including a
 * number that already belongs to a customer who is in the CRM but not in the file.
 * Employees and events (docs/employee-ranking.md) go in the same transaction; events are
 * recorded through the incremental ranking path with `ranking` (default: the shipped
 * settings) and must not be dated after `now` (default: the system clock).
 */
export async function importCrmFile(
  db: Kysely<AppDatabase>,
  data: unknown,
  opts: { defaultRegion: CountryCode; ranking?: RankingSettings; now?: Date },
): Promise<CrmImportResult> {
  const settings = opts.ranking ?? DEFAULT_RANKING_SETTINGS;
  const nowMs = (opts.now ?? new Date()).getTime();
  const { rows, phonePaths, selfService, items, ranking, sections } = prepare(
    data,
    opts.defaultRegion,
    { settings, nowMs },
  );
  const ids = rows.map((r) => r.customer.id);
  const inFile = new Set(ids);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    // Moving a number silently could leave its old owner with no number at all (which the
    // file format cannot express), so a number held by someone outside the file is refused.
    const taken: string[] = [];
    for (const batch of chunks([...phonePaths.keys()])) {
      const owners = await trx
        .selectFrom('customer_phones')
        .select(['e164', 'customer_id'])
        .where('e164', 'in', batch)
        .execute();
      for (const o of owners) {
        if (!inFile.has(o.customer_id)) {
          taken.push(
            `${phonePaths.get(o.e164) ?? o.e164}: number already belongs to customer ${o.customer_id}; ` +
              'add that customer to the file with their current numbers to move it',
          );
        }
      }
    }
    if (taken.length > 0) throw new CrmImportError('The CRM file is not valid:', sortByPath(taken));

    const customerRows = rows.map(({ customer }) => customerRow(customer, now));
    for (const batch of chunks(customerRows, 100)) await upsertCustomers(trx, batch).execute();
    // All old numbers go before any new one is written: a number may move between two
    // customers of the same file.
    for (const batch of chunks(ids)) {
      await trx.deleteFrom('customer_phones').where('customer_id', 'in', batch).execute();
    }
    const phoneRows = rows.flatMap((r) =>
      r.phones.map((e164) => ({ e164, customer_id: r.customer.id })),
    );
    for (const batch of chunks(phoneRows)) {
      await trx.insertInto('customer_phones').values(batch).execute();
    }
    await writeCustomerItems(trx, items);
    await writeSelfService(trx, selfService);
    await writeRanking(trx, ranking, settings);
  });
  return {
    customers: rows.length,
    phones: phonePaths.size,
    // Counts of optional sections only when present, so a customers-only import reports as before.
    ...(sections.employees && { employees: ranking.employees.length }),
    ...(sections.events && { events: ranking.events.length }),
  };
}

/**
 * Reads and JSON-parses a CRM file. Throws CrmImportError when the file cannot be read or
 * is not JSON (the parser's position helps find the typo). Validation is importCrmFile's.
 */
export function readCrmFile(path: string | URL): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CrmImportError(
      `Cannot read the CRM file ${String(path)}: ${(err as Error).message}`,
      [],
      {
        hint: 'Check the path (relative paths start from the current folder).',
      },
    );
  }
  try {
    // A BOM is common in files saved by spreadsheet tools and JSON.parse rejects it.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new CrmImportError(
      `The CRM file ${String(path)} is not valid JSON: ${(err as Error).message}`,
    );
  }
}
