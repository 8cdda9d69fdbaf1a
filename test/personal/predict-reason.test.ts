import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../src/flow/customer-items.js';
import { predictReason, type PredictionRule } from '../../src/flow/predict-reason.js';

const RULES: PredictionRule[] = [
  { kind: 'card_transaction', priority: 100, suspicious: true, today: true },
  { kind: 'appointment', priority: 80, statuses: ['scheduled', 'confirmed'], withinDays: 1 },
  { kind: 'order', priority: 60, statuses: ['in_delivery', 'ready_for_pickup'] },
  { kind: 'claim', priority: 40, statuses: ['submitted', 'in_review'] },
  { kind: 'ticket', priority: 20, statuses: ['open', 'pending'] },
];
const ZONE = 'Asia/Almaty';
/** Monday 23 November 2026, 10:00 in Almaty. */
const AT = '2026-11-23T05:00:00.000Z';

const order = (id: string, createdAt: string, status = 'in_delivery'): OpenItem => ({
  kind: 'order',
  id,
  number: id,
  status: status as 'in_delivery',
  createdAt,
  deliveryFrom: null,
  deliveryTo: null,
});
const transaction = (at: string, suspicious: boolean): OpenItem => ({
  kind: 'card_transaction',
  id: `t-${at}`,
  amount: { minor: 4_500_000, currency: 'KZT' },
  at,
  merchant: 'ТОО Мерчант',
  suspicious,
  cardLast4: '4421',
});
const appointment = (at: string): OpenItem => ({
  kind: 'appointment',
  id: `a-${at}`,
  specialist: 'Әлия Серікқызы',
  at,
  status: 'scheduled',
});
const claim: OpenItem = {
  kind: 'claim',
  id: 'c1',
  number: 'CL-7',
  openedAt: '2026-11-01T05:00:00.000Z',
  status: 'in_review',
};
const ticket: OpenItem = {
  kind: 'ticket',
  id: 'k1',
  number: 'T-9',
  openedAt: '2026-11-20T05:00:00.000Z',
  subject: 'Интернет',
  status: 'open',
};

describe('predictReason', () => {
  it('a suspicious transaction today beats everything else', () => {
    const items = [
      order('o1', '2026-11-22T05:00:00Z'),
      appointment('2026-11-24T06:00:00Z'),
      transaction('2026-11-23T03:00:00Z', true),
      claim,
      ticket,
    ];
    expect(predictReason(items, RULES, AT, ZONE)?.item.kind).toBe('card_transaction');
  });

  it('yesterday’s suspicious transaction, or a normal one today, is not a reason', () => {
    const items = [transaction('2026-11-22T12:00:00Z', true), transaction(AT, false), ticket];
    expect(predictReason(items, RULES, AT, ZONE)?.item.kind).toBe('ticket');
  });

  it('"today" is the caller’s day: 23:30 in Almaty is still today there', () => {
    // 2026-11-22T18:30Z is 23:30 on the 22nd in Almaty; the call at 00:10 on the 23rd.
    const late = transaction('2026-11-22T18:30:00Z', true);
    expect(predictReason([late], RULES, '2026-11-22T18:40:00Z', ZONE)?.item.kind).toBe(
      'card_transaction',
    );
    expect(predictReason([late], RULES, '2026-11-22T19:10:00Z', ZONE)).toBeNull();
  });

  it('an appointment tomorrow counts, one in three days does not', () => {
    expect(
      predictReason([appointment('2026-11-24T10:00:00Z'), order('o1', AT)], RULES, AT, ZONE)?.item
        .kind,
    ).toBe('appointment');
    expect(predictReason([appointment('2026-11-26T05:00:00Z')], RULES, AT, ZONE)).toBeNull();
  });

  it('recency breaks ties: the newer order, the sooner appointment', () => {
    const items = [order('old', '2026-11-10T05:00:00Z'), order('new', '2026-11-22T05:00:00Z')];
    expect(predictReason(items, RULES, AT, ZONE)?.item.id).toBe('new');
    const soon = appointment('2026-11-23T09:00:00Z');
    const later = appointment('2026-11-24T09:00:00Z');
    expect(predictReason([later, soon], RULES, AT, ZONE)?.item.id).toBe(soon.id);
  });

  it('statuses filter: a delivered order is no reason; nothing matching gives null', () => {
    expect(predictReason([order('o1', AT, 'delivered')], RULES, AT, ZONE)).toBeNull();
    expect(predictReason([], RULES, AT, ZONE)).toBeNull();
  });
});
