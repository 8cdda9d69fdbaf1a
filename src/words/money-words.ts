import { z } from 'zod';
import type { Language } from '../flow/language.js';
import { numberWords } from './number-words.js';
import { pluralForm, pluralFormsSchema } from './plural-forms.js';

const genderSchema = z.enum(['masculine', 'feminine']).default('masculine');

/**
 * How one language names its currencies, by ISO 4217 code: the unit's gender and plural
 * forms ("рубль", masculine) and, for amounts with a fraction, the minor unit's
 * ("копейка", feminine). Data of the IVR settings (`prompts.<lang>.currencies`); the shipped
 * file names KZT, RUB, UAH, USD and EUR in ru, kk, en and uk.
 */
export const currencyWordsSchema = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code: three capital letters'),
  z.strictObject({
    gender: genderSchema,
    units: pluralFormsSchema,
    minor: z.strictObject({ gender: genderSchema, units: pluralFormsSchema }).optional(),
  }),
);

/** Currency words of one language, as parsed (genders filled in). */
export type CurrencyWords = z.output<typeof currencyWordsSchema>;

const MINUS: Record<Language, string> = { ru: 'минус', kk: 'минус', en: 'minus', uk: 'мінус' };

/**
 * An amount as words, so every TTS engine reads it the same way:
 * 4 500,50 KZT in kk → "төрт мың бес жүз теңге елу тиын". `money.minor` counts hundredths of
 * the unit (tiyn, kopecks, cents). A whole part of zero is left out when there is a fraction
 * ("пятьдесят тиынов"); zero itself is said ("ноль тенге").
 *
 * Returns null when the words cannot be right: the currency is not in `currencies`, the
 * amount has a fraction but the currency has no minor-unit words, or `minor` is not a safe
 * integer. The caller then says the amount its own way (digits), never a half-named sum.
 */
export function moneyWords(
  money: { minor: number; currency: string },
  language: Language,
  currencies: CurrencyWords,
): string | null {
  const currency = currencies[money.currency];
  if (currency === undefined || !Number.isSafeInteger(money.minor)) return null;
  const absolute = Math.abs(money.minor);
  const whole = Math.floor(absolute / 100);
  const fraction = absolute % 100;
  if (fraction > 0 && currency.minor === undefined) return null;

  const parts: string[] = [];
  if (money.minor < 0) parts.push(MINUS[language]);
  if (whole > 0 || fraction === 0) {
    parts.push(
      numberWords(whole, language, currency.gender),
      pluralForm(currency.units, whole, language),
    );
  }
  if (fraction > 0 && currency.minor !== undefined) {
    parts.push(
      numberWords(fraction, language, currency.minor.gender),
      pluralForm(currency.minor.units, fraction, language),
    );
  }
  return parts.join(' ');
}
