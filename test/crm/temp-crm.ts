import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../src/store/database-schema.js';
import { migrateToLatest } from '../../src/store/migrations.js';
import { openSqliteDatabase } from '../../src/store/open-sqlite.js';
import { SqlCrm } from '../../src/crm/embedded/sql-crm.js';

/** A fresh, empty temp folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'crm-test-'));
}

/** A path for a SQLite file in a fresh temp folder (a sub-folder, to exercise mkdir). */
export function tempDatabasePath(): string {
  return join(tempDir(), 'data', 'crm.sqlite');
}

/**
 * Opens and migrates a real SQLite file; `closeAll()` in afterEach closes every one opened,
 * so a failing test does not leak file handles into the next.
 */
export function tempCrms() {
  const open: Array<Kysely<AppDatabase>> = [];
  return {
    async open(path = tempDatabasePath()) {
      const db = openSqliteDatabase(path);
      open.push(db);
      await migrateToLatest(db);
      return { db, crm: new SqlCrm(db), path };
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((db) => db.destroy()));
    },
  };
}
