import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config/config.js';
import type { AppDatabase } from './database-schema.js';
import { migrateToLatest } from './migrations.js';
import { openSqliteDatabase } from './open-sqlite.js';

/**
 * Opens the app's own database where the configuration says: PostgreSQL when DATABASE_URL
 * is set (a pool of `poolSize` connections, tables in DATABASE_SCHEMA when given), else the
 * SQLite file DATABASE_PATH. Every query goes through Kysely, so the rest of the code does
 * not know which. Does not migrate: see openMigratedDatabase.
 */
export function openDatabase(target: DatabaseTarget): Kysely<AppDatabase> {
  if (target.kind === 'sqlite') {
    return openSqliteDatabase(target.path, {
      ...(target.synchronous ? { synchronous: target.synchronous } : {}),
      ...(target.checkpoint ? { checkpoint: target.checkpoint } : {}),
    });
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    // A server that stops answering must fail a query, not hang it (the call waits).
    connectionTimeoutMillis: 5000,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // An idle connection dropped by the server (restart, failover) is an event on the pool;
  // unhandled it would stop the process. The next query opens a new connection.
  pool.on('error', () => undefined);
  return new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database and brings its schema up to date (safe at every start). */
export async function openMigratedDatabase(target: DatabaseTarget): Promise<Kysely<AppDatabase>> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db, target.kind === 'postgres' ? target.schema : null);
    return db;
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
}

/** Where the database is, for messages and logs: the file, or the URL without its password. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.kind === 'sqlite') return target.path;
  let shown = target.url;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = '***';
    shown = url.toString();
  } catch {
    shown = 'postgres://(unparsable URL)';
  }
  return target.schema ? `${shown} (schema ${target.schema})` : shown;
}
