import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import { seedCrm, type SeedResult } from './seed-crm.js';
import type { AppDatabase } from '../store/database-schema.js';
import { migrateToLatest } from '../store/migrations.js';
import { openSqliteDatabase, type SqliteSynchronous } from '../store/open-sqlite.js';
import { SqlCrm } from './embedded/sql-crm.js';

/** The embedded CRM, ready to serve calls. */
export interface EmbeddedCrm {
  crm: SqlCrm;
  /** The database itself, for imports and exports. */
  db: Kysely<AppDatabase>;
  /** What seeding imported at start, or null. */
  seeded: SeedResult | null;
  /** Closes the database; call once, at shutdown. */
  close(): Promise<void>;
}

/**
 * Opens the SQLite CRM at `databasePath` (created if missing), brings its schema up to
 * date and seeds it (see seedCrm). On failure the database is closed before rethrowing,
 * so a refused start leaves no open handle on the file.
 */
export async function createEmbeddedCrm(opts: {
  databasePath: string;
  seedFile: string | null;
  defaultRegion: CountryCode;
  /** Event weights and lifetimes (config.ranking); default the shipped settings. */
  ranking?: RankingSettings;
  /** SQLITE_SYNCHRONOUS (config.sqliteSynchronous); default `normal`. */
  synchronous?: SqliteSynchronous;
}): Promise<EmbeddedCrm> {
  const ranking = opts.ranking ?? DEFAULT_RANKING_SETTINGS;
  const db = openSqliteDatabase(opts.databasePath, { synchronous: opts.synchronous ?? 'normal' });
  try {
    await migrateToLatest(db);
    const seeded = await seedCrm(db, {
      seedFile: opts.seedFile,
      defaultRegion: opts.defaultRegion,
      ranking,
    });
    return { crm: new SqlCrm(db, ranking), db, seeded, close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
