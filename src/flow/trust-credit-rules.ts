import { DateTime } from 'luxon';
import type { ContractInfo } from './self-service-data.js';

/** Whether a trust credit may be given now, or the reason it may not. */
export type TrustDecision =
  | { ok: true }
  | { ok: false; reason: 'unregistered' }
  | { ok: false; reason: 'not-needed' }
  | { ok: false; reason: 'blocked'; until: string }
  | { ok: false; reason: 'blocked-unpaid' }
  | { ok: false; reason: 'active'; until: string };

/**
 * The trust-credit rules of the provider's personal account, in the order callers are told:
 * the calling number must be registered on the contract; a positive balance needs no
 * credit; a credit repaid after its due date blocks new ones for `blockMonths` from the
 * repayment; an unpaid overdue credit blocks; an active one cannot be taken twice.
 */
export function decideTrustCredit(
  contract: ContractInfo,
  caller: string | null,
  at: string,
  blockMonths: number,
): TrustDecision {
  if (!caller || !contract.registeredPhones.includes(caller)) {
    return { ok: false, reason: 'unregistered' };
  }
  if (contract.balance.minor > 0) return { ok: false, reason: 'not-needed' };
  const blockedUntil = contract.trustCredits
    .filter((c) => c.repaidAt !== null && c.repaidAt > c.dueAt)
    .map((c) =>
      DateTime.fromISO(c.repaidAt!, { zone: 'utc' }).plus({ months: blockMonths }).toISO()!,
    )
    .filter((until) => until > at)
    .sort()
    .at(-1);
  if (blockedUntil) return { ok: false, reason: 'blocked', until: blockedUntil };
  const unpaid = contract.trustCredits.filter((c) => c.repaidAt === null);
  if (unpaid.some((c) => c.dueAt <= at)) return { ok: false, reason: 'blocked-unpaid' };
  const active = unpaid.find((c) => c.dueAt > at);
  if (active) return { ok: false, reason: 'active', until: active.dueAt };
  return { ok: true };
}
