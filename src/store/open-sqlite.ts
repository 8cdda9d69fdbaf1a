import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { AppDatabase } from './database-schema.js';

/**
 * Opens (creating the file and its folder if needed) the embedded CRM's SQLite database.
 * `:memory:` gives a private in-memory database. Does not migrate: see migrateToLatest.
 */
export function openSqliteDatabase(path: string): Kysely<AppDatabase> {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  // WAL lets call-time lookups read while an import writes; it means nothing in memory.
  if (!inMemory) database.pragma('journal_mode = WAL');
  // SQLite ignores REFERENCES … ON DELETE CASCADE unless asked, per connection.
  database.pragma('foreign_keys = ON');
  return new Kysely<AppDatabase>({
    dialect: new SqliteDialect({ database: reusingStatements(database) }),
  });
}

/**
 * Kysely asks for a new prepared statement on every query, and SQLite compiles the SQL each
 * time (about 40 µs for the call-time ranking query, more than running it). The app's
 * queries are a small set of shapes with bound parameters, so statements are kept by their
 * SQL text and reused; the oldest goes when `max` are kept. Safe because Kysely runs one
 * query at a time on its single SQLite connection.
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
