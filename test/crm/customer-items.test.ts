import { SelectQueryNode, TableNode, type KyselyPlugin } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { seedCrm } from '../../src/crm/seed-crm.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrations.js';
import { SqlCrm } from '../../src/crm/embedded/sql-crm.js';
import { NO_ACCOUNT_FACTS, type OpenItem } from '../../src/flow/customer-items.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { tempCrms } from './temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  /** The lookup's "now": Friday 20 November 2026, 12:00 in Almaty (+05:00). */
  const NOW = '2026-11-20T07:00:00.000Z';

  const ASEL = '+77071234567';
  const NURLAN = '+77017003344';

  /** Әсел with something of every kind, open and closed, and every account fact. */
  const asel = () => ({
    id: 'c-asel',
    firstName: 'Әсел',
    language: 'kk',
    timeZone: 'Asia/Almaty',
    segment: 'vip',
    phones: ['8 707 123 45 67'],
    orders: [
      {
        id: 'ord-1',
        number: '2026-004512',
        status: 'in_delivery',
        createdAt: '2026-11-18T19:42:00+05:00',
        deliveryFrom: '2026-11-20T14:00:00+05:00',
        deliveryTo: '2026-11-20T18:00:00+05:00',
      },
      { id: 'ord-2', number: '2026-004600', status: 'paid', createdAt: '2026-11-19T10:00:00Z' },
      {
        id: 'ord-3',
        number: '2026-003877',
        status: 'delivered',
        createdAt: '2026-11-02T05:05:00Z',
      },
      {
        id: 'ord-4',
        number: '2026-003900',
        status: 'cancelled',
        createdAt: '2026-11-03T05:05:00Z',
      },
    ],
    claims: [
      {
        id: 'clm-1',
        number: 'КАСКО-0412',
        openedAt: '2026-11-14T09:30:00+05:00',
        status: 'approved',
      },
      { id: 'clm-2', number: 'КАСКО-0127', openedAt: '2026-05-06T10:10:00Z', status: 'paid' },
      { id: 'clm-3', number: 'КАСКО-0099', openedAt: '2026-04-01T10:10:00Z', status: 'rejected' },
    ],
    cardTransactions: [
      {
        id: 'txn-today',
        amount: 45000,
        currency: 'KZT',
        at: '2026-11-20T09:47:00+05:00',
        merchant: '«Жібек Жолы Электроника», Алматы',
        suspicious: true,
        cardLast4: '4417',
      },
      {
        id: 'txn-old-suspicious',
        amount: 1250.5,
        currency: 'KZT',
        at: '2026-10-01T09:00:00Z',
        merchant: 'Online store',
        suspicious: true,
        cardLast4: '4417',
      },
      // Exactly 72 hours before NOW: still recent.
      {
        id: 'txn-72h',
        amount: 3890,
        currency: 'KZT',
        at: '2026-11-17T07:00:00Z',
        merchant: 'Кафе «Дастархан», Алматы',
        cardLast4: '4417',
      },
      {
        id: 'txn-old',
        amount: 12600,
        currency: 'KZT',
        at: '2026-11-17T06:59:59Z',
        merchant: 'Magnum, Алматы',
        suspicious: false,
        cardLast4: '4417',
      },
    ],
    appointments: [
      {
        id: 'apt-2',
        specialist: 'Сәуле Мұратқызы, терапевт',
        at: '2026-11-24T11:00:00+05:00',
        status: 'scheduled',
      },
      {
        id: 'apt-1',
        specialist: 'Сәуле Мұратқызы, терапевт',
        at: '2026-11-21T11:00:00+05:00',
        status: 'confirmed',
      },
      { id: 'apt-0', specialist: 'Окулист', at: '2026-11-19T11:00:00Z', status: 'cancelled' },
    ],
    tickets: [
      {
        id: 'tkt-1',
        number: 'SR-20411',
        openedAt: '2026-11-19T16:20:00+03:00',
        subject: 'Не приходят закрывающие документы за октябрь',
        status: 'pending',
      },
      {
        id: 'tkt-0',
        number: 'SR-19870',
        openedAt: '2026-10-28T11:05:00Z',
        subject: 'Шарттағы байланыс тұлғасын ауыстыру',
        status: 'resolved',
      },
    ],
    account: {
      personalManager: '+77012000102',
      overdue: { amount: 12500, currency: 'KZT' },
      openComplaint: true,
      paymentDue: { on: '2026-11-22', amount: 15000.75, currency: 'KZT' },
      policyExpires: { on: '2026-11-30', policyNumber: 'ПОЛ-7740-5518' },
      bonusPoints: 1250,
    },
  });

  const nurlan = (over: Record<string, unknown> = {}) => ({
    id: 'c-nurlan',
    firstName: 'Нұрлан',
    language: 'ru',
    phones: ['+7 701 700 33 44'],
    ...over,
  });

  const FILE = { version: 1, customers: [asel(), nurlan()] };

  /** The open items of asel(), in the profile's order. */
  const ASEL_OPEN_ITEMS: OpenItem[] = [
    {
      kind: 'order',
      id: 'ord-2',
      number: '2026-004600',
      status: 'paid',
      createdAt: '2026-11-19T10:00:00.000Z',
      deliveryFrom: null,
      deliveryTo: null,
    },
    {
      kind: 'order',
      id: 'ord-1',
      number: '2026-004512',
      status: 'in_delivery',
      createdAt: '2026-11-18T14:42:00.000Z',
      deliveryFrom: '2026-11-20T09:00:00.000Z',
      deliveryTo: '2026-11-20T13:00:00.000Z',
    },
    {
      kind: 'claim',
      id: 'clm-1',
      number: 'КАСКО-0412',
      openedAt: '2026-11-14T04:30:00.000Z',
      status: 'approved',
    },
    {
      kind: 'card_transaction',
      id: 'txn-today',
      amount: { minor: 4_500_000, currency: 'KZT' },
      at: '2026-11-20T04:47:00.000Z',
      merchant: '«Жібек Жолы Электроника», Алматы',
      suspicious: true,
      cardLast4: '4417',
    },
    {
      kind: 'card_transaction',
      id: 'txn-72h',
      amount: { minor: 389_000, currency: 'KZT' },
      at: '2026-11-17T07:00:00.000Z',
      merchant: 'Кафе «Дастархан», Алматы',
      suspicious: false,
      cardLast4: '4417',
    },
    {
      kind: 'card_transaction',
      id: 'txn-old-suspicious',
      amount: { minor: 125_050, currency: 'KZT' },
      at: '2026-10-01T09:00:00.000Z',
      merchant: 'Online store',
      suspicious: true,
      cardLast4: '4417',
    },
    {
      kind: 'appointment',
      id: 'apt-1',
      specialist: 'Сәуле Мұратқызы, терапевт',
      at: '2026-11-21T06:00:00.000Z',
      status: 'confirmed',
    },
    {
      kind: 'appointment',
      id: 'apt-2',
      specialist: 'Сәуле Мұратқызы, терапевт',
      at: '2026-11-24T06:00:00.000Z',
      status: 'scheduled',
    },
    {
      kind: 'ticket',
      id: 'tkt-1',
      number: 'SR-20411',
      openedAt: '2026-11-19T13:20:00.000Z',
      subject: 'Не приходят закрывающие документы за октябрь',
      status: 'pending',
    },
  ];

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

  const ids = (items: OpenItem[] | undefined) => items?.map((i) => i.id);

  describe('customer items and account facts', () => {
    it('a lookup returns the profile with exactly the open items and the account facts', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      expect(await crm.findCustomerByPhone(ASEL, NOW)).toEqual({
        id: 'c-asel',
        firstName: 'Әсел',
        lastName: null,
        patronymic: null,
        language: 'kk',
        timeZone: 'Asia/Almaty',
        segment: 'vip',
        phones: [ASEL],
        items: ASEL_OPEN_ITEMS,
        account: {
          personalManager: '+77012000102',
          overdue: { minor: 1_250_000, currency: 'KZT' },
          openComplaint: true,
          paymentDue: { on: '2026-11-22', amount: { minor: 1_500_075, currency: 'KZT' } },
          policyExpires: { on: '2026-11-30', policyNumber: 'ПОЛ-7740-5518' },
          bonusPoints: 1250,
        },
      });
    });

    it('a customer with nothing on file has no items and no account facts', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      expect(await crm.findCustomerByPhone(NURLAN, NOW)).toMatchObject({
        id: 'c-nurlan',
        items: [],
        account: NO_ACCOUNT_FACTS,
      });
    });

    it('leaves closed items out, and card transactions neither suspicious nor of the last 72 h', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      const items = (await crm.findCustomerByPhone(ASEL, NOW))?.items;
      for (const closed of ['ord-3', 'ord-4', 'clm-2', 'clm-3', 'apt-0', 'tkt-0', 'txn-old']) {
        expect(ids(items)).not.toContain(closed);
      }
      // A day later the 72-hour-old transaction is no longer recent; the suspicious ones stay.
      const later = await crm.findCustomerByPhone(ASEL, '2026-11-21T07:00:00.000Z');
      expect(later?.items.filter((i) => i.kind === 'card_transaction').map((i) => i.id)).toEqual([
        'txn-today',
        'txn-old-suspicious',
      ]);
      // Kept in the CRM all the same: the export has them.
      const exported = (await exportCrmFile(db)).customers.find((c) => c.id === 'c-asel');
      expect(exported?.orders?.map((o) => o.id)).toEqual(['ord-1', 'ord-2', 'ord-3', 'ord-4']);
    });

    it('reads the customer, items and facts in one transaction, one select per table', async () => {
      const { db } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      const tables: string[] = [];
      const spy: KyselyPlugin = {
        transformQuery({ node }) {
          if (SelectQueryNode.is(node)) {
            const from = node.from?.froms[0];
            if (from && TableNode.is(from)) tables.push(from.table.identifier.name);
          } else tables.push(node.kind);
          return node;
        },
        transformResult: ({ result }) => Promise.resolve(result),
      };
      const crm = new SqlCrm(db.withPlugin(spy));
      await crm.findCustomerByPhone(ASEL, NOW);
      expect(tables.sort()).toEqual([
        'card_transactions',
        'customer_appointments',
        'customer_claims',
        'customer_orders',
        // The probe by number (joined to customers and customer_accounts), then the list.
        'customer_phones',
        'customer_phones',
        'support_tickets',
      ]);
      tables.length = 0;
      expect(await crm.findCustomerByPhone('+77770000000', NOW)).toBeNull();
      expect(tables).toEqual(['customer_phones']);
    });

    it('re-import replaces the sections given, keeps those left out, and replaces the account', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      await importCrmFile(
        db,
        {
          version: 1,
          customers: [
            {
              ...nurlan(),
              orders: [
                {
                  id: 'ord-9',
                  number: '2026-009999',
                  status: 'ready_for_pickup',
                  createdAt: '2026-11-20T06:00:00Z',
                },
              ],
            },
            {
              ...asel(),
              orders: [
                {
                  id: 'ord-1',
                  number: '2026-004512',
                  status: 'delivered',
                  createdAt: '2026-11-18T19:42:00+05:00',
                },
              ],
              claims: [],
              cardTransactions: undefined,
              appointments: undefined,
              tickets: undefined,
              account: { bonusPoints: 1300 },
            },
          ],
        },
        { defaultRegion: 'KZ' },
      );
      const found = await crm.findCustomerByPhone(ASEL, NOW);
      expect(found?.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
        'card_transaction:txn-today',
        'card_transaction:txn-72h',
        'card_transaction:txn-old-suspicious',
        'appointment:apt-1',
        'appointment:apt-2',
        'ticket:tkt-1',
      ]);
      expect(found?.account).toEqual({ ...NO_ACCOUNT_FACTS, bonusPoints: 1300 });
      const stored = await db
        .selectFrom('customer_orders')
        .select(['id', 'status'])
        .where('customer_id', '=', 'c-asel')
        .execute();
      expect(stored).toEqual([{ id: 'ord-1', status: 'delivered' }]);
      expect(await db.selectFrom('customer_claims').selectAll().execute()).toEqual([]);
      expect(ids((await crm.findCustomerByPhone(NURLAN, NOW))?.items)).toEqual(['ord-9']);

      // A customers-only file (as an old seed file) erases nothing; an empty account clears it.
      await importCrmFile(
        db,
        {
          version: 1,
          customers: [{ id: 'c-asel', firstName: 'Әсел', phones: [ASEL], account: {} }],
        },
        { defaultRegion: 'KZ' },
      );
      const again = await crm.findCustomerByPhone(ASEL, NOW);
      expect(again?.items).toHaveLength(6);
      expect(again?.account).toEqual(NO_ACCOUNT_FACTS);
      expect(await db.selectFrom('customer_accounts').selectAll().execute()).toEqual([]);
    });

    it('upserts by id: an item written under another customer moves to them', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      const moved = {
        id: 'tkt-1',
        number: 'SR-20411',
        openedAt: '2026-11-19T16:20:00+03:00',
        subject: 'Тапсырыс жеткізілмеді',
        status: 'open',
      };
      await importCrmFile(
        db,
        { version: 1, customers: [nurlan({ tickets: [moved] })] },
        { defaultRegion: 'KZ' },
      );
      expect((await crm.findCustomerByPhone(NURLAN, NOW))?.items).toEqual([
        {
          kind: 'ticket',
          id: 'tkt-1',
          number: 'SR-20411',
          openedAt: '2026-11-19T13:20:00.000Z',
          subject: 'Тапсырыс жеткізілмеді',
          status: 'open',
        },
      ]);
      const aselItems = (await crm.findCustomerByPhone(ASEL, NOW))?.items;
      expect(aselItems?.filter((i) => i.kind === 'ticket')).toEqual([]);
    });

    it('export then import gives back the same file; the same file twice changes nothing', async () => {
      const source = await crms.open();
      await importCrmFile(source.db, FILE, { defaultRegion: 'KZ' });
      const exported = await exportCrmFile(source.db);
      const exportedAsel = exported.customers.find((c) => c.id === 'c-asel');
      expect(exportedAsel?.account).toEqual({
        personalManager: '+77012000102',
        overdue: { amount: 12500, currency: 'KZT' },
        openComplaint: true,
        paymentDue: { on: '2026-11-22', amount: 15000.75, currency: 'KZT' },
        policyExpires: { on: '2026-11-30', policyNumber: 'ПОЛ-7740-5518' },
        bonusPoints: 1250,
      });
      expect(exportedAsel?.cardTransactions?.map((t) => t.id)).toEqual([
        'txn-72h',
        'txn-old',
        'txn-old-suspicious',
        'txn-today',
      ]);
      expect(exportedAsel?.orders?.[1]).toEqual({
        id: 'ord-2',
        number: '2026-004600',
        status: 'paid',
        createdAt: '2026-11-19T10:00:00.000Z',
      });
      // A customer without items or facts exports as before.
      expect(Object.keys(exported.customers.find((c) => c.id === 'c-nurlan') ?? {})).toEqual([
        'id',
        'firstName',
        'language',
        'phones',
      ]);

      const target = await crms.open();
      await importCrmFile(target.db, JSON.parse(JSON.stringify(exported)), { defaultRegion: 'GB' });
      expect(await exportCrmFile(target.db)).toEqual(exported);
      expect(await target.crm.findCustomerByPhone(ASEL, NOW)).toEqual(
        await source.crm.findCustomerByPhone(ASEL, NOW),
      );
      await importCrmFile(target.db, exported, { defaultRegion: 'KZ' });
      expect(await exportCrmFile(target.db)).toEqual(exported);
    });

    it('items and account facts go with their customer (cascade)', async () => {
      const { db } = await crms.open();
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      await db.deleteFrom('customers').where('id', '=', 'c-asel').execute();
      for (const table of [
        'customer_orders',
        'customer_claims',
        'card_transactions',
        'customer_appointments',
        'support_tickets',
        'customer_accounts',
      ] as const) {
        expect(await db.selectFrom(table).selectAll().execute(), table).toEqual([]);
      }
    });

    it('migration 009 goes down and up again', async () => {
      const { db, target } = await crms.open();
      const schema = target.kind === 'postgres' ? target.schema : null;
      await migrateTo(db, '008_tasks', schema);
      const names = (await db.introspection.getTables())
        .filter((t) => schema === null || t.schema === schema)
        .map((t) => t.name);
      expect(names).not.toContain('customer_orders');
      expect(names).not.toContain('customer_accounts');
      await migrateToLatest(db, schema);
      await importCrmFile(db, FILE, { defaultRegion: 'KZ' });
      expect(await db.selectFrom('customer_orders').select('id').execute()).toHaveLength(4);
    });

    it.each([
      [
        'an unknown order status',
        { orders: [{ id: 'o', number: '1', status: 'shipped', createdAt: NOW }] },
        'customers[0].orders[0].status: must be one of created, paid, in_delivery, ready_for_pickup, delivered, cancelled',
      ],
      [
        'an order without createdAt',
        { orders: [{ id: 'o', number: '1', status: 'paid' }] },
        'customers[0].orders[0].createdAt: required',
      ],
      [
        'an instant without a zone',
        {
          claims: [{ id: 'c', number: '1', status: 'submitted', openedAt: '2026-11-20T10:00:00' }],
        },
        'customers[0].claims[0].openedAt: Invalid ISO datetime',
      ],
      [
        'a whole card number',
        {
          cardTransactions: [
            {
              id: 't',
              amount: 1,
              currency: 'KZT',
              at: NOW,
              merchant: 'X',
              cardLast4: '4400123412341234',
            },
          ],
        },
        'customers[0].cardTransactions[0].cardLast4: the last four digits of the card',
      ],
      [
        'a currency in lower case',
        {
          cardTransactions: [
            { id: 't', amount: 1, currency: 'kzt', at: NOW, merchant: 'X', cardLast4: '4417' },
          ],
        },
        'customers[0].cardTransactions[0].currency: an ISO 4217 code',
      ],
      [
        'an amount with three decimals',
        { account: { overdue: { amount: 10.005, currency: 'KZT' } } },
        'customers[0].account.overdue.amount: at most two decimals',
      ],
      [
        'a personal manager that is neither E.164 nor SIP',
        { account: { personalManager: '8 701 200 01 02' } },
        'customers[0].account.personalManager: expected an E.164 number',
      ],
      [
        'a payment due date with a time',
        {
          account: { paymentDue: { on: '2026-11-22T00:00:00Z', amount: 1, currency: 'KZT' } },
        },
        'customers[0].account.paymentDue.on: Invalid ISO date',
      ],
      [
        'fractional bonus points',
        { account: { bonusPoints: 12.5 } },
        'customers[0].account.bonusPoints: expected int',
      ],
      [
        'an unknown appointment status',
        { appointments: [{ id: 'a', specialist: 'X', at: NOW, status: 'done' }] },
        'customers[0].appointments[0].status: must be one of scheduled, confirmed, cancelled',
      ],
      [
        'an empty ticket subject',
        { tickets: [{ id: 't', number: '1', openedAt: NOW, subject: ' ', status: 'open' }] },
        'customers[0].tickets[0].subject: must not be empty',
      ],
      ['an unknown field', { account: { bonus: 1 } }, 'customers[0].account.bonus: unknown field'],
    ])('names the field on %s', async (_, fields, expected) => {
      const err = await importError({ version: 1, customers: [nurlan(fields)] });
      expect(err.message).toContain(expected);
    });

    it('names the place of an id used twice and of a delivery window ending before it starts', async () => {
      const order = (id: string, over: Record<string, unknown> = {}) => ({
        id,
        number: id,
        status: 'created',
        createdAt: NOW,
        ...over,
      });
      const err = await importError({
        version: 1,
        customers: [
          nurlan({ orders: [order('o-1'), order('o-2')] }),
          {
            ...asel(),
            orders: [
              order('o-2'),
              order('o-3', {
                deliveryFrom: '2026-11-21T14:00:00+05:00',
                deliveryTo: '2026-11-21T13:59:00+05:00',
              }),
            ],
          },
        ],
      });
      expect(err.issues).toEqual([
        'customers[1].orders[0].id: same id as customers[0].orders[1]',
        'customers[1].orders[1].deliveryTo: before deliveryFrom',
      ]);
    });
  });

  describe('demo items', () => {
    /** Seeded on a Wednesday at 08:30 in Almaty; looked at right away. */
    const SEEDED = new Date('2027-03-10T03:30:00Z');
    const at = SEEDED.toISOString();

    it('show each prediction whenever the demo is seeded', async () => {
      const { db, crm } = await crms.open();
      await seedCrm(db, { seedFile: null, defaultRegion: 'KZ', now: SEEDED });
      const lookup = async (phone: string) => {
        const found = await crm.findCustomerByPhone(phone, at);
        if (!found) throw new Error(`no demo customer at ${phone}`);
        return found;
      };

      const asel = await lookup('+77071234567');
      expect(asel.items).toEqual([
        expect.objectContaining({
          kind: 'order',
          status: 'in_delivery',
          // This afternoon in Almaty.
          deliveryFrom: '2027-03-10T09:00:00.000Z',
          deliveryTo: '2027-03-10T13:00:00.000Z',
        }),
      ]);
      expect(asel.account.bonusPoints).toBeGreaterThan(0);

      const arman = await lookup('+77011112233');
      expect(arman.segment).toBe('vip');
      expect(arman.account.personalManager).toMatch(/^\+7\d{10}$/);

      const sergey = await lookup('+77054440011');
      const suspicious = sergey.items.filter((i) => i.kind === 'card_transaction' && i.suspicious);
      // This morning, before the seeding: moved back to the seeding instant, not in the future.
      expect(suspicious).toEqual([
        expect.objectContaining({
          amount: { minor: 4_500_000, currency: 'KZT' },
          at,
          merchant: expect.stringContaining('Алматы') as string,
        }),
      ]);

      const dina = await lookup('+77015550000');
      expect(dina.items).toEqual([
        expect.objectContaining({ kind: 'appointment', at: '2027-03-11T06:00:00.000Z' }),
      ]);

      const olga = await lookup('+77024445566');
      expect(olga.items).toEqual([expect.objectContaining({ kind: 'claim', status: 'in_review' })]);

      const ivan = await lookup('+79165551234');
      expect(ivan.segment).toBe('corporate');
      expect(ivan.items).toEqual([expect.objectContaining({ kind: 'ticket', status: 'open' })]);

      expect((await lookup('+77753201488')).account.overdue?.minor).toBeGreaterThan(0);
      expect((await lookup('+380671234567')).account.openComplaint).toBe(true);
      expect((await lookup('+447700900123')).account.paymentDue?.on).toBe('2027-03-12');
      expect((await lookup('+77477001212')).account.policyExpires?.on).toBe('2027-03-20');
    });
  });
});
