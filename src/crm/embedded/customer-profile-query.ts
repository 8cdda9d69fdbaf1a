import type { Kysely } from 'kysely';
import type { CustomerProfile } from '../../flow/customer.js';
import {
  APPOINTMENT_STATUSES,
  CLAIM_STATUSES,
  CLOSED_STATUSES,
  ORDER_STATUSES,
  RECENT_TRANSACTION_HOURS,
  TICKET_STATUSES,
  type AccountFacts,
  type OpenItem,
} from '../../flow/customer-items.js';
import { languageSchema } from '../../flow/language.js';
import { isValidZone } from '../../lib/iana-zone.js';
import type { AppDatabase, CustomerAccountsTable } from '../../store/database-schema.js';
import { compiledQuery, type Slots } from '../../store/compiled-query.js';

const HOUR_MS = 3_600_000;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): value is T =>
    (values as readonly string[]).includes(value);

const isOrderStatus = isOneOf(ORDER_STATUSES);
const isClaimStatus = isOneOf(CLAIM_STATUSES);
const isAppointmentStatus = isOneOf(APPOINTMENT_STATUSES);
const isTicketStatus = isOneOf(TICKET_STATUSES);

/** Account columns as the left join returns them: all null when the customer has no row. */
type AccountColumns = {
  [K in Exclude<keyof CustomerAccountsTable, 'customer_id'>]: CustomerAccountsTable[K] | null;
};

/** The customer owning a number, with their account: step 1 of the plan below. */
const customerByPhone = compiledQuery((db: Kysely<AppDatabase>, p: Slots<{ e164: string }>) =>
  db
    .selectFrom('customer_phones')
    .innerJoin('customers', 'customers.id', 'customer_phones.customer_id')
    .leftJoin('customer_accounts', 'customer_accounts.customer_id', 'customers.id')
    .select([
      'customers.id',
      'customers.first_name',
      'customers.last_name',
      'customers.patronymic',
      'customers.language',
      'customers.time_zone',
      'customers.segment',
      'customer_accounts.personal_manager',
      'customer_accounts.overdue_minor',
      'customer_accounts.overdue_currency',
      'customer_accounts.open_complaint',
      'customer_accounts.payment_due_on',
      'customer_accounts.payment_due_minor',
      'customer_accounts.payment_due_currency',
      'customer_accounts.policy_expires_on',
      'customer_accounts.policy_number',
      'customer_accounts.bonus_points',
    ])
    .where('customer_phones.e164', '=', p.e164),
);

type ById = Slots<{ id: string }>;

/** Step 2 of the plan: the customer's numbers and open items, by customer id. */
const phonesOf = compiledQuery((db: Kysely<AppDatabase>, p: ById) =>
  db.selectFrom('customer_phones').select('e164').where('customer_id', '=', p.id),
);
const openOrders = compiledQuery((db: Kysely<AppDatabase>, p: ById) =>
  db
    .selectFrom('customer_orders')
    .selectAll()
    .where('customer_id', '=', p.id)
    .where('status', 'not in', CLOSED_STATUSES.order),
);
const openClaims = compiledQuery((db: Kysely<AppDatabase>, p: ById) =>
  db
    .selectFrom('customer_claims')
    .selectAll()
    .where('customer_id', '=', p.id)
    .where('status', 'not in', CLOSED_STATUSES.claim),
);
const recentTransactions = compiledQuery(
  (db: Kysely<AppDatabase>, p: Slots<{ id: string; since: string }>) =>
    db
      .selectFrom('card_transactions')
      .selectAll()
      .where('customer_id', '=', p.id)
      .where((eb) => eb.or([eb('suspicious', '=', 1), eb('at', '>=', p.since)])),
);
const openAppointments = compiledQuery((db: Kysely<AppDatabase>, p: ById) =>
  db
    .selectFrom('customer_appointments')
    .selectAll()
    .where('customer_id', '=', p.id)
    .where('status', 'not in', CLOSED_STATUSES.appointment),
);
const openTickets = compiledQuery((db: Kysely<AppDatabase>, p: ById) =>
  db
    .selectFrom('support_tickets')
    .selectAll()
    .where('customer_id', '=', p.id)
    .where('status', 'not in', CLOSED_STATUSES.ticket),
);

/**
 * The customer who owns `e164`, with their numbers, open items and account facts, or null.
 * `at` (ISO instant) is "now" for the recent card transactions.
 *
 * Query plan, in one read transaction so the parts agree with each other (SQLite: one
 * WAL snapshot; PostgreSQL: repeatable read, read only):
 *   1. customer_phones by primary key (e164), joined to customers by primary key and left
 *      joined to customer_accounts by primary key: one row, or none and we stop.
 *   2. then, all keyed by that customer id through the customer_id indexes, sent together:
 *      customer_phones (all numbers), customer_orders, customer_claims, card_transactions,
 *      customer_appointments, support_tickets, each filtered to open rows in SQL.
 * Seven indexed selects, one per table (customer_phones twice: the probe and the list), no
 * query per item. A customer's item tables are small, so nothing is paged. Each query is
 * built and compiled once (compiledQuery), not per call.
 */
