import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { crmFileJsonSchemaText } from '../../src/crm/crm-file-json-schema.js';
import { MIGRATION_NAMES, migrateTo, migrateToLatest } from '../../src/store/migrations.js';
import { openSqliteDatabase } from '../../src/store/open-sqlite.js';
import { tempCrms } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
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
        'analytics_daily',
        'analytics_edges',
        'analytics_edges_monthly',
        'analytics_monthly',
        'app_settings',
        'call_outbox',
        'call_status_reports',
        'call_steps',
        'call_transfers',
        'caller_languages',
        'calls',
        'campaign_plays',
        'campaigns',
        'card_transactions',
        'client_employee_scores',
        'contract_phones',
        'contracts',
        'crm_events',
        'crm_writes',
        'customer_accounts',
        'customer_appointments',
        'customer_claims',
        'customer_orders',
        'customer_phones',
        'customer_requests',
        'customers',
        'employee_absences',
        'employees',
        'outages',
        'sms_outbox',
        'support_tickets',
        'tasks',
        'trust_credits',
      ]);
    });

    it('takes an earlier migration that arrived after a later one had run', async () => {
      // Migrations are numbered per piece of work, so a database may have run 017 before a
      // release brings 014: the missing one must still be applied, not refused.
      const { db } = await crms.open();
      await migrateToLatest(db);
      await db.schema.dropTable('caller_languages').execute();
      await sql`delete from kysely_migration where name = '013_caller_languages'`.execute(db);
      await migrateToLatest(db);
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      expect(tables).toContain('caller_languages');
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
      expect(applied.rows.map((r) => r.name).sort()).toEqual(MIGRATION_NAMES);
    });

    it('007 keeps the calls recorded before it, and goes back down to the old shape', async () => {
      const { db } = await crms.open();
      await migrateTo(db, '006_calls_answered_by');
      const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old
        .insertInto('calls')
        .values({
          call_id: 'CA-before-007',
          provider: 'twilio',
          caller: '+77071234567',
          called: '+77172123456',
          customer_id: 'c-asel',
          language: 'kk',
          started_at: '2026-11-01T05:00:00.000Z',
          ended_at: '2026-11-01T05:02:00.000Z',
          status: 'completed',
          duration_sec: 120,
          transferred_to: '+77172000001',
          path_json: '[]',
          self_served: 0,
          answered_by: 'sales',
        })
        .execute();
      await migrateToLatest(db);
      const row = await db
        .selectFrom('calls')
        .selectAll()
        .where('call_id', '=', 'CA-before-007')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        direction: 'inbound',
        caller: '+77071234567',
        customer_id: 'c-asel',
        ended_at: '2026-11-01T05:02:00.000Z',
        status: 'completed',
        duration_sec: 120,
        answered_by: 'sales',
        outcome: null,
        updated_at: '2026-11-01T05:02:00.000Z',
      });
      await migrateTo(db, '006_calls_answered_by');
      const back = await old
        .selectFrom('calls')
        .selectAll()
        .where('call_id', '=', 'CA-before-007')
        .executeTakeFirstOrThrow();
      expect(back).toMatchObject({ status: 'completed', answered_by: 'sales', duration_sec: 120 });
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
      ).rejects.toThrow(/foreign key/i);
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
});
