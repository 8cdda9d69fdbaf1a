import type { Insertable, Kysely, Transaction } from 'kysely';
import {
  APPOINTMENT_STATUSES,
  CLAIM_STATUSES,
  ORDER_STATUSES,
  TICKET_STATUSES,
} from '../flow/customer-items.js';
import type { CrmFile, CrmFileCustomer } from './crm-file-schema.js';
import type { CrmFileAccount } from './customer-items-file-schema.js';
import type { AppDatabase } from '../store/database-schema.js';

/** The item sections of a customer in the file, and the table each one fills. */
const SECTIONS = {
  orders: 'customer_orders',
  claims: 'customer_claims',
  cardTransactions: 'card_transactions',
  appointments: 'customer_appointments',
  tickets: 'support_tickets',
} as const;

type Section = keyof typeof SECTIONS;
type ItemTable = (typeof SECTIONS)[Section];

const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

/** Rows to write, per section, each typed against its own table. */
type ItemRows = { [S in Section]: Array<Insertable<AppDatabase[(typeof SECTIONS)[S]]>> };

/** Items and account facts of a CRM file, checked and ready to write. */
export interface PreparedCustomerItems {
  rows: ItemRows;
  /** Per section, the customers whose items of that kind the file replaces. */
  replaced: Record<Section, string[]>;
  /** Account rows to write; customers whose `account` says nothing get theirs deleted. */
  accounts: Array<Insertable<AppDatabase['customer_accounts']>>;
  clearedAccounts: string[];
}

const toMinor = (major: number) => Math.round(major * 100);
const toUtc = (iso: string) => new Date(iso).toISOString();
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Splits long lists so `in (…)` and multi-row inserts stay under bound-parameter limits. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Where each item id of a kind was first written in the file (`customers[2].orders[0]`). */
export type ItemIdsSeen = Record<Section, Map<string, string>>;

export function newItemIdsSeen(): ItemIdsSeen {
  return {
    orders: new Map(),
    claims: new Map(),
    cardTransactions: new Map(),
    appointments: new Map(),
    tickets: new Map(),
  };
}

/**
 * Turns the customers' item sections and account facts into rows, and checks what zod
 * cannot: an id used twice for one kind anywhere in the file (it would be one item), a
 * delivery window ending before it starts.
 */
export function prepareCustomerItems(
  file: Pick<CrmFile, 'customers'>,
  /**
   * For a file read in parts (streamed): `offset` is the index of `file.customers[0]` in the
   * file, and `seen` the item ids of the parts before (updated here).
   */
  part: { offset: number; seen: ItemIdsSeen } = { offset: 0, seen: newItemIdsSeen() },
): {
  prepared: PreparedCustomerItems;
  problems: string[];
} {
  const problems: string[] = [];
  const rows: ItemRows = {
    orders: [],
    claims: [],
    cardTransactions: [],
    appointments: [],
    tickets: [],
  };
  const replaced: Record<Section, string[]> = {
    orders: [],
    claims: [],
    cardTransactions: [],
    appointments: [],
    tickets: [],
  };
  const { seen } = part;
  const accounts: PreparedCustomerItems['accounts'] = [];
  const clearedAccounts: string[] = [];

  file.customers.forEach((customer, k) => {
    const i = part.offset + k;
    const customerId = customer.id;
    for (const section of SECTION_NAMES) {
      const items = customer[section];
      if (items === undefined) continue;
      replaced[section].push(customerId);
      items.forEach((item, j) => {
        const at = `customers[${i}].${section}[${j}]`;
        const first = seen[section].get(item.id);
        if (first !== undefined) problems.push(`${at}.id: same id as ${first}`);
        else seen[section].set(item.id, at);
      });
    }
    (customer.orders ?? []).forEach((o, j) => {
      if (o.deliveryFrom && o.deliveryTo && toUtc(o.deliveryTo) < toUtc(o.deliveryFrom)) {
        problems.push(`customers[${i}].orders[${j}].deliveryTo: before deliveryFrom`);
      }
    });
    pushRows(rows, customer);
    if (customer.account !== undefined) {
      const row = accountRow(customerId, customer.account);
      if (row) accounts.push(row);
      else clearedAccounts.push(customerId);
    }
  });
  return { prepared: { rows, replaced, accounts, clearedAccounts }, problems };
}

