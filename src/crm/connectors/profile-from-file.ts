import type { CustomerProfile } from '../../flow/customer.js';
import {
  CLOSED_STATUSES,
  NO_ACCOUNT_FACTS,
  RECENT_TRANSACTION_HOURS,
  type AccountFacts,
  type OpenItem,
} from '../../flow/customer-items.js';
import type { ContractInfo } from '../../flow/self-service-data.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import type { CountryCode } from 'libphonenumber-js';
import type { CrmFileCustomer } from '../crm-file-schema.js';
import type { CrmFileAccount } from '../customer-items-file-schema.js';
import type { CrmFileContract } from '../self-service-file-schema.js';

const toMinor = (major: number) => Math.round(major * 100);
const toUtc = (iso: string) => new Date(iso).toISOString();
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isClosed = (list: readonly string[], status: string) => list.includes(status);

/**
 * A customer of the CRM file format (docs/crm-file.md), as an HTTP CRM sends it, turned
 * into the profile the flow reads: the same rules as the embedded CRM (phones in E.164,
 * instants in UTC, only open items, card transactions when suspicious or recent, items in
 * the embedded CRM's order). `at` is the call's clock.
 */
export function profileFromFileCustomer(
  c: CrmFileCustomer,
  at: string,
  defaultRegion: CountryCode,
): CustomerProfile {
  const recentSince = Date.parse(at) - RECENT_TRANSACTION_HOURS * 3_600_000;
  const newest = <T extends { id: string }>(rows: T[], time: (r: T) => string) =>
    [...rows].sort((a, b) => byCodePoint(time(b), time(a)) || byCodePoint(a.id, b.id));
  const items: OpenItem[] = [
    ...newest(
      (c.orders ?? []).filter((o) => !isClosed(CLOSED_STATUSES.order, o.status)),
      (o) => toUtc(o.createdAt),
    ).map((o): OpenItem => ({
      kind: 'order',
      id: o.id,
      number: o.number,
      status: o.status,
      createdAt: toUtc(o.createdAt),
      deliveryFrom: o.deliveryFrom ? toUtc(o.deliveryFrom) : null,
      deliveryTo: o.deliveryTo ? toUtc(o.deliveryTo) : null,
    })),
    ...newest(
      (c.claims ?? []).filter((x) => !isClosed(CLOSED_STATUSES.claim, x.status)),
      (x) => toUtc(x.openedAt),
    ).map((x): OpenItem => ({
      kind: 'claim',
      id: x.id,
      number: x.number,
      openedAt: toUtc(x.openedAt),
      status: x.status,
    })),
    ...newest(
      (c.cardTransactions ?? []).filter((t) => t.suspicious || Date.parse(t.at) >= recentSince),
      (t) => toUtc(t.at),
    ).map((t): OpenItem => ({
      kind: 'card_transaction',
      id: t.id,
      amount: { minor: toMinor(t.amount), currency: t.currency },
      at: toUtc(t.at),
      merchant: t.merchant,
      suspicious: t.suspicious === true,
      cardLast4: t.cardLast4,
    })),
    ...[...(c.appointments ?? []).filter((a) => !isClosed(CLOSED_STATUSES.appointment, a.status))]
      .sort((a, b) => byCodePoint(toUtc(a.at), toUtc(b.at)) || byCodePoint(a.id, b.id))
      .map((a): OpenItem => ({
        kind: 'appointment',
        id: a.id,
        specialist: a.specialist,
        at: toUtc(a.at),
        status: a.status,
      })),
    ...newest(
      (c.tickets ?? []).filter((t) => !isClosed(CLOSED_STATUSES.ticket, t.status)),
      (t) => toUtc(t.openedAt),
    ).map((t): OpenItem => ({
      kind: 'ticket',
      id: t.id,
      number: t.number,
      openedAt: toUtc(t.openedAt),
      subject: t.subject,
      status: t.status,
    })),
  ];
  const phones = [
    ...new Set(c.phones.map((p) => normalizePhone(p, defaultRegion)).filter((p) => p !== null)),
  ].sort(byCodePoint);
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName ?? null,
    patronymic: c.patronymic ?? null,
    language: c.language ?? null,
    timeZone: c.timeZone ? c.timeZone : null,
    segment: c.segment ? c.segment : null,
    phones,
    items,
    account: c.account ? accountFacts(c.account) : { ...NO_ACCOUNT_FACTS },
  };
}

function accountFacts(a: CrmFileAccount): AccountFacts {
  return {
    personalManager: a.personalManager ? a.personalManager : null,
    overdue: a.overdue ? { minor: toMinor(a.overdue.amount), currency: a.overdue.currency } : null,
    openComplaint: a.openComplaint === true,
    paymentDue: a.paymentDue
      ? {
          on: a.paymentDue.on,
          amount: { minor: toMinor(a.paymentDue.amount), currency: a.paymentDue.currency },
        }
      : null,
    policyExpires: a.policyExpires ?? null,
    bonusPoints: a.bonusPoints ?? null,
  };
}

/** A contract of the CRM file format as self-service reads it; newest trust credit first. */
export function contractFromFile(c: CrmFileContract, defaultRegion: CountryCode): ContractInfo {
  return {
    number: c.number,
    customerId: c.customerId ?? null,
    balance: { minor: toMinor(c.balance), currency: c.currency },
    registeredPhones: [
      ...new Set(c.phones.map((p) => normalizePhone(p, defaultRegion)).filter((p) => p !== null)),
    ],
    trustCredits: [...(c.trustCredits ?? [])]
      .map((t) => ({
        amount: { minor: toMinor(t.amount), currency: c.currency },
        activatedAt: toUtc(t.activatedAt),
        dueAt: toUtc(t.dueAt),
        repaidAt: t.repaidAt ? toUtc(t.repaidAt) : null,
      }))
      .sort((a, b) => byCodePoint(b.activatedAt, a.activatedAt)),
  };
}
