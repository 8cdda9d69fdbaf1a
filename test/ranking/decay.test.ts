import { describe, expect, it } from 'vitest';
import {
  contribution,
  DECAY_EPOCH_MS,
  eventLogTerm,
  halfLifeMs,
  logAddExp,
  logSumExp,
  scoreAt,
} from '../../src/crm/ranking/decay.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/crm/ranking/ranking-settings.js';
import { DAY, HOUR } from './ranking-fixtures.js';

const invoice = { weight: 5, lifetimeDays: 30 };
const support = { weight: 1, lifetimeDays: 180 };
const now = Date.parse('2026-03-11T06:00:00Z');

describe('decay', () => {
  it('halves every lifetime / 10 and is below 0.1 % of the weight at the end of the lifetime', () => {
    expect(halfLifeMs(invoice)).toBe(3 * DAY);
    expect(contribution(invoice, now, now)).toBe(5);
    expect(contribution(invoice, now - 3 * DAY, now)).toBeCloseTo(2.5, 12);
    const atEnd = contribution(invoice, now - 30 * DAY, now);
    expect(atEnd).toBeCloseTo(5 / 1024, 12);
    expect(atEnd / invoice.weight).toBeLessThan(0.001);
    // …and below minScore, so one event past its lifetime no longer ranks anyone.
    expect(atEnd).toBeLessThan(DEFAULT_RANKING_SETTINGS.minScore);
  });

  it('weights and lifetimes: an invoice an hour ago beats three support replies a month ago; later it reverses', () => {
    const score = (at: number) => ({
      invoice: contribution(invoice, now - HOUR, at),
      support: 3 * contribution(support, now - 30 * DAY, at),
    });
    const today = score(now);
    expect(today.invoice).toBeGreaterThan(today.support);
    const monthLater = score(now + 30 * DAY);
    expect(monthLater.support).toBeGreaterThan(monthLater.invoice);
  });

  it('the log aggregate gives the direct sum, read at any instant', () => {
    const events = [0, 2, 9, 40, 200].map((d) => now - d * DAY);
    const logSum = logSumExp(events.map((t) => eventLogTerm(invoice, t)));
    for (const at of [now, now + 5 * DAY, now + 60 * DAY]) {
      const direct = events.reduce((sum, t) => sum + contribution(invoice, t, at), 0);
      expect(scoreAt(logSum, invoice, at)).toBeCloseTo(direct, 12);
    }
  });

  it('log-add-exp one event at a time equals log-sum-exp of all, in any order', () => {
    const terms = [3.2, -1, 1200.5, 1199.9, -Infinity, 40];
    const pairwise = terms.reduce((acc, x) => logAddExp(acc, x), -Infinity);
    const reversed = [...terms].reverse().reduce((acc, x) => logAddExp(acc, x), -Infinity);
    expect(pairwise).toBeCloseTo(logSumExp(terms), 10);
    expect(reversed).toBeCloseTo(logSumExp(terms), 10);
  });

  it('does not overflow decades after the epoch, where 2^((t − T0)/h) is not a double', () => {
    const short = { weight: 10, lifetimeDays: 1 };
    const late = DECAY_EPOCH_MS + 80 * 365 * DAY;
    expect(2 ** ((late - DECAY_EPOCH_MS) / halfLifeMs(short))).toBe(Infinity);
    const logSum = logAddExp(eventLogTerm(short, late), eventLogTerm(short, late - HOUR));
    expect(Number.isFinite(logSum)).toBe(true);
    expect(scoreAt(logSum, short, late)).toBeCloseTo(10 + 10 * 2 ** (-1 / 2.4), 9);
  });
});
