import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../config/config.js';
import type { AppDatabase } from '../store/database-schema.js';
import { openMigratedDatabase } from '../store/open-database.js';
import { AppError } from '../errors/app-error.js';

/**
 * Runs a CRM command against the configured database (DATABASE_URL, else DATABASE_PATH:
 * the one the server uses), migrated first so a
 * command works on a fresh or older file. Any error is printed with its hint and the
 * process exits 1; the database is closed either way. Never seeds: importing into an empty
 * CRM must not pull in the demo customers.
 */
export function runCrmCli(task: (db: Kysely<AppDatabase>, config: Config) => Promise<void>): void {
  const run = async (): Promise<void> => {
    const config = loadConfig();
    const db = await openMigratedDatabase(config.database);
    try {
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
