import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, type SqliteDatabase } from 'kysely';
import { startBackgroundCheckpoint, type BackgroundCheckpoint } from './background-checkpoint.js';
import type { AppDatabase } from './database-schema.js';
import { configureHandle, nonBlockingSqliteDialect } from './non-blocking-sqlite.js';

/** How long a write waits (asynchronously) for a lock another process holds, by default. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

/** When a commit waits for the disk (SQLITE_SYNCHRONOUS, docs/performance.md). */
export type SqliteSynchronous = 'full' | 'normal';

/** Where the write-ahead log is copied into the database (SQLITE_CHECKPOINT). */
export type SqliteCheckpoint = 'background' | 'inline';

/**
 * Opens (creating the file and its folder if needed) the app's SQLite database.
 * `:memory:` gives a private in-memory database. Does not migrate: see migrateToLatest.
 * Never waits for a lock on the event loop (see nonBlockingSqliteDialect): a write that
 * finds the file locked is retried for up to `lockWaitMs`, asynchronously.
 * `synchronous`: `normal` (default) commits to the WAL without waiting for the disk, so a
 * crash of the process loses nothing but a power cut may lose the last commits; `full`
 * waits for the disk at every commit, and since better-sqlite3 is synchronous every call
 * on the server waits with it (about 6 ms per commit here, 140 ms at p99).
 * `checkpoint`: `inline` (default) lets SQLite copy the log into the file inside the
 * commit that fills 1,000 pages of it, on the event loop; `background` does it from a
 * worker thread (startBackgroundCheckpoint), which the server uses.
 */
export function openSqliteDatabase(
  path: string,
  options: {
    lockWaitMs?: number;
    synchronous?: SqliteSynchronous;
    checkpoint?: SqliteCheckpoint;
    /** Told when the background checkpoint stops and the writer checkpoints again. */
    onCheckpointFailure?: (reason: string) => void;
  } = {},
): Kysely<AppDatabase> {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const writer = new Database(path);
  configureHandle(writer);
  // WAL lets call-time lookups read while an import writes; it means nothing in memory.
  if (!inMemory) writer.pragma('journal_mode = WAL');
  writer.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // SQLite ignores REFERENCES … ON DELETE CASCADE unless asked, per connection.
  writer.pragma('foreign_keys = ON');
  let reader: Database.Database | null = null;
  if (!inMemory) {
    reader = new Database(path);
    configureHandle(reader);
  }
  let checkpoint: BackgroundCheckpoint | null = null;
  if (!inMemory && options.checkpoint === 'background') {
    writer.pragma('wal_autocheckpoint = 0');
    checkpoint = startBackgroundCheckpoint(path, {
      onFailure: (reason) => {
        // The log must not grow without end: the writer checkpoints again itself.
        if (writer.open) writer.pragma('wal_autocheckpoint = 1000');
        options.onCheckpointFailure?.(reason);
      },
    });
  }
  const db = new Kysely<AppDatabase>({
    dialect: nonBlockingSqliteDialect({
      writer: reusingStatements(writer),
      reader: reader ? reusingStatements(reader) : null,
      lockWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
      ...(checkpoint ? { beforeClose: () => checkpoint.stop() } : {}),
    }),
  });
  writers.set(db.getExecutor().adapter, writer);
  return db;
}

/**
 * The writer handle of each database opened here, by its Kysely adapter: a transaction
 * (`db.transaction()`) is a new Kysely object but shares its database's adapter.
 */
const writers = new WeakMap<object, Database.Database>();

/**
 * The better-sqlite3 handle a transaction of `db` runs on, for bulk writes through
 * prepared statements (the CRM import, event ingest: Kysely's query building costs more
 * than SQLite's work there); null for a database not opened by openSqliteDatabase
 * (PostgreSQL). Only for use inside a write transaction of `db` (`trx` here): the
 * transaction holds the writer and its BEGIN IMMEDIATE, so the statements are part of it.
 */
export function sqliteWriterOf(trx: Kysely<AppDatabase>): Database.Database | null {
  if (!trx.isTransaction) throw new Error('sqliteWriterOf needs a write transaction');
  return writers.get(trx.getExecutor().adapter) ?? null;
}

/**
 * Kysely asks for a new prepared statement on every query, and SQLite compiles the SQL each
 * time (about 40 µs for the call-time ranking query, more than running it). The app's
 * queries are a small set of shapes with bound parameters, so statements are kept by their
 * SQL text and reused; the oldest goes when `max` are kept. Safe because each handle runs
 * one statement at a time (better-sqlite3 is synchronous).
 */
function reusingStatements(database: Database.Database, max = 200): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close() {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept) return kept;
      const statement = database.prepare(sql);
      if (statements.size >= max) {
        const oldest = statements.keys().next();
        if (!oldest.done) statements.delete(oldest.value);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
