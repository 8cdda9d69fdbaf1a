import { existsSync, statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { AppDatabase } from '../store/database-schema.js';
import { migrateToLatest } from '../store/migrations.js';
import { describeDatabase } from '../store/open-database.js';
import { SqlCrm } from '../crm/embedded/sql-crm.js';
import { AppError } from '../errors/app-error.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import type { DoctorDeps } from './doctor-deps.js';

const LABEL = 'CRM database';

/** The embedded CRM, opened for the checks that follow; close it when done. */
export interface OpenCrm {
  db: Kysely<AppDatabase>;
  crm: SqlCrm;
  /** A number on file, so lookups time a real hit; null when the CRM is empty. */
  samplePhone: string | null;
  close(): Promise<void>;
}

const PERMISSIONS_FIX =
  'The server must read and write DATABASE_PATH and its folder (SQLite adds -wal and -shm files next to it): ' +
  'check owner and permissions (`ls -l`), or point DATABASE_PATH to a CRM file written by this server.';

/**
 * Opens DATABASE_PATH with the server's own modules and migrates it, as `npm start` does,
 * but never seeds, and never creates a missing file: a doctor that made an empty CRM would
 * hide the very mistake (a wrong path) it should report.
 */
export async function openCrmDatabase(
  config: Config,
  deps: Pick<DoctorDeps, 'openDatabase'>,
): Promise<{ result: CheckResult; crm: OpenCrm | null }> {
  const target = config.database;
  const path = describeDatabase(target);
  const inMemory = target.kind === 'postgres' || path === ':memory:';
  if (!inMemory && !existsSync(path)) {
    return {
      result: fail(
        LABEL,
        `${path} does not exist`,
        'Start the server once (`npm start` creates, migrates and seeds it), or set DATABASE_PATH to the CRM file (relative paths start where you run npm).',
      ),
      crm: null,
    };
  }
  if (!inMemory && statSync(path).isDirectory()) {
    return {
      result: fail(LABEL, `${path} is a folder`, 'Set DATABASE_PATH to the SQLite file itself.'),
      crm: null,
    };
  }

  let db: Kysely<AppDatabase> | null = null;
  try {
    db = deps.openDatabase(target);
    await migrateToLatest(db, target.kind === 'postgres' ? target.schema : null);
    const { customers } = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('customers'))
      .executeTakeFirstOrThrow();
    const phone = await db.selectFrom('customer_phones').select('e164').limit(1).executeTakeFirst();
    const opened = db;
    const crm: OpenCrm = {
      db: opened,
      crm: new SqlCrm(opened),
      samplePhone: phone?.e164 ?? null,
      close: () => opened.destroy(),
    };
    const result =
      Number(customers) === 0
        ? warn(
            LABEL,
            `${path}: schema up to date, but no customers: every caller is treated as unknown`,
            'Import customers: `npm run crm:import -- customers.json` (docs/crm-file.md).',
          )
        : ok(LABEL, `${path}: schema up to date, ${customers} customers`);
    return { result, crm };
  } catch (err) {
    await db?.destroy().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof AppError && err.hint ? `${err.hint} ` : '';
    return { result: fail(LABEL, `${path}: ${message}`, `${hint}${PERMISSIONS_FIX}`), crm: null };
  }
}
