import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { DatabaseTarget } from '../../src/config/config.js';
import type { AppDatabase } from '../../src/store/database-schema.js';
import { openDatabase } from '../../src/store/open-database.js';

/** Which database a suite runs on: the embedded SQLite file, or a PostgreSQL server. */
export type DatabaseKind = 'sqlite' | 'postgres';

const SERVER_URL = process.env.TEST_DATABASE_URL;

/**
 * The databases every store suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL
 * names a server the tests may create databases on (CI sets it; locally it is skipped with
 * a note).
 */
export const DATABASES: readonly DatabaseKind[] = SERVER_URL ? ['sqlite', 'postgres'] : ['sqlite'];

let noted = false;
/** Says once per test file that the PostgreSQL runs were left out, and why. */
export function noteSkippedPostgres(): void {
  if (SERVER_URL || noted) return;
  noted = true;
  console.warn('PostgreSQL runs skipped: set TEST_DATABASE_URL=postgres://… to run them');
}
noteSkippedPostgres();

/** True when the PostgreSQL server is available to the tests. */
export const HAS_POSTGRES = SERVER_URL !== undefined && SERVER_URL !== '';

/**
 * This test file's own PostgreSQL database (a random name), created on first use and
 * dropped after the file's tests with every connection still open to it; each target it
 * hands out is a fresh schema in it, so every test starts from an empty database.
 */
let fileDatabase: Promise<string> | null = null;
const opened: Array<Kysely<unknown>> = [];
let schemas = 0;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

function thisFileDatabase(): Promise<string> {
  fileDatabase ??= (async () => {
    const name = `ivr_test_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    return name;
  })();
  return fileDatabase;
}

afterAll(async () => {
  const created = fileDatabase;
  fileDatabase = null;
  // Dropped first, with FORCE: it ends the connections a timed-out test left busy, so the
  // pools close at once instead of waiting for them.
  if (created) {
    const name = await created;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  await Promise.all(opened.splice(0).map((db) => db.destroy().catch(() => undefined)));
}, 60_000);

/**
 * A fresh, empty database of `kind` (not migrated): a SQLite file in a new temp folder, or
 * a new schema in this file's PostgreSQL database.
 */
export async function freshTarget(kind: DatabaseKind): Promise<DatabaseTarget> {
  if (kind === 'sqlite') {
    return { kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'ivr-db-')), 'crm.sqlite') };
  }
  if (!HAS_POSTGRES) throw new Error('TEST_DATABASE_URL is not set');
  const name = await thisFileDatabase();
  schemas += 1;
  return { kind: 'postgres', url: databaseUrl(name), schema: `s${schemas}`, poolSize: 4 };
}

/** Keeps a database opened elsewhere to be closed after the file's tests. */
export function closeAfterFile(db: Kysely<unknown>): void {
  opened.push(db);
}

/** Opens a fresh database of `kind` (not migrated), closed after the file's tests. */
export async function openFresh(
  kind: DatabaseKind,
): Promise<{ db: Kysely<AppDatabase>; target: DatabaseTarget }> {
  const target = await freshTarget(kind);
  const db = openDatabase(target);
  closeAfterFile(db as Kysely<unknown>);
  return { db, target };
}

let current: DatabaseKind = 'sqlite';

/**
 * Makes `kind` the database of every test app built from now on in this file (call it in
 * a beforeEach of a `describe.each(DATABASES)` block).
 */
export function useTestDatabase(kind: DatabaseKind): void {
  current = kind;
}

/** The database test apps use unless told otherwise: SQLite unless useTestDatabase said. */
export function currentTestDatabase(): DatabaseKind {
  return current;
}
