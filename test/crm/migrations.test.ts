import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { crmFileJsonSchemaText } from '../../src/crm/crm-file-json-schema.js';
import { MIGRATION_NAMES, migrateToLatest } from '../../src/crm/sql/migrations.js';
import { openSqliteDatabase } from '../../src/crm/sql/open-sqlite.js';
import { tempCrms } from './temp-crm.js';

const crms = tempCrms();
afterEach(() => crms.closeAll());

describe('migrations', () => {
  it('run twice, and again on reopen, without error or change', async () => {
    const { db, path } = await crms.open();
    await migrateToLatest(db);
    await crms.closeAll();
    const again = await crms.open(path);
    await migrateToLatest(again.db);
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(again.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    const tables = (await again.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual([
      'call_outbox',
      'call_status_reports',
      'call_steps',
      'call_transfers',
      'calls',
      'client_employee_scores',
      'contract_phones',
      'contracts',
      'crm_events',
      'customer_phones',
      'customers',
      'employee_absences',
      'employees',
      'outages',
      'sms_outbox',
      'tasks',
      'trust_credits',
    ]);
  });

  it('uses WAL and enforces foreign keys (phones go with their customer)', async () => {
    const { db } = await crms.open();
    const now = new Date().toISOString();
    await db
      .insertInto('customers')
      .values({
        id: 'c1',
        first_name: 'A',
        last_name: null,
        patronymic: null,
        language: null,
        time_zone: null,
        segment: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('customer_phones')
      .values({ e164: '+77070000000', customer_id: 'c1' })
      .execute();
    await expect(
      db
        .insertInto('customer_phones')
        .values({ e164: '+77070000001', customer_id: 'nobody' })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await db.deleteFrom('customers').where('id', '=', 'c1').execute();
    expect(await db.selectFrom('customer_phones').selectAll().execute()).toEqual([]);
  });

  it('names the migration that failed', async () => {
    const db = openSqliteDatabase(':memory:');
    try {
      await db.schema.createTable('customers').addColumn('x', 'text').execute();
      await expect(migrateToLatest(db)).rejects.toThrow(
        /CRM migration 001_customers failed: .*already exists/,
      );
    } finally {
      await db.destroy();
    }
  });

  it('works in memory too', async () => {
    const db = openSqliteDatabase(':memory:');
    try {
      await migrateToLatest(db);
      expect(await db.selectFrom('customers').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('docs/crm-file.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run npm run crm:schema)', () => {
    const onDisk = readFileSync(
      new URL('../../docs/crm-file.schema.json', import.meta.url),
      'utf8',
    );
    expect(onDisk).toBe(crmFileJsonSchemaText());
  });
});
