import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_RANKING_SETTINGS, type RankingSettings } from './ranking/ranking-settings.js';
import { seedCrm, type SeedResult } from './seed-crm.js';
import type { AppDatabase } from '../store/database-schema.js';
import { migrateToLatest } from '../store/migrations.js';
import { openSqliteDatabase } from '../store/open-sqlite.js';
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
 * Opens the SQLite CRM at `databasePath` (created if missing), brings its schema up to
 * date and seeds it (see seedCrm). On failure the database is closed before rethrowing,
 * so a refused start leaves no open handle on the file.
 */
export async function createEmbeddedCrm(opts: {
  databasePath: string;
  seedFile: string | null;
  /** Seed the demo customers into an empty CRM (config.crmDemoData); default yes. */
  demoData?: boolean;
  defaultRegion: CountryCode;
  /** Event weights and lifetimes (config.ranking); default the shipped settings. */
  ranking?: RankingSettings;
}): Promise<EmbeddedCrm> {
  const ranking = opts.ranking ?? DEFAULT_RANKING_SETTINGS;
  const db = openSqliteDatabase(opts.databasePath);
  try {
    await migrateToLatest(db);
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
