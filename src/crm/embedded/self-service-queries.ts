import type { Kysely } from 'kysely';
import type { ContractInfo, Money, Outage } from '../../flow/self-service-data.js';
import type { AppDatabase } from '../../store/database-schema.js';
import { compiledQuery, type Slots } from '../../store/compiled-query.js';

/** Asked on every call of a known number (the outage announcement): compiled once. */
const outagesForPhone = compiledQuery(
  (db: Kysely<AppDatabase>, p: Slots<{ e164: string; at: string }>) =>
    db
      .selectFrom('contract_phones')
      .innerJoin('contracts', 'contracts.number', 'contract_phones.contract_number')
      .innerJoin('outages', 'outages.area', 'contracts.area')
      .select([
        'outages.id',
        'outages.area',
        'outages.starts_at',
        'outages.ends_at',
        'outages.message',
      ])
      .where('contract_phones.e164', '=', p.e164)
      .where('outages.starts_at', '<=', p.at)
      // An outage whose expected end has passed is never announced.
      .where('outages.ends_at', '>', p.at)
      .distinct(),
);

/**
 * Outages in force at `at` in the areas of the contracts this number is registered on.
 * One indexed join: contract_phones(e164) → contracts → outages(area).
 */
export async function findOutagesForPhone(
  db: Kysely<AppDatabase>,
  e164: string,
  at: string,
): Promise<Outage[]> {
  const rows = await outagesForPhone.rows(db, { e164, at });
  return rows
    .map((r) => ({
      id: r.id,
      area: r.area,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      message: r.message,
    }))
    .sort((a, b) => a.endsAt.localeCompare(b.endsAt));
}

/** A contract with its registered numbers and trust credits (newest first), or null. */
export async function findContract(
  db: Kysely<AppDatabase>,
  number: string,
): Promise<ContractInfo | null> {
  const contract = await db
    .selectFrom('contracts')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst();
  if (!contract) return null;
  const [phones, credits] = await Promise.all([
    db.selectFrom('contract_phones').select('e164').where('contract_number', '=', number).execute(),
    db
      .selectFrom('trust_credits')
      .selectAll()
      .where('contract_number', '=', number)
      .orderBy('activated_at', 'desc')
      .execute(),
  ]);
  return {
    number: contract.number,
    customerId: contract.customer_id,
    balance: { minor: contract.balance_minor, currency: contract.currency },
    registeredPhones: phones.map((p) => p.e164).sort(),
    trustCredits: credits.map((c) => ({
      amount: { minor: c.amount_minor, currency: c.currency },
      activatedAt: c.activated_at,
      dueAt: c.due_at,
      repaidAt: c.repaid_at,
    })),
  };
}

/** Records a trust credit given during a call. */
export async function activateTrustCredit(
  db: Kysely<AppDatabase>,
  credit: {
    contractNumber: string;
    amount: Money;
    activatedAt: string;
    dueAt: string;
    callId: string;
  },
): Promise<void> {
  await db
    .insertInto('trust_credits')
    .values({
      contract_number: credit.contractNumber,
      activated_at: credit.activatedAt,
      amount_minor: credit.amount.minor,
      currency: credit.amount.currency,
      due_at: credit.dueAt,
      repaid_at: null,
      call_id: credit.callId,
    })
    .execute();
}
