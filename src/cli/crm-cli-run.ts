import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../config/config.js';
import type { AppDatabase } from '../store/database-schema.js';
import { migrateToLatest } from '../store/migrations.js';
import { openSqliteDatabase } from '../store/open-sqlite.js';
import { AppError } from '../errors/app-error.js';

/**
 * Runs a CRM command against the configured database (DATABASE_PATH), migrated first so a
 * command works on a fresh or older file. Any error is printed with its hint and the
 * process exits 1; the database is closed either way. Never seeds: importing into an empty
 * CRM must not pull in the demo customers.
 */
export function runCrmCli(task: (db: Kysely<AppDatabase>, config: Config) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const config = loadConfig();
    const db = openSqliteDatabase(config.databasePath);
    try {
      await migrateToLatest(db);
      await task(db, config);
    } finally {
      await db.destroy();
    }
  };
  run().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof AppError && err.hint ? `\n${err.hint}` : '';
    process.stderr.write(`${message}${hint}\n`);
    process.exit(1);
  });
}
