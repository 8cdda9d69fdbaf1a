import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatUntil, spellDigits } from '../../src/flow/format-values.js';
import type { ContractInfo } from '../../src/flow/self-service-data.js';
import { decideTrustCredit } from '../../src/flow/trust-credit-rules.js';

const CALLER = '+79165551234';
const AT = '2026-11-21T07:00:00.000Z';
const contract = (over: Partial<ContractInfo> = {}): ContractInfo => ({
  number: '55501234',
  customerId: 'c',
  balance: { minor: -32000, currency: 'KZT' },
  registeredPhones: [CALLER],
  trustCredits: [],
  ...over,
});
const credit = (dueAt: string, repaidAt: string | null) => ({
  amount: { minor: 50000, currency: 'KZT' },
  activatedAt: '2026-01-01T00:00:00.000Z',
  dueAt,
  repaidAt,
});

describe('trust credit rules', () => {
  it('allows a registered caller in debt with a clean history', () => {
    expect(decideTrustCredit(contract(), CALLER, AT, 3)).toEqual({ ok: true });
  });

  it('refuses an unregistered or withheld number first', () => {
    expect(decideTrustCredit(contract(), '+77000000000', AT, 3)).toMatchObject({
      reason: 'unregistered',
    });
    expect(decideTrustCredit(contract(), null, AT, 3)).toMatchObject({ reason: 'unregistered' });
  });

  it('is not needed with a positive balance; a zero balance may take one', () => {
    const positive = contract({ balance: { minor: 1, currency: 'KZT' } });
    expect(decideTrustCredit(positive, CALLER, AT, 3)).toMatchObject({ reason: 'not-needed' });
    const zero = contract({ balance: { minor: 0, currency: 'KZT' } });
    expect(decideTrustCredit(zero, CALLER, AT, 3)).toEqual({ ok: true });
  });

  it('blocks for blockMonths after a late repayment, and not after', () => {
    const late = contract({
      trustCredits: [credit('2026-09-06T00:00:00.000Z', '2026-09-20T00:00:00.000Z')],
    });
    expect(decideTrustCredit(late, CALLER, AT, 3)).toEqual({
      ok: false,
      reason: 'blocked',
      until: '2026-12-20T00:00:00.000Z',
    });
    expect(decideTrustCredit(late, CALLER, '2026-12-20T00:00:01.000Z', 3)).toEqual({ ok: true });
    const onTime = contract({
      trustCredits: [credit('2026-09-06T00:00:00.000Z', '2026-09-05T00:00:00.000Z')],
    });
    expect(decideTrustCredit(onTime, CALLER, AT, 3)).toEqual({ ok: true });
  });

  it('blocks while a credit is overdue and unpaid; an active one cannot be taken twice', () => {
    const overdue = contract({ trustCredits: [credit('2026-11-01T00:00:00.000Z', null)] });
    expect(decideTrustCredit(overdue, CALLER, AT, 3)).toMatchObject({ reason: 'blocked-unpaid' });
    const active = contract({ trustCredits: [credit('2026-11-24T00:00:00.000Z', null)] });
    expect(decideTrustCredit(active, CALLER, AT, 3)).toEqual({
      ok: false,
      reason: 'active',
      until: '2026-11-24T00:00:00.000Z',
    });
  });
});

describe('values spoken in the caller language and zone', () => {
  it('amounts with the currency named by ICU, in every language', () => {
    const m = { minor: 4500000, currency: 'KZT' };
    expect(formatMoney(m, 'ru')).toBe('45 000 казахских тенге');
    expect(formatMoney(m, 'en')).toBe('45,000 Kazakhstani tenges');
    expect(formatMoney({ minor: -125050, currency: 'UAH' }, 'uk')).toBe(
      '-1 250,5 української гривні',
    );
    expect(formatMoney({ minor: 50000, currency: 'KZT' }, 'kk')).toBe('500 Қазақстан теңгесі');
  });

  it('the time alone today, the date too on another day, in the caller zone', () => {
    expect(formatUntil('2026-11-21T13:00:00Z', AT, 'Asia/Almaty', 'ru')).toBe('18:00');
    expect(formatUntil('2026-11-21T20:00:00Z', AT, 'Asia/Almaty', 'kk')).toBe('22 қараша 01:00');
    expect(formatDate('2026-11-26T07:00:00Z', 'Europe/Moscow', 'uk')).toBe('26 листопада');
  });

  it('digits one by one', () => {
    expect(
      spellDigits('1205', [
        'ноль',
        'один',
        'два',
        'три',
        'четыре',
        'пять',
        'шесть',
        'семь',
        'восемь',
        'девять',
      ]),
    ).toBe('один, два, ноль, пять');
  });
});
