import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';

/**
 * Numbers already normalised: every webhook carries our own number and the caller's, and
 * libphonenumber's parse is a visible share of a webhook's CPU. The answer for a given text
 * and region never changes, so it is kept (null as ''), the least recently used dropped.
 */
const normalised = new LRUCache<string, string>({ max: 20_000 });
const MAX_KEPT_LENGTH = 40;
/** The same for the country of a number (the caller's zone is guessed from it). */
const countries = new LRUCache<string, string>({ max: 20_000 });

/**
 * Normalises a phone number as written by people, CRMs or providers to E.164, or null.
 * `8 707 123 45 67`, `87071234567` and `+7 (707) 123-45-67` are the same number for region KZ.
 *
 * @example normalizePhone('8 707 123 45 67', 'KZ') // '+77071234567'
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode): string | null {
  // Only texts a number can be are kept: a long one (malformed input) must not fill memory.
  if (raw.length > MAX_KEPT_LENGTH) return parse(raw, defaultRegion);
  const key = `${defaultRegion}\u0000${raw}`;
  const kept = normalised.get(key);
  if (kept !== undefined) return kept === '' ? null : kept;
  const result = parse(raw, defaultRegion);
  normalised.set(key, result ?? '');
  return result;
}

/**
 * normalizePhone without the cache, for bulk imports: there every number is new, and
 * keeping it would only evict the numbers the calls use.
 */
export function normalizePhoneUncached(raw: string, defaultRegion: CountryCode): string | null {
  return parse(raw, defaultRegion);
}

function parse(raw: string, defaultRegion: CountryCode): string | null {
  const text = raw.trim();
  if (!/\d/.test(text)) return null;
  const withPlus = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(withPlus, defaultRegion);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** The ISO country of an E.164 number, when libphonenumber can tell. */
export function countryOfNumber(e164: string): string | null {
  if (e164.length > MAX_KEPT_LENGTH) return parsePhoneNumberFromString(e164)?.country ?? null;
  const kept = countries.get(e164);
  if (kept !== undefined) return kept === '' ? null : kept;
  const country = parsePhoneNumberFromString(e164)?.country ?? null;
  countries.set(e164, country ?? '');
  return country;
}
