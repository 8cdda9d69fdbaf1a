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
  /** No customer at all (after seeding): worth a word at start. */
  isEmpty(): Promise<boolean>;
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
  /** Seed the demo customers into an empty CRM (config.crmDemoData); default yes. */
  demoData?: boolean;
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
      demoData: opts.demoData ?? true,
      defaultRegion: opts.defaultRegion,
      ranking,
    });
    const isEmpty = async () =>
      !(await db.selectFrom('customers').select('id').limit(1).executeTakeFirst());
    return { crm: new SqlCrm(db, ranking), db, seeded, isEmpty, close: () => db.destroy() };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
