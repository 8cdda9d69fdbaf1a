import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import type { AccountFacts } from '../../src/flow/customer-items.js';
import type { CustomerProfile } from '../../src/flow/customer.js';
import { pickReminder, type ReminderSettings } from '../../src/flow/pick-reminder.js';
import { routeBySegment, type SegmentRule } from '../../src/flow/segment-routing.js';

const NO_FACTS: AccountFacts = {
  personalManager: null,
  overdue: null,
  openComplaint: false,
  paymentDue: null,
  policyExpires: null,
  bonusPoints: null,
};
const customer = (
  segment: string | null,
  account: Partial<AccountFacts> = {},
): CustomerProfile => ({
  id: 'c1',
  firstName: 'Арман',
  lastName: 'Қайратов',
  patronymic: 'Қайратұлы',
  language: 'kk',
  timeZone: 'Asia/Almaty',
  segment,
  phones: ['+77011112233'],
  items: [],
  account: { ...NO_FACTS, ...account },
});

const RULES: SegmentRule[] = [
  { id: 'vip', when: { segment: ['vip'] }, route: ['personal-manager', 'vip-line'] },
  { id: 'debtor', when: { overdue: true }, route: ['collections'] },
  { id: 'complaint', when: { openComplaint: true }, route: ['retention'] },
  { id: 'corporate', when: { segment: ['corporate'] }, route: ['priority-queue'] },
];
const DEST = {
  'vip-line': { type: 'number' as const, number: '+77172000010' },
  collections: { type: 'number' as const, number: '+77172000011' },
  retention: { type: 'number' as const, number: '+77172000012' },
  'priority-queue': { type: 'number' as const, number: '+77172000013' },
};

describe('routeBySegment', () => {
  it('VIP: the personal manager first, then the VIP line', () => {
    const route = routeBySegment(RULES, DEST, customer('VIP', { personalManager: '+77017770000' }));
    expect(route).toEqual({
      ruleId: 'vip',
      targets: [
        { target: 'personal-manager', destination: { type: 'number', number: '+77017770000' } },
        { target: 'vip-line', destination: DEST['vip-line'] },
      ],
    });
  });

  it('VIP without a usable manager: the VIP line only', () => {
    const route = routeBySegment(RULES, DEST, customer('vip', { personalManager: 'call Aigerim' }));
    expect(route?.targets.map((t) => t.target)).toEqual(['vip-line']);
  });

  it('debtors, complaints and corporates, first rule wins; regular customers: none', () => {
    const overdue = { minor: 1_500_000, currency: 'KZT' };
    expect(routeBySegment(RULES, DEST, customer('corporate', { overdue }))?.ruleId).toBe('debtor');
    expect(routeBySegment(RULES, DEST, customer(null, { openComplaint: true }))?.ruleId).toBe(
      'complaint',
    );
    expect(routeBySegment(RULES, DEST, customer('corporate'))?.ruleId).toBe('corporate');
    expect(routeBySegment(RULES, DEST, customer('regular'))).toBeNull();
    expect(
      routeBySegment(RULES, DEST, customer(null, { overdue: { minor: 0, currency: 'KZT' } })),
    ).toBeNull();
  });
});

const SETTINGS: ReminderSettings = {
  order: ['payment-due', 'policy-expiring', 'bonus-points'],
  paymentDueWithinDays: 3,
  policyExpiringWithinDays: 14,
  bonusPointsAtLeast: 100,
};
/** Monday 23 November 2026, 10:00 in Almaty. */
const AT = '2026-11-23T05:00:00.000Z';
const ZONE = 'Asia/Almaty';

describe('pickReminder', () => {
  const due = (on: string) => ({
    paymentDue: { on, amount: { minor: 4_500_000, currency: 'KZT' } },
  });
  it('payment due within 3 days (today counts; 4 days does not; past does not)', () => {
    expect(pickReminder(SETTINGS, { ...NO_FACTS, ...due('2026-11-26') }, AT, ZONE)?.kind).toBe(
      'payment-due',
    );
    expect(pickReminder(SETTINGS, { ...NO_FACTS, ...due('2026-11-23') }, AT, ZONE)?.kind).toBe(
      'payment-due',
    );
    expect(pickReminder(SETTINGS, { ...NO_FACTS, ...due('2026-11-27') }, AT, ZONE)).toBeNull();
    expect(pickReminder(SETTINGS, { ...NO_FACTS, ...due('2026-11-22') }, AT, ZONE)).toBeNull();
  });

  it('policy expiring within 14 days: only the last 4 characters of the number', () => {
    const account = {
      ...NO_FACTS,
      policyExpires: { on: '2026-12-07', policyNumber: 'KZ-POL-00981234' },
    };
    expect(pickReminder(SETTINGS, account, AT, ZONE)).toEqual({
      kind: 'policy-expiring',
      on: '2026-12-07',
      policyLast4: '1234',
    });
    const later = { ...NO_FACTS, policyExpires: { on: '2026-12-08', policyNumber: 'X1234' } };
    expect(pickReminder(SETTINGS, later, AT, ZONE)).toBeNull();
  });

  it('one reminder per call: the first in order wins; bonus points from the threshold', () => {
    const all = {
      ...NO_FACTS,
      ...due('2026-11-24'),
      policyExpires: { on: '2026-11-30', policyNumber: 'P-5555' },
      bonusPoints: 250,
    };
    expect(pickReminder(SETTINGS, all, AT, ZONE)?.kind).toBe('payment-due');
    expect(pickReminder({ ...SETTINGS, order: ['bonus-points'] }, all, AT, ZONE)).toEqual({
      kind: 'bonus-points',
      points: 250,
    });
    expect(pickReminder(SETTINGS, { ...NO_FACTS, bonusPoints: 99 }, AT, ZONE)).toBeNull();
    expect(pickReminder({ ...SETTINGS, order: [] }, all, AT, ZONE)).toBeNull();
  });
});

describe('the IVR settings check the routes', () => {
  it('a route to an unknown destination, or a missing fraud line, is refused naming the field', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../../src/config/default-ivr-settings.json', import.meta.url), 'utf8'),
    ) as {
      segmentRouting: { rules: Array<{ route: string[] }>; destinations: Record<string, string> };
    };
    shipped.segmentRouting.rules[0]!.route = ['personal-manager', 'vip-lien'];
    delete shipped.segmentRouting.destinations.fraud;
    const file = join(mkdtempSync(join(tmpdir(), 'ivr-settings-')), 'settings.json');
    writeFileSync(file, JSON.stringify(shipped));
    expect(() => loadIvrSettings(file)).toThrow(/segmentRouting\.rules\.0\.route\.1.*vip-lien/s);
    expect(() => loadIvrSettings(file)).toThrow(/segmentRouting\.destinations\.fraud/);
  });
});
