import { describe, expect, it } from 'vitest';
import { partOfDay } from '../../src/flow/part-of-day.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

const BOUNDS = { morning: '05:00', afternoon: '12:00', evening: '17:00', night: '23:00' };

describe('part of day in the caller zone', () => {
  it.each([
    // Kazakhstan is UTC+5 everywhere since 1 March 2024 (IANA zones, never fixed offsets).
    ['2026-11-21T06:59:59Z', 'Asia/Almaty', 'morning'],
    ['2026-11-21T07:00:00Z', 'Asia/Almaty', 'afternoon'],
    ['2026-11-21T11:59:00Z', 'Asia/Aqtobe', 'afternoon'],
    ['2026-11-21T12:00:00Z', 'Asia/Aqtobe', 'evening'],
    ['2026-11-21T17:59:00Z', 'Asia/Almaty', 'evening'],
    ['2026-11-21T18:00:00Z', 'Asia/Almaty', 'night'],
    ['2026-11-21T23:59:00Z', 'Asia/Almaty', 'night'],
    ['2026-11-22T00:00:00Z', 'Asia/Almaty', 'morning'],
    ['2026-11-21T23:59:00Z', 'Europe/Moscow', 'night'],
    ['2026-11-22T01:59:00Z', 'Europe/Moscow', 'night'],
    ['2026-11-22T02:00:00Z', 'Europe/Moscow', 'morning'],
    // London changes with summer time; the zone knows, an offset would not.
    ['2026-07-01T11:30:00Z', 'Europe/London', 'afternoon'],
    ['2026-12-01T11:30:00Z', 'Europe/London', 'morning'],
    ['2026-11-21T15:00:00Z', 'Europe/Kyiv', 'evening'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(partOfDay(instant, zone, BOUNDS)).toBe(expected);
  });

  it('before 1 March 2024 Almaty was UTC+6, and luxon knows it', () => {
    // 06:30 UTC was 12:30 in Almaty in February 2024 and is 11:30 since March 2024.
    expect(partOfDay('2024-02-01T06:30:00Z', 'Asia/Almaty', BOUNDS)).toBe('afternoon');
    expect(partOfDay('2024-04-01T06:30:00Z', 'Asia/Almaty', BOUNDS)).toBe('morning');
  });
});

describe.each(PROVIDERS)('$name: greeting follows the caller clock', (provider) => {
  it.each([
    ['2026-11-21T02:00:00Z', '+77071234567', 'Қайырлы таң, Әсел!'],
    ['2026-11-21T13:00:00Z', '+77071234567', 'Қайырлы кеш, Әсел!'],
    ['2026-11-21T19:00:00Z', '+77071234567', 'Қайырлы түн, Әсел!'],
    ['2026-11-21T19:00:00Z', '+79165551234', 'Добрый вечер, Иван Петрович!'],
    ['2026-11-21T21:00:00Z', '+380671234567', 'Доброї ночі, Тарас!'],
    ['2026-11-21T17:30:00Z', '+447700900123', 'Good evening, John!'],
  ])('at %s caller %s hears %s', async (now, phone, greeting) => {
    const t = await buildTestApp({ now });
    const step = await provider.call(t, phone).start();
    expect(step.heard[0]?.text).toBe(greeting);
  });

  it('guesses the zone from the number when the CRM has none (a KZ number)', async () => {
    // Dina has no zone and a KZ number: Asia/Almaty, 21:00 UTC = 02:00 → night.
    const t = await buildTestApp({ now: '2026-11-21T21:00:00Z' });
    const step = await provider.call(t, '+77015550000').start();
    expect(step.heard[0]?.text).toBe('Доброй ночи, Дина!');
  });
});
