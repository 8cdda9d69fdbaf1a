import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import type { CrmFileCustomer } from './crm-file-schema.js';
import { chunks, emptyToNull } from './import-crm-file.js';

/** A valid customer of a streamed file, with its numbers normalised and new to the file. */
export interface ImportedCustomer {
  /** Its index in the file. */
  index: number;
  customer: CrmFileCustomer;
  /** E.164 numbers, each with its place in the file (customer index × 64 + j). */
  phones: Array<{ e164: string; code: number }>;
}

/**
 * Where the streamed import (importCrmFileStream) keeps what it must remember of the
 * whole file and writes customers with their numbers, inside the import's transaction.
 * Validation and messages stay with the import; a writer only stores and answers.
 */
export interface CustomerImportWriter {
  /** Notes that customer `index` has `id`; the index of an earlier one with that id, if any. */
  claimId(id: string, index: number): number | undefined;
  /** Notes where the file gives `e164` (code); the code of its first place, if any. */
  claimPhone(e164: string, code: number): number | undefined;
  /**
   * Creates or updates the customers and makes each number theirs, replacing their old
   * numbers. A number held by someone else until now is remembered (see takenFromOutside).
   */
  write(part: readonly ImportedCustomer[]): Promise<void>;
  /** Numbers written that belonged to a customer who is not in the file: code and owner. */
  takenFromOutside(): Array<{ code: number; from: string }>;
  /** How many distinct numbers the file has. */
  phoneCount(): number;
  /** Leaves the database as it was apart from the data (after write, before commit). */
  finish(): Promise<void>;
}

/**
 * The writer for any database Kysely speaks to (PostgreSQL): the file's ids and numbers in
 * memory (about 150 bytes a customer), customers and numbers in multi-row statements, so
 * a part costs a few round trips.
 */
export function kyselyCustomerImportWriter(
  trx: Kysely<AppDatabase>,
  now: string,
): CustomerImportWriter {
  const firstIndexOfId = new Map<string, number>();
  const ownerOfPhone = new Map<string, number>();
  const moved: Array<{ code: number; from: string }> = [];
  return {
    claimId(id, index) {
      const seen = firstIndexOfId.get(id);
      if (seen === undefined) firstIndexOfId.set(id, index);
      return seen;
    },
    claimPhone(e164, code) {
      const seen = ownerOfPhone.get(e164);
      if (seen === undefined) ownerOfPhone.set(e164, code);
      return seen;
    },
    async write(part) {
      for (const batch of chunks(part, 100)) {
        await upsertCustomers(
          trx,
          batch.map(({ customer }) => customerRow(customer, now)),
        ).execute();
      }
      for (const batch of chunks(
        part.map((r) => r.customer.id),
        500,
      )) {
        await trx.deleteFrom('customer_phones').where('customer_id', 'in', batch).execute();
      }
      const phoneRows = part.flatMap(({ customer, phones }) =>
        phones.map(({ e164, code }) => ({ e164, customer_id: customer.id, code })),
      );
      for (const batch of chunks(phoneRows, 500)) {
        const owners = await trx
          .selectFrom('customer_phones')
          .select(['e164', 'customer_id'])
          .where(
            'e164',
            'in',
            batch.map((p) => p.e164),
          )
          .execute();
        const byPhone = new Map(batch.map((p) => [p.e164, p]));
        for (const o of owners)
          moved.push({ code: byPhone.get(o.e164)!.code, from: o.customer_id });
        await upsertPhones(
          trx,
          batch.map(({ e164, customer_id }) => ({ e164, customer_id })),
        ).execute();
      }
    },
    takenFromOutside: () => moved.filter((m) => !firstIndexOfId.has(m.from)),
    phoneCount: () => ownerOfPhone.size,
    finish: () => Promise.resolve(),
  };
}

/** The `customers` row of a file's customer, dated `now`. */
export function customerRow(customer: CrmFileCustomer, now: string) {
  return {
    id: customer.id,
    first_name: customer.firstName,
    last_name: emptyToNull(customer.lastName),
    patronymic: emptyToNull(customer.patronymic),
    language: customer.language ?? null,
    time_zone: emptyToNull(customer.timeZone),
    segment: emptyToNull(customer.segment),
    created_at: now,
    updated_at: now,
  };
}

/** Creates or updates customers by id; created_at stays: it says when one first arrived. */
export function upsertCustomers(
  trx: Kysely<AppDatabase>,
  rows: ReadonlyArray<ReturnType<typeof customerRow>>,
) {
  return trx
    .insertInto('customers')
    .values(rows)
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
    );
}

/** Makes each number its customer's: inserted, or its owner changed. */
export function upsertPhones(
  trx: Kysely<AppDatabase>,
  rows: ReadonlyArray<{ e164: string; customer_id: string }>,
) {
  return trx
    .insertInto('customer_phones')
    .values(rows)
    .onConflict((oc) =>
      oc.column('e164').doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id') })),
    );
}
