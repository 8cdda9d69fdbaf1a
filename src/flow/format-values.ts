import { DateTime } from 'luxon';
import { fillTemplate } from '../lib/fill-template.js';
import { LOCALES, type Language } from './language.js';
import type { Money } from './self-service-data.js';
import { moneyWords, type CurrencyWords } from '../words/money-words.js';

/**
 * An amount in digits with the currency named by ICU, with the right plural in the
 * language ("500 казахских тенге", "1 Kazakhstani tenge"): for SMS texts, and for speech
 * when a currency has no words in the settings (spokenMoney).
 */
export function formatMoney(money: Money, language: Language): string {
  return (
    new Intl.NumberFormat(LOCALES[language], {
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
 * An amount as the IVR says it: words ("сорок пять тысяч тенге"), which every TTS engine
 * reads the same, from the language's `currencies` words; a currency they do not name is
 * said as formatMoney writes it.
 */
export function spokenMoney(money: Money, language: Language, currencies: CurrencyWords): string {
  return moneyWords(money, language, currencies) ?? formatMoney(money, language);
}

/**
 * A moment in the caller's zone: the time when it is today (18:00), else the date and time
 * (28 ноября 18:00). Never a fixed offset: the zone decides.
 */
export function formatUntil(iso: string, now: string, zone: string, language: Language): string {
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale(LOCALES[language]);
  const today = DateTime.fromISO(now, { zone: 'utc' }).setZone(zone);
  const time = at.toFormat('HH:mm');
  return at.hasSame(today, 'day')
    ? time
    : `${at.toLocaleString({ day: 'numeric', month: 'long' })} ${time}`;
}

/**
 * A date in the caller's zone and language: "28 ноября". An instant ("…T09:47:00Z") is
 * converted to the zone; a calendar date ("2026-11-28") is that day there, whatever the
 * zone's offset.
 */
export function formatDate(iso: string, zone: string, language: Language): string {
  return DateTime.fromISO(iso, { zone })
    .setLocale(LOCALES[language])
    .toLocaleString({ day: 'numeric', month: 'long' });
}

/**
 * The day of `iso` as a caller says it, in their zone: "вчера", "сегодня", "завтра" (ICU's
 * words, so "кеше", "ертең", "yesterday" in the other languages), otherwise the date put in
 * the language's `onDate` phrase ("{date} күні", "on {date}"), so that "оформленный {when}"
 * reads right either way.
 */
export function formatDay(
  iso: string,
  now: string,
  zone: string,
  language: Language,
  onDate: string,
): string {
  const day = DateTime.fromISO(iso, { zone }).startOf('day');
  const today = DateTime.fromISO(now, { zone }).startOf('day');
  const offset = Math.round(day.diff(today, 'days').days);
  if (Math.abs(offset) <= 1) {
    return new Intl.RelativeTimeFormat(LOCALES[language], { numeric: 'auto' }).format(
      offset,
      'day',
    );
  }
  return fillTemplate(onDate, { date: formatDate(iso, zone, language) });
}

/** A moment in the caller's zone as the time of day: "14:30". */
export function formatTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
}

/** Digits read one by one, so a contract number is never read as a large number. */
export function spellDigits(digits: string, words: readonly string[]): string {
  return [...digits].map((d) => words[Number(d)] ?? d).join(', ');
}

/** How a key is said in a prompt: digits as they are, `#` and `*` by name. */
export function keyName(key: string, names: { '#': string; '*': string }): string {
  return key === '#' || key === '*' ? names[key] : key;
}
