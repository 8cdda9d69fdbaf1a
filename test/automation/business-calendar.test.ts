import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../src/automation/automation-settings.js';
import { isOpen, nextOpening } from '../../src/automation/business-calendar.js';
import type { BusinessCalendar } from '../../src/automation/business-calendar.js';

const almaty = DEFAULT_AUTOMATION_SETTINGS.businessHours;
/** A wall-clock time in Almaty as the UTC instant the rest of the system passes around. */
const local = (text: string, zone = 'Asia/Almaty') =>
  DateTime.fromISO(text, { zone }).toUTC().toISO() ?? '';

describe('business calendar (shipped: Almaty, Mon–Fri 09:00–18:00)', () => {
  it.each([
    ['2026-11-02T08:59:59', false],
    ['2026-11-02T09:00:00', true],
    ['2026-11-02T17:59:59', true],
    ['2026-11-02T18:00:00', false],
    ['2026-11-07T12:00:00', false], // Saturday
    ['2026-11-08T12:00:00', false], // Sunday
    ['2026-12-16T12:00:00', false], // Independence Day, a Wednesday
    ['2027-01-07T12:00:00', false], // Orthodox Christmas, a Thursday
    ['2027-01-08T12:00:00', true],
  ])('%s is open: %s', (at, open) => {
    expect(isOpen(almaty, local(at))).toBe(open);
  });

  it('reads the instant in the company zone, whatever offset it is written with', () => {
    // 04:30 UTC is 09:30 in Almaty on a Monday.
    expect(isOpen(almaty, '2026-11-02T04:30:00.000Z')).toBe(
      isOpen(almaty, local('2026-11-02T09:30')),
    );
    expect(
      isOpen(
        almaty,
        DateTime.fromISO(local('2026-11-02T09:30')).setZone('Europe/Kyiv').toISO() ?? '',
      ),
    ).toBe(true);
  });

  it('returns the instant itself when open', () => {
    const at = local('2026-11-02T10:15:00');
    expect(nextOpening(almaty, at)).toBe(at);
  });

  it('opens later the same day, or the next morning', () => {
    expect(nextOpening(almaty, local('2026-11-02T07:00'))).toBe(local('2026-11-02T09:00'));
    expect(nextOpening(almaty, local('2026-11-02T18:00'))).toBe(local('2026-11-03T09:00'));
    expect(nextOpening(almaty, local('2026-11-03T00:10'))).toBe(local('2026-11-03T09:00'));
  });

  it('skips the weekend', () => {
    expect(nextOpening(almaty, local('2026-11-06T18:30'))).toBe(local('2026-11-09T09:00'));
    expect(nextOpening(almaty, local('2026-11-08T23:59'))).toBe(local('2026-11-09T09:00'));
  });

  it('skips holidays: Independence Day and the New Year holidays with the weekend', () => {
    expect(nextOpening(almaty, local('2026-12-15T18:00'))).toBe(local('2026-12-18T09:00'));
    // Thu 31 Dec after hours → Fri 1 Jan, Sat 2 Jan holidays, Sunday → Mon 4 Jan.
    expect(nextOpening(almaty, local('2026-12-31T18:30'))).toBe(local('2027-01-04T09:00'));
  });

  it('answers in ISO-8601 UTC', () => {
    expect(nextOpening(almaty, local('2026-11-06T18:30'))).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/,
    );
  });

  it('throws a clear error when nothing opens within ~400 days', () => {
    const days = Array.from(
      { length: 500 },
      (_, i) => DateTime.fromISO('2026-11-02').plus({ days: i }).toISODate() ?? '',
    );
    const closed: BusinessCalendar = { ...almaty, holidays: days };
    expect(() => nextOpening(closed, local('2026-11-02T10:00'))).toThrow(
      /does not open within 400 days/,
    );
  });
});

describe('business calendar across daylight saving (Kyiv)', () => {
  const kyiv: BusinessCalendar = {
    zone: 'Europe/Kyiv',
    week: { mon: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
    holidays: [],
  };
  /** A Sunday line opening in the hour the March change skips, open until midnight. */
  const sundays: BusinessCalendar = { ...kyiv, week: { ...kyiv.week, sun: ['03:30', '24:00'] } };

  it('opens at 09:00 local on both sides of the March change', () => {
    // Friday 27 March 2026 is winter time (UTC+2), Monday 30 March summer time (UTC+3).
    expect(isOpen(kyiv, '2026-03-27T06:59:59.000Z')).toBe(false);
    expect(isOpen(kyiv, '2026-03-27T07:00:00.000Z')).toBe(true);
    expect(isOpen(kyiv, '2026-03-30T05:59:59.000Z')).toBe(false);
    expect(isOpen(kyiv, '2026-03-30T06:00:00.000Z')).toBe(true);
    // Friday 18:00 (16:00 UTC) → Monday 09:00 (06:00 UTC).
    expect(nextOpening(kyiv, '2026-03-27T16:00:00.000Z')).toBe('2026-03-30T06:00:00.000Z');
  });

  it('opens an hour later by the clock when the opening time is skipped', () => {
    // Sunday 29 March 2026: 03:00 jumps to 04:00, so 03:30 never happens.
    expect(nextOpening(sundays, '2026-03-28T23:00:00.000Z')).toBe('2026-03-29T01:30:00.000Z');
    expect(isOpen(sundays, '2026-03-29T01:29:59.000Z')).toBe(false);
    expect(isOpen(sundays, '2026-03-29T20:59:59.000Z')).toBe(true); // 23:59:59 local
    expect(nextOpening(sundays, '2026-03-29T21:00:00.000Z')).toBe('2026-03-30T06:00:00.000Z');
  });

  it('opens at 09:00 local on both sides of the October change', () => {
    // Friday 23 October 2026 is summer time (UTC+3), Monday 26 October winter time (UTC+2).
    expect(isOpen(kyiv, '2026-10-23T05:59:59.000Z')).toBe(false);
    expect(isOpen(kyiv, '2026-10-23T06:00:00.000Z')).toBe(true);
    // Friday 18:00 (15:00 UTC) → Monday 09:00 (07:00 UTC).
    expect(nextOpening(kyiv, '2026-10-23T15:00:00.000Z')).toBe('2026-10-26T07:00:00.000Z');
    expect(isOpen(kyiv, '2026-10-26T06:59:59.000Z')).toBe(false);
    expect(isOpen(kyiv, '2026-10-26T07:00:00.000Z')).toBe(true);
  });
});
