import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { formatDate, formatDay, formatTime, spokenMoney } from '../../src/flow/format-values.js';
import { sayTemplate } from '../../src/flow/prompts.js';

const { prompts } = loadIvrSettings(null);
/** Saturday 21 November 2026, 12:00 in Almaty (UTC+5). */
const NOW = '2026-11-21T07:00:00Z';

describe('formatDay: the day as a caller says it, in their zone', () => {
  it.each([
    ['ru', '2026-11-20T10:00:00+05:00', 'вчера'],
    ['ru', '2026-11-21T23:30:00+05:00', 'сегодня'],
    ['ru', '2026-11-22T11:00:00+05:00', 'завтра'],
    ['ru', '2026-11-14T09:30:00+05:00', '14 ноября'],
    ['kk', '2026-11-20T10:00:00+05:00', 'кеше'],
    ['kk', '2026-11-22T11:00:00+05:00', 'ертең'],
    ['kk', '2026-11-23', '23 қараша күні'],
    ['en', '2026-11-22T11:00:00+05:00', 'tomorrow'],
    ['en', '2026-11-18T09:15:00Z', 'on 18 November'],
    ['uk', '2026-11-20T10:00:00+05:00', 'учора'],
    ['uk', '2026-11-30', '30 листопада'],
  ] as const)('%s %s → %s', (language, iso, words) => {
    expect(formatDay(iso, NOW, 'Asia/Almaty', language, prompts[language].onDate)).toBe(words);
  });

  it('the caller’s zone decides the day: 01:30 in Almaty is yesterday evening in London', () => {
    const at = '2026-11-21T20:30:00Z'; // 01:30 on the 22nd in Almaty
    const item = '2026-11-21T19:00:00Z'; // 00:00 on the 22nd in Almaty, 19:00 on the 21st in London
    expect(formatDay(item, at, 'Asia/Almaty', 'en', 'on {date}')).toBe('today');
    expect(formatDay(item, at, 'Europe/London', 'en', 'on {date}')).toBe('today');
    expect(formatDay('2026-11-21T18:00:00Z', at, 'Asia/Almaty', 'en', 'on {date}')).toBe(
      'yesterday',
    );
  });

  it('a calendar date is that day wherever the caller is, an instant is converted', () => {
    expect(formatDate('2026-11-30', 'America/New_York', 'en')).toBe('30 November');
    expect(formatDate('2026-11-30T02:00:00Z', 'America/New_York', 'en')).toBe('29 November');
    expect(formatTime('2026-11-21T04:47:00Z', 'Asia/Almaty')).toBe('09:47');
    expect(formatTime('2026-11-21T04:47:00Z', 'Europe/Moscow')).toBe('07:47');
  });
});

describe('spokenMoney', () => {
  it('words where the settings name the currency, digits otherwise', () => {
    const ru = prompts.ru.currencies;
    expect(spokenMoney({ minor: 4_500_000, currency: 'KZT' }, 'ru', ru)).toBe(
      'сорок пять тысяч тенге',
    );
    expect(spokenMoney({ minor: 4_500_000, currency: 'GBP' }, 'ru', ru)).toBe(
      '45 000 британских фунтов стерлингов',
    );
  });
});

describe('sayTemplate', () => {
  it('a sentence that opens with a value opens with a capital', () => {
    expect(sayTemplate('{when} берілген', { when: 'кеше' }, 'kk').text).toBe('Кеше берілген');
    expect(sayTemplate('{when}, сағат 11:00', { when: 'ертең' }, 'kk').text).toBe(
      'Ертең, сағат 11:00',
    );
    // A value inside a sentence is kept as it is.
    expect(sayTemplate('Ждём вас {when}.', { when: 'завтра' }, 'ru').text).toBe('Ждём вас завтра.');
  });
});
