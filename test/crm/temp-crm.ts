import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../../src/config/config.js';
import type { AppDatabase } from '../../src/store/database-schema.js';
import { migrateToLatest } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqlCrm } from '../../src/crm/embedded/sql-crm.js';
import { closeAfterFile, freshTarget, type DatabaseKind } from '../support/test-databases.js';

/** A fresh, empty temp folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'crm-test-'));
}

/** A path for a SQLite file in a fresh temp folder (a sub-folder, to exercise mkdir). */
export function tempDatabasePath(): string {
  return join(tempDir(), 'data', 'crm.sqlite');
}

/**
 * Opens and migrates a real database of `kind` (a SQLite file, or a fresh schema on the
 * PostgreSQL server of TEST_DATABASE_URL); `closeAll()` in afterEach closes every one
 * opened, so a failing test does not leak handles into the next. `open(target)` opens the
 * same database again.
 */
export function tempCrms(kind: DatabaseKind = 'sqlite') {
  const open: Array<Kysely<AppDatabase>> = [];
  const byPath = new Map<string, DatabaseTarget>();
  return {
    kind,
    async open(again?: DatabaseTarget | string) {
      const target: DatabaseTarget =
        typeof again === 'string'
          ? (byPath.get(again) ?? { kind: 'sqlite', path: again })
          : (again ??
            (kind === 'sqlite'
              ? { kind: 'sqlite', path: tempDatabasePath() }
              : await freshTarget(kind)));
      const db = openDatabase(target);
      open.push(db);
      closeAfterFile(db as Kysely<unknown>);
      await migrateToLatest(db, target.kind === 'postgres' ? target.schema : null);
      const path = target.kind === 'sqlite' ? target.path : `${target.url}#${target.schema}`;
      byPath.set(path, target);
      return { db, crm: new SqlCrm(db), path, target };
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((db) => db.destroy()));
    },
  };
}
