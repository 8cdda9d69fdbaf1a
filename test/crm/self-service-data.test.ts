import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { tempCrms } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const file = (extra: Record<string, unknown>) => ({
    version: 1,
    customers: [{ id: 'c1', firstName: 'Тарас', language: 'uk', phones: ['+380 67 123 4567'] }],
    ...extra,
  });
  const contract = {
    number: '99990000',
    customerId: 'c1',
    balance: -1250.5,
    currency: 'UAH',
    area: 'kyiv-podil',
    address: 'Київ, Подільська 1',
    phones: ['+380 67 123 4567', '067 765 4321'],
    trustCredits: [
      {
        amount: 100,
        activatedAt: '2026-09-01T00:00:00Z',
        dueAt: '2026-09-06T00:00:00Z',
        repaidAt: '2026-09-20T00:00:00+03:00',
      },
    ],
  };
  const outages = [
    {
      id: 'o1',
      area: 'kyiv-podil',
      startsAt: '2026-11-21T08:00:00+02:00',
      endsAt: '2026-11-21T18:00:00+02:00',
      message: 'Бригада на місці.',
    },
    {
      id: 'o2',
      area: 'kyiv-podil',
      startsAt: '2026-11-01T00:00:00Z',
      endsAt: '2026-11-02T00:00:00Z',
    },
    { id: 'o3', area: 'lviv', startsAt: '2026-11-21T00:00:00Z', endsAt: '2026-11-22T00:00:00Z' },
  ];

  describe('contracts and outages in the embedded CRM', () => {
    it('imports contracts with registered numbers (normalised) and trust credits', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, file({ contracts: [contract] }), { defaultRegion: 'UA' });
      expect(await crm.findContract('99990000')).toEqual({
        number: '99990000',
        customerId: 'c1',
        balance: { minor: -125050, currency: 'UAH' },
        registeredPhones: ['+380671234567', '+380677654321'],
        trustCredits: [
          {
            amount: { minor: 10000, currency: 'UAH' },
            activatedAt: '2026-09-01T00:00:00.000Z',
            dueAt: '2026-09-06T00:00:00.000Z',
            repaidAt: '2026-09-19T21:00:00.000Z',
          },
        ],
      });
      expect(await crm.findContract('00000000')).toBeNull();
    });

    it('finds only outages in force at the caller contract areas', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, file({ contracts: [contract], outages }), { defaultRegion: 'UA' });
      const now = '2026-11-21T10:00:00.000Z';
      expect(await crm.findOutagesForPhone('+380671234567', now)).toEqual([
        {
          id: 'o1',
          area: 'kyiv-podil',
          startsAt: '2026-11-21T06:00:00.000Z',
          endsAt: '2026-11-21T16:00:00.000Z',
          message: 'Бригада на місці.',
        },
      ]);
      expect(await crm.findOutagesForPhone('+380671234567', '2026-11-21T16:00:00.000Z')).toEqual(
        [],
      );
      expect(await crm.findOutagesForPhone('+77000000000', now)).toEqual([]);
    });

    it('a trust credit given during a call survives a re-import of the file', async () => {
      const { db, crm } = await crms.open();
      const data = file({ contracts: [contract] });
      await importCrmFile(db, data, { defaultRegion: 'UA' });
      await crm.activateTrustCredit({
        contractNumber: '99990000',
        amount: { minor: 50000, currency: 'UAH' },
        activatedAt: '2026-11-21T07:00:00.000Z',
        dueAt: '2026-11-26T07:00:00.000Z',
        callId: 'CA1',
      });
      await importCrmFile(db, data, { defaultRegion: 'UA' });
      expect((await crm.findContract('99990000'))?.trustCredits).toHaveLength(2);
    });

    it('exports contracts and outages so that they import back the same', async () => {
      const a = await crms.open();
      await importCrmFile(a.db, file({ contracts: [contract], outages }), { defaultRegion: 'UA' });
      const exported = await exportCrmFile(a.db);
      const b = await crms.open();
      await importCrmFile(b.db, JSON.parse(JSON.stringify(exported)), { defaultRegion: 'UA' });
      expect(await exportCrmFile(b.db)).toEqual(exported);
      expect(exported.contracts?.[0]?.phones).toEqual(['+380671234567', '+380677654321']);
      expect(exported.outages?.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    });

    it.each([
      [{ contracts: [{ ...contract, number: '12-34' }] }, 'contracts[0].number'],
      [{ contracts: [{ ...contract, currency: 'tenge' }] }, 'contracts[0].currency'],
      [
        { contracts: [{ ...contract, phones: ['12'] }] },
        'contracts[0].phones[0]: not a valid phone number',
      ],
      [{ contracts: [contract, contract] }, 'contracts[1].number: same number as contracts[0]'],
      [
        { outages: [{ ...outages[0], endsAt: '2026-11-21T07:00:00+02:00' }] },
        'outages[0].endsAt: not after startsAt',
      ],
      [{ outages: [{ ...outages[0], startsAt: 'tomorrow' }] }, 'outages[0].startsAt'],
    ])('rejects %j naming the field', async (extra, message) => {
      const { db } = await crms.open();
      const attempt = importCrmFile(db, file(extra), { defaultRegion: 'UA' });
      await expect(attempt).rejects.toThrow(CrmImportError);
      await expect(importCrmFile(db, file(extra), { defaultRegion: 'UA' })).rejects.toThrow(
        message,
      );
    });
  });
});
