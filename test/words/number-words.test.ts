import { describe, expect, it } from 'vitest';
import { numberWords } from '../../src/words/number-words.js';

describe('numberWords', () => {
  it.each([
    [0, 'ноль'],
    [1, 'один'],
    [1000, 'одна тысяча'],
    [1234, 'одна тысяча двести тридцать четыре'],
    [45000, 'сорок пять тысяч'],
    [2000000, 'два миллиона'],
  ])('ru %i → %s', (n, words) => {
    expect(numberWords(n, 'ru')).toBe(words);
  });

  it('ru agrees 1 and 2 with a feminine noun', () => {
    expect(numberWords(1, 'ru', 'feminine')).toBe('одна');
    expect(numberWords(2, 'ru', 'feminine')).toBe('две');
    expect(numberWords(22, 'ru', 'feminine')).toBe('двадцать две');
    expect(numberWords(2, 'ru')).toBe('два');
  });

  it.each([
    [0, 'нуль'],
    [2, 'два'],
    [5, "п'ять"],
    [1000, 'одна тисяча'],
    [1234, 'одна тисяча двісті тридцять чотири'],
    [45000, "сорок п'ять тисяч"],
    [1000000, 'один мільйон'],
  ])('uk %i → %s', (n, words) => {
    expect(numberWords(n, 'uk')).toBe(words);
  });

  it('uk feminine 2 is дві, with a Cyrillic і', () => {
    expect(numberWords(2, 'uk', 'feminine')).toBe('дві');
    expect(numberWords(2, 'uk', 'feminine')).toBe('д\u0432\u0456');
  });

  it('uk never writes a Latin letter', () => {
    const numbers = [1_000_000, 2_000_000, 3_456_789, 1_000_000_000, 5_201_002];
    for (let n = 0; n <= 3000; n += 7) numbers.push(n);
    for (const n of numbers) {
      for (const gender of ['masculine', 'feminine'] as const) {
        expect(numberWords(n, 'uk', gender)).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it.each([
    [45000, 'forty-five thousand'],
    [1234567, 'one million two hundred and thirty-four thousand five hundred and sixty-seven'],
  ])('en %i → %s', (n, words) => {
    expect(numberWords(n, 'en')).toBe(words);
    expect(numberWords(n, 'en', 'feminine')).toBe(words);
  });

  it('kk uses the Kazakh speller and ignores gender', () => {
    expect(numberWords(45000, 'kk')).toBe('қырық бес мың');
    expect(numberWords(2, 'kk', 'feminine')).toBe('екі');
  });

  it.each([-1, 2.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
    'throws RangeError for %d in every language',
    (n) => {
      for (const language of ['ru', 'kk', 'en', 'uk'] as const) {
        expect(() => numberWords(n, language)).toThrow(RangeError);
      }
    },
  );
});
