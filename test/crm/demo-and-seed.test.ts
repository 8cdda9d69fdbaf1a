import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedCrm, type EmbeddedCrm } from '../../src/crm/create-embedded-crm.js';
import { crmFileSchema } from '../../src/crm/crm-file-schema.js';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { seedCrm } from '../../src/crm/seed-crm.js';
import { LANGUAGES } from '../../src/flow/language.js';
import { normalizePhone } from '../../src/lib/normalize-phone.js';
import { tempCrms, tempDatabasePath, tempDir } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

const demo = crmFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../src/crm/demo-data.json', import.meta.url), 'utf8')),
);

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  const embedded: EmbeddedCrm[] = [];
  afterEach(async () => {
    await crms.closeAll();
    await Promise.all(embedded.splice(0).map((e) => e.close()));
  });

  describe('bundled demo data', () => {
    it('validates, with at least 10 customers and every number valid for KZ', () => {
      expect(demo.customers.length).toBeGreaterThanOrEqual(10);
      for (const phone of demo.customers.flatMap((c) => c.phones)) {
        expect(normalizePhone(phone, 'KZ'), phone).not.toBeNull();
      }
    });

    it('covers every language, the five zones, the segments and the unknowns', () => {
      const values = <K extends keyof (typeof demo.customers)[number]>(key: K) =>
        new Set(demo.customers.map((c) => c[key]));
      expect([...values('language')]).toEqual(expect.arrayContaining([...LANGUAGES, undefined]));
      expect([...values('timeZone')]).toEqual(
        expect.arrayContaining([
          'Asia/Almaty',
          'Asia/Aqtobe',
          'Europe/Moscow',
          'Europe/Kyiv',
          'Europe/London',
          undefined,
        ]),
      );
      expect([...values('segment')]).toEqual(
        expect.arrayContaining(['regular', 'vip', 'corporate', 'debtor', undefined]),
      );
      expect(demo.customers.some((c) => c.phones.length > 1)).toBe(true);
    });
  });

  describe('seedCrm', () => {
    it('imports the demo data into an empty CRM, once', async () => {
      const { db, crm } = await crms.open();
      // Demo numbers are written for KZ: they load whatever DEFAULT_REGION says.
      expect(await seedCrm(db, { seedFile: null, defaultRegion: 'GB' })).toEqual({
        source: 'demo data',
        customers: demo.customers.length,
        phones: expect.any(Number) as number,
        employees: demo.employees?.length,
        events: demo.events?.length,
      });
      expect((await crm.findCustomerByPhone('+77071234567'))?.firstName).toBe('Әсел');
      expect(await seedCrm(db, { seedFile: null, defaultRegion: 'KZ' })).toBeNull();
    });

    it('leaves a CRM that already has customers alone', async () => {
      const { db } = await crms.open();
      await seedCrm(db, {
        seedFile: new URL('../fixtures/crm/customers.json', import.meta.url).pathname,
        defaultRegion: 'KZ',
      });
      const before = await exportCrmFile(db);
      expect(await seedCrm(db, { seedFile: null, defaultRegion: 'KZ' })).toBeNull();
      expect(await exportCrmFile(db)).toEqual(before);
    });

    it('imports the seed file at every start, picking up edits', async () => {
      const file = join(tempDir(), 'seed.json');
      const write = (firstName: string) =>
        writeFileSync(
          file,
          JSON.stringify({
            version: 1,
            customers: [{ id: 's1', firstName, phones: ['87071234567'] }],
          }),
        );
      const path = tempDatabasePath();
      write('Әсел');
      const first = await createEmbeddedCrm({
        database: path,
        seedFile: file,
        defaultRegion: 'KZ',
      });
      embedded.push(first);
      expect(first.seeded).toEqual({ source: file, customers: 1, phones: 1 });
      await first.close();
      embedded.pop();

      write('Айгүл');
      const second = await createEmbeddedCrm({
        database: path,
        seedFile: file,
        defaultRegion: 'KZ',
      });
      embedded.push(second);
      expect((await second.crm.findCustomerByPhone('+77071234567'))?.firstName).toBe('Айгүл');
      expect((await exportCrmFile(second.db)).customers).toHaveLength(1);
    });

    it('refuses to start on a bad seed file, naming the field', async () => {
      const file = join(tempDir(), 'seed.json');
      writeFileSync(
        file,
        JSON.stringify({ version: 1, customers: [{ id: 's1', firstName: 'A', phones: ['x1'] }] }),
      );
      await expect(
        createEmbeddedCrm({ database: tempDatabasePath(), seedFile: file, defaultRegion: 'KZ' }),
      ).rejects.toThrow('customers[0].phones[0]: not a valid phone number');
    });
  });
});
