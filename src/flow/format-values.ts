import { DateTime } from 'luxon';
import type { Language } from './language.js';
import type { Money } from './self-service-data.js';

/** BCP-47 locale used for numbers, currencies and dates in each call language. */
const LOCALE: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB', uk: 'uk-UA' };

/**
 * An amount as words a TTS voice reads correctly: ICU names the currency with the right
 * plural in the language ("500 казахских тенге", "1 Kazakhstani tenge").
 */
export function formatMoney(money: Money, language: Language): string {
  return (
    new Intl.NumberFormat(LOCALE[language], {
      style: 'currency',
      currency: money.currency,
      currencyDisplay: 'name',
      minimumFractionDigits: 0,
      maximumFractionDigits: 2,
    })
      .format(money.minor / 100)
      // ICU groups digits with no-break spaces; plain ones read the same and suit SMS.
      .replace(/\s/gu, ' ')
  );
}

/**
 * A moment in the caller's zone: the time when it is today (18:00), else the date and time
 * (28 ноября 18:00). Never a fixed offset: the zone decides.
 */
export function formatUntil(iso: string, now: string, zone: string, language: Language): string {
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale(LOCALE[language]);
  const today = DateTime.fromISO(now, { zone: 'utc' }).setZone(zone);
  const time = at.toFormat('HH:mm');
  return at.hasSame(today, 'day')
    ? time
    : `${at.toLocaleString({ day: 'numeric', month: 'long' })} ${time}`;
}

/** A date in the caller's zone and language: "28 ноября". */
export function formatDate(iso: string, zone: string, language: Language): string {
  return DateTime.fromISO(iso, { zone: 'utc' })
    .setZone(zone)
    .setLocale(LOCALE[language])
    .toLocaleString({ day: 'numeric', month: 'long' });
}

/** Digits read one by one, so a contract number is never read as a large number. */
export function spellDigits(digits: string, words: readonly string[]): string {
  return [...digits].map((d) => words[Number(d)] ?? d).join(', ');
}

/** How a key is said in a prompt: digits as they are, `#` and `*` by name. */
export function keyName(key: string, names: { '#': string; '*': string }): string {
  return key === '#' || key === '*' ? names[key] : key;
}
