import type { Kysely, Transaction } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../lib/normalize-phone.js';
import type { CrmFile } from './crm-file-schema.js';
import type { CrmFileContract, CrmFileOutage } from './self-service-file-schema.js';
import type { AppDatabase } from '../store/database-schema.js';

/** Contracts and outages of a CRM file, checked and ready to write. */
export interface PreparedSelfService {
  contracts: Array<{ contract: CrmFileContract; phones: string[] }>;
  outages: CrmFileOutage[];
}

const toMinor = (major: number) => Math.round(major * 100);
const toUtc = (iso: string) => new Date(iso).toISOString();

/** Normalises registered numbers and checks what zod cannot: duplicates, time order. */
export function prepareSelfService(
  file: CrmFile,
  defaultRegion: CountryCode,
): { prepared: PreparedSelfService; problems: string[] } {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const contracts = (file.contracts ?? []).map((contract, i) => {
    const first = seen.get(contract.number);
    if (first !== undefined)
      problems.push(`contracts[${i}].number: same number as contracts[${first}]`);
    else seen.set(contract.number, i);
    const phones = new Set<string>();
    contract.phones.forEach((raw, j) => {
      const e164 = normalizePhone(raw, defaultRegion);
      if (e164) phones.add(e164);
      else problems.push(`contracts[${i}].phones[${j}]: not a valid phone number`);
    });
    (contract.trustCredits ?? []).forEach((c, j) => {
      if (c.dueAt <= c.activatedAt)
        problems.push(`contracts[${i}].trustCredits[${j}].dueAt: before activatedAt`);
    });
    return { contract, phones: [...phones].sort() };
  });
  const outageIds = new Set<string>();
  (file.outages ?? []).forEach((o, i) => {
    if (outageIds.has(o.id)) problems.push(`outages[${i}].id: duplicate id ${o.id}`);
    outageIds.add(o.id);
    if (toUtc(o.endsAt) <= toUtc(o.startsAt))
      problems.push(`outages[${i}].endsAt: not after startsAt`);
  });
  return { prepared: { contracts, outages: file.outages ?? [] }, problems };
}

/**
 * Writes contracts (upsert by number, registered numbers replaced) and outages (upsert by
 * id). Trust credits are added, never removed: credits given during calls are not in the
 * file, and an import at every start must not erase them.
 */
export async function writeSelfService(
  trx: Transaction<AppDatabase>,
  { contracts, outages }: PreparedSelfService,
): Promise<void> {
  for (const { contract, phones } of contracts) {
    const values = {
      customer_id: contract.customerId ?? null,
      balance_minor: toMinor(contract.balance),
      currency: contract.currency,
      area: contract.area ?? null,
      address: contract.address ?? null,
    };
    await trx
      .insertInto('contracts')
      .values({ number: contract.number, ...values })
      .onConflict((oc) => oc.column('number').doUpdateSet(values))
      .execute();
    await trx
      .deleteFrom('contract_phones')
      .where('contract_number', '=', contract.number)
      .execute();
    if (phones.length > 0) {
      await trx
        .insertInto('contract_phones')
        .values(phones.map((e164) => ({ contract_number: contract.number, e164 })))
        .execute();
    }
    for (const credit of contract.trustCredits ?? []) {
      const row = {
        amount_minor: toMinor(credit.amount),
        currency: contract.currency,
        due_at: toUtc(credit.dueAt),
        repaid_at: credit.repaidAt ? toUtc(credit.repaidAt) : null,
      };
      await trx
        .insertInto('trust_credits')
        .values({
          contract_number: contract.number,
          activated_at: toUtc(credit.activatedAt),
          call_id: null,
          ...row,
        })
        .onConflict((oc) => oc.columns(['contract_number', 'activated_at']).doUpdateSet(row))
        .execute();
    }
  }
  for (const o of outages) {
    const values = {
      area: o.area,
      starts_at: toUtc(o.startsAt),
      ends_at: toUtc(o.endsAt),
      message: o.message ?? null,
    };
    await trx
      .insertInto('outages')
      .values({ id: o.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }
}

/** Contracts and outages as CRM file sections, in a stable order. */
export async function exportSelfService(
  db: Kysely<AppDatabase>,
): Promise<Pick<CrmFile, 'contracts' | 'outages'>> {
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const [contracts, phones, credits, outages] = await Promise.all([
    db.selectFrom('contracts').selectAll().execute(),
    db.selectFrom('contract_phones').selectAll().execute(),
    db.selectFrom('trust_credits').selectAll().execute(),
    db.selectFrom('outages').selectAll().execute(),
  ]);
  return {
    contracts: contracts
      .sort((a, b) => byCodePoint(a.number, b.number))
      .map((c) => ({
        number: c.number,
        ...(c.customer_id !== null && { customerId: c.customer_id }),
        balance: c.balance_minor / 100,
        currency: c.currency,
        ...(c.area !== null && { area: c.area }),
        ...(c.address !== null && { address: c.address }),
        phones: phones
          .filter((p) => p.contract_number === c.number)
          .map((p) => p.e164)
          .sort(byCodePoint),
        trustCredits: credits
          .filter((t) => t.contract_number === c.number)
          .sort((a, b) => byCodePoint(a.activated_at, b.activated_at))
          .map((t) => ({
            amount: t.amount_minor / 100,
            activatedAt: t.activated_at,
            dueAt: t.due_at,
            ...(t.repaid_at !== null && { repaidAt: t.repaid_at }),
          })),
      })),
    outages: outages
      .sort((a, b) => byCodePoint(a.id, b.id))
      .map((o) => ({
        id: o.id,
        area: o.area,
        startsAt: o.starts_at,
        endsAt: o.ends_at,
        ...(o.message !== null && { message: o.message }),
      })),
  };
}