export async function findCustomerProfile(
  db: Kysely<AppDatabase>,
  e164: string,
  at: string,
): Promise<CustomerProfile | null> {
  const since = new Date(Date.parse(at) - RECENT_TRANSACTION_HOURS * HOUR_MS).toISOString();
  return db
    .transaction()
    .setAccessMode('read only')
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const row = await customerByPhone.first(trx, { e164 });
      if (!row) return null;
      const id = row.id;
      const [phones, orders, claims, transactions, appointments, tickets] = await Promise.all([
        phonesOf.rows(trx, { id }),
        openOrders.rows(trx, { id }),
        openClaims.rows(trx, { id }),
        recentTransactions.rows(trx, { id, since }),
        openAppointments.rows(trx, { id }),
        openTickets.rows(trx, { id }),
      ]);
      // The rows were validated on import, but the file may have been edited by other
      // tools: an unknown language or zone becomes "unknown", an item with an unknown
      // status is left out, rather than giving the flow what its types do not allow.
      const language = languageSchema.safeParse(row.language);
      return {
        id,
        firstName: row.first_name,
        lastName: row.last_name,
        patronymic: row.patronymic,
        language: language.success ? language.data : null,
        timeZone: row.time_zone && isValidZone(row.time_zone) ? row.time_zone : null,
        segment: row.segment,
        phones: phones.map((p) => p.e164).sort(byCodePoint),
        items: [
          ...newestFirst(orders, (o) => o.created_at).flatMap((o): OpenItem[] =>
            isOrderStatus(o.status)
              ? [
                  {
                    kind: 'order',
                    id: o.id,
                    number: o.number,
                    status: o.status,
                    createdAt: o.created_at,
                    deliveryFrom: o.delivery_from,
                    deliveryTo: o.delivery_to,
                  },
                ]
              : [],
          ),
          ...newestFirst(claims, (c) => c.opened_at).flatMap((c): OpenItem[] =>
            isClaimStatus(c.status)
              ? [
                  {
                    kind: 'claim',
                    id: c.id,
                    number: c.number,
                    openedAt: c.opened_at,
                    status: c.status,
                  },
                ]
              : [],
          ),
          ...newestFirst(transactions, (t) => t.at).map((t): OpenItem => ({
            kind: 'card_transaction',
            id: t.id,
            amount: { minor: t.amount_minor, currency: t.currency },
            at: t.at,
            merchant: t.merchant,
            suspicious: t.suspicious === 1,
            cardLast4: t.card_last4,
          })),
          // Appointments soonest first: the next one is the likely reason for a call.
          ...soonestFirst(appointments, (a) => a.at).flatMap((a): OpenItem[] =>
            isAppointmentStatus(a.status)
              ? [
                  {
                    kind: 'appointment',
                    id: a.id,
                    specialist: a.specialist,
                    at: a.at,
                    status: a.status,
                  },
                ]
              : [],
          ),
          ...newestFirst(tickets, (t) => t.opened_at).flatMap((t): OpenItem[] =>
            isTicketStatus(t.status)
              ? [
                  {
                    kind: 'ticket',
                    id: t.id,
                    number: t.number,
                    openedAt: t.opened_at,
                    subject: t.subject,
                    status: t.status,
                  },
                ]
              : [],
          ),
        ],
        account: accountFacts(row),
      };
    });
}

/**
 * Rows by time, newest first, then by id. Sorted here by code point rather than with
 * ORDER BY: PostgreSQL sorts text by locale, SQLite by bytes, and the order must not
 * depend on the database.
 */
function newestFirst<T extends { id: string }>(rows: T[], time: (row: T) => string): T[] {
  return [...rows].sort((a, b) => byCodePoint(time(b), time(a)) || byCodePoint(a.id, b.id));
}

/** Rows by time, soonest first, then by id. */
function soonestFirst<T extends { id: string }>(rows: T[], time: (row: T) => string): T[] {
  return [...rows].sort((a, b) => byCodePoint(time(a), time(b)) || byCodePoint(a.id, b.id));
}

/** An amount and its currency are one fact: half of it is no fact. */
function money(minor: number | null, currency: string | null) {
  return minor !== null && currency !== null ? { minor, currency } : null;
}

function accountFacts(row: AccountColumns): AccountFacts {
  const paymentDue = money(row.payment_due_minor, row.payment_due_currency);
  return {
    personalManager: row.personal_manager,
    overdue: money(row.overdue_minor, row.overdue_currency),
    openComplaint: row.open_complaint === 1,
    paymentDue:
      row.payment_due_on !== null && paymentDue
        ? { on: row.payment_due_on, amount: paymentDue }
        : null,
    policyExpires:
      row.policy_expires_on !== null && row.policy_number !== null
        ? { on: row.policy_expires_on, policyNumber: row.policy_number }
        : null,
    bonusPoints: row.bonus_points,
  };
}
