import { afterEach, describe, expect, it } from 'vitest';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';
import { normalizePhone } from '../../src/lib/normalize-phone.js';
import { tempCrms } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

const FILE = {
  version: 1,
  customers: [
    {
      id: 'c-asel',
      firstName: 'Әсел',
      lastName: 'Нұрланқызы',
      language: 'kk',
      timeZone: 'Asia/Almaty',
      segment: 'regular',
      phones: ['8 707 123 45 67'],
    },
    {
      id: 'c-arman',
      firstName: 'Арман',
      lastName: 'Сейітқали',
      patronymic: 'Қайратұлы',
      language: 'kk',
      timeZone: 'Asia/Aqtobe',
      segment: 'vip',
      phones: ['87011112233', '+7 (747) 111-22-33', '+7 701 111 22 33'],
    },
    { id: 'c-dina', firstName: 'Дина', phones: ['+7 701 555 00 00'] },
  ],
};

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  describe('SqlCrm.findCustomerByPhone', () => {
    it.each(['8 707 123 45 67', '87071234567', '+7 (707) 123-45-67', '+77071234567'])(
      'finds the customer by %s once normalised for KZ',
      async (written) => {
        const { db, crm } = await crms.open();
        await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
        const e164 = normalizePhone(written, 'KZ');
        expect(e164).toBe('+77071234567');
        expect(await crm.findCustomerByPhone(e164 ?? '')).toEqual({
          id: 'c-asel',
          firstName: 'Әсел',
          lastName: 'Нұрланқызы',
          patronymic: null,
          language: 'kk',
          timeZone: 'Asia/Almaty',
          segment: 'regular',
          phones: ['+77071234567'],
          items: [],
          account: NO_ACCOUNT_FACTS,
        });
      },
    );

    it('finds a customer by each of several numbers, with all numbers listed once', async () => {
      const { db, crm } = await crms.open();
      const result = await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      // The third Arman number is the first one written differently: merged, not doubled.
      expect(result).toEqual({ customers: 3, phones: 4 });
      for (const phone of ['+77011112233', '+77471112233']) {
        const found = await crm.findCustomerByPhone(phone);
        expect(found?.id).toBe('c-arman');
        expect(found?.patronymic).toBe('Қайратұлы');
        expect(found?.phones).toEqual(['+77011112233', '+77471112233']);
      }
    });

    it('returns null for an unknown number', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      expect(await crm.findCustomerByPhone('+77770000000')).toBeNull();
      expect(await crm.findCustomerByPhone('')).toBeNull();
    });

    it('returns null fields for what the file does not say', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      expect(await crm.findCustomerByPhone('+77015550000')).toEqual({
        id: 'c-dina',
        firstName: 'Дина',
        lastName: null,
        patronymic: null,
        language: null,
        timeZone: null,
        segment: null,
        phones: ['+77015550000'],
        items: [],
        account: NO_ACCOUNT_FACTS,
      });
    });

    it('keeps Kazakh, Ukrainian and Russian letters exactly', async () => {
      const { db, crm } = await crms.open();
      const names = {
        firstName: 'Әсел Ғұмар Қайыр Ңңң Өөө Ұұ Үү Һһ Іі',
        lastName: 'Шевчук-Її Єє Ґґ',
        patronymic: 'Ёжиков-Ъъ',
      };
      await importCrmFile(
        db,
        { version: 1, customers: [{ id: 'c-1', ...names, phones: ['+380 67 123 4567'] }] },
        { defaultRegion: 'KZ' },
      );
      const found = await crm.findCustomerByPhone('+380671234567');
      expect(found).toMatchObject(names);
      expect(found?.firstName.normalize('NFC')).toBe(found?.firstName);
    });

    it('keeps the data after the file is closed and opened again', async () => {
      const first = await crms.open();
      await importCrmFile(first.db, FILE, { defaultRegion: 'KZ' });
      await first.crm.recordCall({
        callId: 'CA-persist',
        provider: 'twilio',
        caller: '+77071234567',
        called: '+77172123456',
        customerId: 'c-asel',
        language: 'kk',
        startedAt: '2026-11-21T07:00:00.000Z',
        endedAt: '2026-11-21T07:01:00.000Z',
        status: 'completed',
        durationSec: 60,
        transferredTo: null,
        selfServed: false,
        answeredBy: null,
        path: [],
      });
      await crms.closeAll();

      const again = await crms.open(first.path);
      expect((await again.crm.findCustomerByPhone('+77071234567'))?.firstName).toBe('Әсел');
      expect((await again.crm.findCall('CA-persist'))?.durationSec).toBe(60);
    });
  });
});
