import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import {
  customerRow,
  upsertCustomers,
  upsertPhones,
  type CustomerImportWriter,
} from './customer-import-writer.js';

/**
 * Page caches during an import, KiB (SQLite's unit when negative): the main database's
 * larger than usual, so the tables and indexes being filled stay in memory instead of
 * being read back from the WAL; the temporary tables' smaller (they are appended to and
 * probed by key). Both within the import's memory budget (docs/performance.md).
 */
const IMPORT_CACHE_KIB = 24 * 1024;
const TEMP_CACHE_KIB = 8 * 1024;

/** The file's ids and numbers, kept by SQLite (on disk, paged) instead of in the heap. */
const TEMP_TABLES = [
  'create temp table crm_import_ids (id text primary key, idx integer not null) without rowid',
  'create temp table crm_import_phones (e164 text primary key, code integer not null) without rowid',
];

/**
 * The embedded CRM's writer for the streamed import: prepared statements run one row at a
 * time on the better-sqlite3 handle of the import's transaction (a statement costs SQLite
 * a few microseconds; building multi-row statements through Kysely cost more than that).
 * The ids and numbers already seen live in two temporary tables, so memory does not grow
 * with the file (a million customers held in Maps took 200 MB). Into an empty
 * `customer_phones` (a first import) the secondary indexes are dropped and built once at
 * the end, and old numbers are neither searched nor deleted: there are none.
 *
 * `handle` must be the writer of the open transaction `trx` (sqliteWriterOf). `close()`
 * restores the connection's cache size, whether the import committed or not; the rest
 * (temporary tables, indexes) is undone by a rollback or by `finish()`.
 */
export function sqliteCustomerImportWriter(
  trx: Kysely<AppDatabase>,
  handle: Database.Database,
  now: string,
): CustomerImportWriter & { close(): void } {
  const cacheSize = handle.pragma('main.cache_size', { simple: true }) as number;
  const tempCacheSize = handle.pragma('temp.cache_size', { simple: true }) as number;
  handle.pragma(`main.cache_size = ${-IMPORT_CACHE_KIB}`);
  handle.pragma(`temp.cache_size = ${-TEMP_CACHE_KIB}`);
  for (const ddl of TEMP_TABLES) handle.exec(ddl);

  const firstImport =
    handle.prepare('select not exists (select 1 from customer_phones)').pluck().get() === 1;
  // Built at the end in one sorted pass, cheaper than kept up to date row by row.
  const deferredIndexes = firstImport
    ? (handle
        .prepare(
          "select name, sql from sqlite_master where type = 'index' and tbl_name = 'customer_phones' and sql is not null",
        )
        .all() as Array<{ name: string; sql: string }>)
    : [];
  for (const { name } of deferredIndexes) handle.exec(`drop index "${name.replace(/"/g, '""')}"`);

  // Kysely's SQL for one row, so both writers write the same statements.
  const sample = customerRow(
    {
      id: '0',
      firstName: '1',
      lastName: '2',
      patronymic: '3',
      timeZone: '5',
      segment: '6',
      phones: [],
    },
    '7',
  );
  const customerSql = upsertCustomers(trx, [sample]).compile();
  const order = ['0', '1', '2', '3', null, '5', '6', '7', '7'];
  if (JSON.stringify(customerSql.parameters) !== JSON.stringify(order)) {
    throw new Error('unexpected parameter order in the customer upsert');
  }
  const upsertCustomer = handle.prepare(customerSql.sql);
  const upsertPhone = handle.prepare(
    upsertPhones(trx, [{ e164: '', customer_id: '' }]).compile().sql,
  );
  const deletePhones = handle.prepare('delete from customer_phones where customer_id = ?');
  const ownerOf = handle.prepare('select customer_id from customer_phones where e164 = ?').pluck();
  const claimIdRow = handle.prepare(
    'insert into temp.crm_import_ids (id, idx) values (?, ?) on conflict do nothing',
  );
  const indexOfId = handle.prepare('select idx from temp.crm_import_ids where id = ?').pluck();
  const claimPhoneRow = handle.prepare(
    'insert into temp.crm_import_phones (e164, code) values (?, ?) on conflict do nothing',
  );
  const codeOfPhone = handle
    .prepare('select code from temp.crm_import_phones where e164 = ?')
    .pluck();
  const moved: Array<{ code: number; from: string }> = [];

  return {
    claimId(id, index) {
      if (claimIdRow.run(id, index).changes === 1) return undefined;
      return indexOfId.get(id) as number;
    },
    claimPhone(e164, code) {
      if (claimPhoneRow.run(e164, code).changes === 1) return undefined;
      return codeOfPhone.get(e164) as number;
    },
    write(part) {
      for (const { customer: c, phones } of part) {
        upsertCustomer.run(
          c.id,
          c.firstName,
          c.lastName || null,
          c.patronymic || null,
          c.language ?? null,
          c.timeZone || null,
          c.segment || null,
          now,
          now,
        );
        if (firstImport) {
          for (const { e164 } of phones) upsertPhone.run(e164, c.id);
          continue;
        }
        // All of the customer's old numbers go first: one of them may be among the new.
        deletePhones.run(c.id);
        for (const { e164, code } of phones) {
          const owner = ownerOf.get(e164) as string | undefined;
          if (owner !== undefined) moved.push({ code, from: owner });
          upsertPhone.run(e164, c.id);
        }
      }
      return Promise.resolve();
    },
    takenFromOutside: () => moved.filter((m) => indexOfId.get(m.from) === undefined),
    phoneCount: () =>
      handle.prepare('select count(*) from temp.crm_import_phones').pluck().get() as number,
    finish() {
      for (const { sql } of deferredIndexes) handle.exec(sql);
      handle.exec('drop table temp.crm_import_ids');
      handle.exec('drop table temp.crm_import_phones');
      return Promise.resolve();
    },
    close() {
      handle.pragma(`main.cache_size = ${cacheSize}`);
      handle.pragma(`temp.cache_size = ${tempCacheSize}`);
    },
  };
}
