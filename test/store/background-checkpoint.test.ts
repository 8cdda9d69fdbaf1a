import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildTestApp } from '../support/test-app.js';

/** Waits (up to 15 s) until `check` holds; false if it never did. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 300; i += 1) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

describe('SQLITE_CHECKPOINT: the write-ahead log is copied into the file off the event loop', () => {
  it('is background unless set to inline', () => {
    const env = { PUBLIC_URL: 'http://localhost:3000' };
    const sqlite = (e: Record<string, string>) => {
      const { database } = parseConfig({ ...env, ...e });
      return database.kind === 'sqlite' ? database.checkpoint : null;
    };
    expect(sqlite({})).toBe('background');
    expect(sqlite({ SQLITE_CHECKPOINT: 'inline' })).toBe('inline');
    expect(() => parseConfig({ ...env, SQLITE_CHECKPOINT: 'sometimes' })).toThrow(
      /SQLITE_CHECKPOINT/,
    );
  });

  it('whole calls on both providers reach the database file itself through the checkpoint thread', async () => {
    const t = await buildTestApp({ env: { SQLITE_CHECKPOINT: 'background' } });
    const path = t.databasePath!;
    const calls: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      for (const call of [
        t.twilio('+77071234567'),
        t.vonage('77071234567', { answerMethod: 'POST' }),
      ]) {
        await call.start();
        await call.press('1');
        await call.dialOutcome('answered', 30);
        await call.hangup();
        calls.push(call.id);
      }
    }
    // The writer never checkpoints (wal_autocheckpoint 0) and a dozen webhooks are far below
    // SQLite's own 1,000 pages: the rows are in the file, not only in its log, only if the
    // thread copied them. Read from a copy of the file alone, without its -wal.
    const copy = join(mkdtempSync(join(tmpdir(), 'ivr-ckpt-')), 'copy.sqlite');
    const inFileAlone = () => {
      try {
        copyFileSync(path, copy);
        const db = new Database(copy, { readonly: true });
        try {
          const placeholders = calls.map(() => '?').join();
          const rows = db
            .prepare(
              `select count(*) as n from calls where call_id in (${placeholders}) and status = 'completed'`,
            )
            .get(...calls) as { n: number };
          return rows.n === calls.length;
        } finally {
          db.close();
        }
      } catch {
        return false; // copied while the thread wrote: look again
      }
    };
    expect(await eventually(inFileAlone)).toBe(true);
  });

  it('inline: the same calls stay in the log until SQLite checkpoints itself', async () => {
    const t = await buildTestApp({ env: { SQLITE_CHECKPOINT: 'inline' } });
    const call = t.twilio('+77071234567');
    await call.start();
    await call.press('1');
    await call.hangup();
    const copy = join(mkdtempSync(join(tmpdir(), 'ivr-ckpt-')), 'copy.sqlite');
    copyFileSync(t.databasePath!, copy);
    const db = new Database(copy, { readonly: true });
    // Not even the tables the migrations made are in the file alone yet.
    const tables = db.prepare("select count(*) as n from sqlite_master where name = 'calls'");
    const row = tables.get() as { n: number };
    db.close();
    expect(row.n).toBe(0);
  });
});
