import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile, readCrmFile } from '../../src/crm/import-crm-file.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { tempCrms, tempDir } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const customer = (over: Record<string, unknown> = {}) => ({
    id: 'c-1',
    firstName: 'Арман',
    phones: ['+7 701 111 22 33'],
    ...over,
  });

  /** The CrmImportError an import throws, or a failure if it does not throw one. */
  async function importError(data: unknown): Promise<CrmImportError> {
    const { db } = await crms.open();
    const error: unknown = await importCrmFile(db, data, { defaultRegion: 'KZ' }).then(
      () => null,
      (err: unknown) => err,
    );
    if (!(error instanceof CrmImportError))
      throw new Error(`expected CrmImportError: ${String(error)}`);
    return error;
  }

  const MIXED = {
    version: 1,
    customers: [
      customer({ id: 'b', lastName: 'Қайратұлы', language: 'kk', timeZone: 'Asia/Aqtobe' }),
      customer({
        id: 'a',
        firstName: 'John',
        lastName: 'Smith',
        language: 'en',
        timeZone: 'Europe/London',
        segment: 'vip',
        phones: ['+44 7700 900123', '+44 (0)7700 900124'],
      }),
      customer({
        id: 'c',
        firstName: 'Иван',
        lastName: 'Смирнов',
        patronymic: 'Петрович',
        segment: 'debtor',
        phones: ['8 916 555 12 34'],
      }),
    ],
  };

  describe('importCrmFile', () => {
    it('is idempotent: the same file twice gives the same data and counts', async () => {
      const { db } = await crms.open();
      const first = await importCrmFile(db, MIXED, { defaultRegion: 'KZ' });
      const afterFirst = await exportCrmFile(db);
      const second = await importCrmFile(db, MIXED, { defaultRegion: 'KZ' });
      expect(second).toEqual(first);
      expect(first).toEqual({ customers: 3, phones: 4 });
      expect(await exportCrmFile(db)).toEqual(afterFirst);
      const phones = await db.selectFrom('customer_phones').selectAll().execute();
      expect(phones).toHaveLength(4);
    });

    it("updates a customer and replaces that customer's numbers, keeping others", async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, MIXED, { defaultRegion: 'KZ' });
      await importCrmFile(
        db,
        {
          version: 1,
          customers: [customer({ id: 'b', firstName: 'Ерлан', phones: ['87470001122'] })],
        },
        { defaultRegion: 'KZ' },
      );
      expect(await crm.findCustomerByPhone('+77011112233')).toBeNull();
      const b = await crm.findCustomerByPhone('+77470001122');
      expect(b).toMatchObject({ id: 'b', firstName: 'Ерлан', lastName: null, language: null });
      expect((await crm.findCustomerByPhone('+447700900123'))?.id).toBe('a');
    });

    it('moves a number between two customers of the same file', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, MIXED, { defaultRegion: 'KZ' });
      await importCrmFile(
        db,
        {
          version: 1,
          customers: [
            customer({ id: 'a', firstName: 'John', phones: ['+44 7700 900124'] }),
            customer({ id: 'b', phones: ['+44 7700 900123'] }),
          ],
        },
        { defaultRegion: 'KZ' },
      );
      expect((await crm.findCustomerByPhone('+447700900123'))?.id).toBe('b');
    });

    it('reads empty or null optional fields as unknown, and accepts a $schema key', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(
        db,
        {
          $schema: '../docs/crm-file.schema.json',
          version: 1,
          customers: [
            customer({
              lastName: ' ',
              patronymic: null,
              timeZone: '',
              segment: '',
              language: null,
            }),
          ],
        },
        { defaultRegion: 'KZ' },
      );
      expect(await crm.findCustomerByPhone('+77011112233')).toMatchObject({
        firstName: 'Арман',
        lastName: null,
        patronymic: null,
        language: null,
        timeZone: null,
        segment: null,
      });
    });

    it('export then import gives back the same file', async () => {
      const source = await crms.open();
      await importCrmFile(source.db, MIXED, { defaultRegion: 'KZ' });
      const exported = await exportCrmFile(source.db);
      expect(exported.customers.map((c) => c.id)).toEqual(['a', 'b', 'c']);
      expect(exported.customers[0]?.phones).toEqual(['+447700900123', '+447700900124']);
      expect(exported.customers[2]).toEqual({
        id: 'c',
        firstName: 'Иван',
        lastName: 'Смирнов',
        patronymic: 'Петрович',
        segment: 'debtor',
        phones: ['+79165551234'],
      });

      // Through JSON text, as the CLI writes it, into a fresh file, with another region:
      // exported numbers are E.164 and do not depend on it.
      const target = await crms.open();
      const text = JSON.stringify(exported, null, 2);
      await importCrmFile(target.db, JSON.parse(text), { defaultRegion: 'GB' });
      expect(await exportCrmFile(target.db)).toEqual(exported);
    });

    it.each([
      [
        'a phone that is not a number',
        customer({ phones: ['+7 701 111 22 33', '12'] }),
        'customers[0].phones[1]: not a valid phone number',
      ],
      [
        'a fixed offset as zone',
        customer({ timeZone: 'UTC+5' }),
        'customers[0].timeZone: not an IANA',
      ],
      ['an offset as zone', customer({ timeZone: '+05:00' }), 'customers[0].timeZone: not an IANA'],
      ['an unknown zone', customer({ timeZone: 'Asia/Atlantis' }), 'e.g. Asia/Almaty'],
      [
        'an unknown language',
        customer({ language: 'de' }),
        'customers[0].language: must be one of ru, kk, en, uk',
      ],
      ['no phones', customer({ phones: [] }), 'customers[0].phones: needs at least 1 item'],
      ['no first name', customer({ firstName: undefined }), 'customers[0].firstName: required'],
      [
        'an unknown field',
        customer({ timezone: 'Asia/Almaty' }),
        'customers[0].timezone: unknown field',
      ],
    ])('names the field on %s', async (_, bad, expected) => {
      const err = await importError({ version: 1, customers: [bad] });
      expect(err.message).toContain(expected.replace('e.g. ', 'such as '));
    });

    it('names every bad field of the file at once, in file order', async () => {
      const err = await importError({
        version: 1,
        customers: [
          customer({ id: 'ok' }),
          customer({ id: 'x1', phones: ['+7 701 999 88 77'], language: 'fr' }),
          customer({ id: 'x2', phones: ['hello'], timeZone: 'UTC+5' }),
        ],
      });
      expect(err.issues).toEqual([
        'customers[1].language: must be one of ru, kk, en, uk',
        'customers[2].phones[0]: not a valid phone number',
        expect.stringContaining('customers[2].timeZone: not an IANA time zone'),
      ]);
    });

    it('rejects one number written for two customers, naming both places', async () => {
      const err = await importError({
        version: 1,
        customers: [
          customer({ id: 'a', phones: ['8 707 123 45 67'] }),
          customer({ id: 'b', phones: ['+7 701 000 00 01', '+7 (707) 123-45-67'] }),
        ],
      });
      expect(err.issues).toEqual([
        'customers[1].phones[1]: same number as customers[0].phones[0]; a number belongs to one customer',
      ]);
    });

    it('rejects the same id twice', async () => {
      const err = await importError({
        version: 1,
        customers: [customer({ id: 'a' }), customer({ id: 'a', phones: ['87470000000'] })],
      });
      expect(err.issues).toEqual(['customers[1].id: same id as customers[0]']);
    });

    it('rejects a number held by a customer who is not in the file, writing nothing', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, MIXED, { defaultRegion: 'KZ' });
      const before = await exportCrmFile(db);
      const error: unknown = await importCrmFile(
        db,
        {
          version: 1,
          customers: [
            customer({ id: 'new', firstName: 'Жаңа', phones: ['+7 777 000 00 01'] }),
            customer({ id: 'other', firstName: 'Басқа', phones: ['+7 (916) 555-12-34'] }),
          ],
        },
        { defaultRegion: 'KZ' },
      ).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CrmImportError);
      expect((error as CrmImportError).issues).toEqual([
        expect.stringContaining('customers[1].phones[0]: number already belongs to customer c'),
      ]);
      expect(await exportCrmFile(db)).toEqual(before);
      expect(await crm.findCustomerByPhone('+77770000001')).toBeNull();
    });

    it('never puts the bad values themselves in the error', async () => {
      const err = await importError({
        version: 1,
        customers: [customer({ firstName: 'Әсел', phones: ['+7 12'], language: 'Әсел' })],
      });
      expect(err.message).not.toContain('Әсел');
      expect(err.message).not.toContain('+7 12');
    });

    it.each([
      ['text', '(file): expected object'],
      [[], '(file): expected object'],
      [{ customers: [] }, 'version: required'],
      [{ version: 2, customers: [] }, 'version: must be one of 1'],
      [{ version: 1 }, 'customers: required'],
    ])('rejects the file %j', async (data, expected) => {
      expect((await importError(data)).message).toContain(expected);
    });
  });

  describe('readCrmFile', () => {
    it('parses a JSON file, BOM or not', () => {
      const path = join(tempDir(), 'file.json');
      writeFileSync(path, '\uFEFF{"version":1,"customers":[]}');
      expect(readCrmFile(path)).toEqual({ version: 1, customers: [] });
    });

    it('says the file is not JSON, and which file', () => {
      const path = join(tempDir(), 'broken.json');
      writeFileSync(path, '{"version":1,');
      expect(() => readCrmFile(path)).toThrow(CrmImportError);
      expect(() => readCrmFile(path)).toThrow(`The CRM file ${path} is not valid JSON`);
    });

    it('says the file cannot be read', () => {
      expect(() => readCrmFile('/nonexistent/customers.json')).toThrow(/Cannot read the CRM file/);
    });
  });
});