function pushRows(rows: ItemRows, customer: CrmFileCustomer): void {
  const customer_id = customer.id;
  for (const o of customer.orders ?? []) {
    rows.orders.push({
      id: o.id,
      customer_id,
      number: o.number,
      status: o.status,
      created_at: toUtc(o.createdAt),
      delivery_from: o.deliveryFrom ? toUtc(o.deliveryFrom) : null,
      delivery_to: o.deliveryTo ? toUtc(o.deliveryTo) : null,
    });
  }
  for (const c of customer.claims ?? []) {
    rows.claims.push({
      id: c.id,
      customer_id,
      number: c.number,
      opened_at: toUtc(c.openedAt),
      status: c.status,
    });
  }
  for (const t of customer.cardTransactions ?? []) {
    rows.cardTransactions.push({
      id: t.id,
      customer_id,
      amount_minor: toMinor(t.amount),
      currency: t.currency,
      at: toUtc(t.at),
      merchant: t.merchant,
      suspicious: t.suspicious ? 1 : 0,
      card_last4: t.cardLast4,
    });
  }
  for (const a of customer.appointments ?? []) {
    rows.appointments.push({
      id: a.id,
      customer_id,
      specialist: a.specialist,
      at: toUtc(a.at),
      status: a.status,
    });
  }
  for (const t of customer.tickets ?? []) {
    rows.tickets.push({
      id: t.id,
      customer_id,
      number: t.number,
      opened_at: toUtc(t.openedAt),
      subject: t.subject,
      status: t.status,
    });
  }
}

/** The account row of the file's facts, or null when they say nothing at all. */
function accountRow(
  customerId: string,
  a: CrmFileAccount,
): Insertable<AppDatabase['customer_accounts']> | null {
  const row = {
    customer_id: customerId,
    personal_manager: a.personalManager ? a.personalManager : null,
    overdue_minor: a.overdue ? toMinor(a.overdue.amount) : null,
    overdue_currency: a.overdue ? a.overdue.currency : null,
    open_complaint: a.openComplaint ? 1 : 0,
    payment_due_on: a.paymentDue ? a.paymentDue.on : null,
    payment_due_minor: a.paymentDue ? toMinor(a.paymentDue.amount) : null,
    payment_due_currency: a.paymentDue ? a.paymentDue.currency : null,
    policy_expires_on: a.policyExpires ? a.policyExpires.on : null,
    policy_number: a.policyExpires ? a.policyExpires.policyNumber : null,
    bonus_points: a.bonusPoints ?? null,
  };
  const { customer_id: _, open_complaint, ...facts } = row;
  const saysSomething = open_complaint === 1 || Object.values(facts).some((v) => v !== null);
  return saysSomething ? row : null;
}

/**
 * The five item tables seen through what they share (an id and an owner), so one loop can
 * clear and fill them all. Inserts write every key of the prepared rows, which were typed
 * against their own table in prepareCustomerItems.
 */
type OwnedRow = { id: string; customer_id: string };

/**
 * Writes the prepared items and accounts inside the import's transaction. For each kind
 * a customer's section is given for, their items of that kind are replaced by the file's;
 * an id is one item, so an id found under another customer is moved to this one (deleted
 * there, written here). Accounts are replaced whole.
 */
export async function writeCustomerItems(
  trx: Transaction<AppDatabase>,
  { rows, replaced, accounts, clearedAccounts }: PreparedCustomerItems,
): Promise<void> {
  const owned = trx as unknown as Transaction<Record<ItemTable, OwnedRow>>;
  for (const section of SECTION_NAMES) {
    const table = SECTIONS[section];
    const sectionRows: readonly OwnedRow[] = rows[section];
    for (const batch of chunks(replaced[section], 500)) {
      await owned.deleteFrom(table).where('customer_id', 'in', batch).execute();
    }
    const ids = sectionRows.map((r) => r.id);
    for (const batch of chunks(ids, 500)) {
      await owned.deleteFrom(table).where('id', 'in', batch).execute();
    }
    // At most 8 columns a row: 100 rows stay far below every bound-parameter limit.
    for (const batch of chunks(sectionRows, 100)) {
      await owned.insertInto(table).values(batch).execute();
    }
  }
  for (const batch of chunks(clearedAccounts, 500)) {
    await trx.deleteFrom('customer_accounts').where('customer_id', 'in', batch).execute();
  }
  for (const batch of chunks(accounts, 100)) {
    await trx
      .insertInto('customer_accounts')
      .values(batch)
      .onConflict((oc) =>
        oc.column('customer_id').doUpdateSet((eb) => ({
          personal_manager: eb.ref('excluded.personal_manager'),
          overdue_minor: eb.ref('excluded.overdue_minor'),
          overdue_currency: eb.ref('excluded.overdue_currency'),
          open_complaint: eb.ref('excluded.open_complaint'),
          payment_due_on: eb.ref('excluded.payment_due_on'),
          payment_due_minor: eb.ref('excluded.payment_due_minor'),
          payment_due_currency: eb.ref('excluded.payment_due_currency'),
          policy_expires_on: eb.ref('excluded.policy_expires_on'),
          policy_number: eb.ref('excluded.policy_number'),
          bonus_points: eb.ref('excluded.bonus_points'),
        })),
      )
      .execute();
  }
}

