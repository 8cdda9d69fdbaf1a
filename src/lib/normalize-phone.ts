import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Normalises a phone number as written by people, CRMs or providers to E.164, or null.
 * `8 707 123 45 67`, `87071234567` and `+7 (707) 123-45-67` are the same number for region KZ.
 *
 * @example normalizePhone('8 707 123 45 67', 'KZ') // '+77071234567'
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode): string | null {
  const text = raw.trim();
  if (!/\d/.test(text)) return null;
  const withPlus = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(withPlus, defaultRegion);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** The ISO country of an E.164 number, when libphonenumber can tell. */
export function countryOfNumber(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}
