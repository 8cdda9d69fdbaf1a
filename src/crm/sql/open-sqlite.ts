import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { CrmDatabase } from './database-schema.js';

/**
 * Opens (creating the file and its folder if needed) the embedded CRM's SQLite database.
 * `:memory:` gives a private in-memory database. Does not migrate: see migrateToLatest.
 */
export function openSqliteDatabase(path: string): Kysely<CrmDatabase> {
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  // WAL lets call-time lookups read while an import writes; it means nothing in memory.
  if (!inMemory) database.pragma('journal_mode = WAL');
  // SQLite ignores REFERENCES … ON DELETE CASCADE unless asked, per connection.
  database.pragma('foreign_keys = ON');
  return new Kysely<CrmDatabase>({ dialect: new SqliteDialect({ database }) });
}
