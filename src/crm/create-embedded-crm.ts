import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import { seedCrm, type SeedResult } from './seed-crm.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { DatabaseTarget } from '../config/config.js';
import { openMigratedDatabase } from '../store/open-database.js';
import type { SqliteSynchronous } from '../store/open-sqlite.js';
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
 * Opens the app's database (`database`: the SQLite file, created if missing, or
 * PostgreSQL; a bare string is a SQLite path), brings its schema up to date and seeds it
 * (see seedCrm). On failure the database is closed before rethrowing, so a refused start
 * leaves no open handle on the file or the server.
 */
export async function createEmbeddedCrm(opts: {
  database: DatabaseTarget | string;
  seedFile: string | null;
  defaultRegion: CountryCode;
  /** Event weights and lifetimes (config.ranking); default the shipped settings. */
  ranking?: RankingSettings;
  /** SQLITE_SYNCHRONOUS (config.sqliteSynchronous); default `normal`. */
  synchronous?: SqliteSynchronous;
}): Promise<EmbeddedCrm> {
  const ranking = opts.ranking ?? DEFAULT_RANKING_SETTINGS;
  const target: DatabaseTarget =
    typeof opts.database === 'string' ? { kind: 'sqlite', path: opts.database } : opts.database;
  const db = await openMigratedDatabase(
    target.kind === 'sqlite' && opts.synchronous
      ? { ...target, synchronous: opts.synchronous }
      : target,
  );
  try {
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