/** What a customer of an export gets besides the customer fields: only what is on file. */
export type ExportedCustomerItems = Pick<CrmFileCustomer, 'account' | Section>;

/**
 * Every customer's items and account facts as CRM file fields, by customer id: items by
 * id, empty sections and unknown facts left out. An item whose stored status the format
 * does not know (edited by hand) is left out rather than exported as something else.
 */
export async function exportCustomerItems(
  db: Kysely<AppDatabase>,
): Promise<Map<string, ExportedCustomerItems>> {
  const [orders, claims, transactions, appointments, tickets, accounts] = await Promise.all([
    db.selectFrom('customer_orders').selectAll().execute(),
    db.selectFrom('customer_claims').selectAll().execute(),
    db.selectFrom('card_transactions').selectAll().execute(),
    db.selectFrom('customer_appointments').selectAll().execute(),
    db.selectFrom('support_tickets').selectAll().execute(),
    db.selectFrom('customer_accounts').selectAll().execute(),
  ]);
  const out = new Map<string, ExportedCustomerItems>();
  const of = (customerId: string) => {
    let entry = out.get(customerId);
    if (!entry) out.set(customerId, (entry = {}));
    return entry;
  };
  const add = <S extends Section>(
    section: S,
    customerId: string,
    item: NonNullable<ExportedCustomerItems[S]>[number],
  ) => {
    const entry = of(customerId);
    const list = (entry[section] ??= []) as Array<typeof item>;
    list.push(item);
  };
  const byId = <T extends { id: string }>(list: T[]) =>
    [...list].sort((a, b) => byCodePoint(a.id, b.id));

  for (const o of byId(orders)) {
    const status = ORDER_STATUSES.find((s) => s === o.status);
    if (!status) continue;
    add('orders', o.customer_id, {
      id: o.id,
      number: o.number,
      status,
      createdAt: o.created_at,
      ...(o.delivery_from !== null && { deliveryFrom: o.delivery_from }),
      ...(o.delivery_to !== null && { deliveryTo: o.delivery_to }),
    });
  }
  for (const c of byId(claims)) {
    const status = CLAIM_STATUSES.find((s) => s === c.status);
    if (!status) continue;
    add('claims', c.customer_id, { id: c.id, number: c.number, openedAt: c.opened_at, status });
  }
  for (const t of byId(transactions)) {
    add('cardTransactions', t.customer_id, {
      id: t.id,
      amount: t.amount_minor / 100,
      currency: t.currency,
      at: t.at,
      merchant: t.merchant,
      ...(t.suspicious === 1 && { suspicious: true }),
      cardLast4: t.card_last4,
    });
  }
  for (const a of byId(appointments)) {
    const status = APPOINTMENT_STATUSES.find((s) => s === a.status);
    if (!status) continue;
    add('appointments', a.customer_id, {
      id: a.id,
      specialist: a.specialist,
      at: a.at,
      status,
    });
  }
  for (const t of byId(tickets)) {
    const status = TICKET_STATUSES.find((s) => s === t.status);
    if (!status) continue;
    add('tickets', t.customer_id, {
      id: t.id,
      number: t.number,
      openedAt: t.opened_at,
      subject: t.subject,
      status,
    });
  }
  for (const a of accounts) {
    of(a.customer_id).account = {
      ...(a.personal_manager !== null && { personalManager: a.personal_manager }),
      ...(a.overdue_minor !== null &&
        a.overdue_currency !== null && {
          overdue: { amount: a.overdue_minor / 100, currency: a.overdue_currency },
        }),
      ...(a.open_complaint === 1 && { openComplaint: true }),
      ...(a.payment_due_on !== null &&
        a.payment_due_minor !== null &&
        a.payment_due_currency !== null && {
          paymentDue: {
            on: a.payment_due_on,
            amount: a.payment_due_minor / 100,
            currency: a.payment_due_currency,
          },
        }),
      ...(a.policy_expires_on !== null &&
        a.policy_number !== null && {
          policyExpires: { on: a.policy_expires_on, policyNumber: a.policy_number },
        }),
      ...(a.bonus_points !== null && { bonusPoints: a.bonus_points }),
    };
  }
  return out;
}
