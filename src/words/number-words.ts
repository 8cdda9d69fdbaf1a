import { toCardinal as englishCardinal } from 'n2words/en-GB';
import { toCardinal as russianCardinal } from 'n2words/ru-RU';
import { toCardinal as ukrainianCardinal } from 'n2words/uk-UA';
import type { Language } from '../flow/language.js';
import { kazakhNumberWords } from './kazakh-number-words.js';

/** Grammatical gender of the noun a number counts: "одна копейка", "один рубль". */
export type NumberGender = 'masculine' | 'feminine';

/**
 * A non-negative integer as words in `language`: 45000 → "сорок пять тысяч",
 * "қырық бес мың", "forty-five thousand", "сорок п'ять тисяч". `gender` agrees 1 and 2 with
 * the counted noun in Russian and Ukrainian ("две гривны", "дві гривні"); English and
 * Kazakh numerals have no gender, so it is ignored there.
 *
 * @throws RangeError when `n` is negative, not an integer or not a safe integer: the same
 * contract in every language (a sign is the caller's word to add).
 */
export function numberWords(
  n: number,
  language: Language,
  gender: NumberGender = 'masculine',
): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Number words need a non-negative safe integer, got ${n}`);
  }
  switch (language) {
    case 'ru':
      return russianCardinal(n, { gender });
    case 'uk':
      return withCyrillicI(ukrainianCardinal(n, { gender }));
    case 'en':
      return englishCardinal(n);
    case 'kk':
      return kazakhNumberWords(n);
  }
}

/**
 * n2words' Ukrainian writes the Latin letter i (U+0069) where Ukrainian has Cyrillic і
 * (U+0456): "двi", "мiльйон". The two look alike, but a voice sees a word of mixed scripts
 * and may spell it or read it with English rules. Ukrainian number words have no Latin
 * letters, so every i is the Cyrillic one.
 */
function withCyrillicI(words: string): string {
  return words.replaceAll('i', 'і');
}
