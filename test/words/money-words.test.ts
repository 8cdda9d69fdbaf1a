import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/flow/language.js';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { currencyWordsSchema, moneyWords } from '../../src/words/money-words.js';

/** The currency words the IVR ships with (the settings' `prompts.<lang>.currencies`). */
const { prompts } = loadIvrSettings(null);
const CURRENCIES = {
  ru: prompts.ru.currencies,
  kk: prompts.kk.currencies,
  en: prompts.en.currencies,
  uk: prompts.uk.currencies,
};

function say(minor: number, currency: string, language: Language): string | null {
  return moneyWords({ minor, currency }, language, CURRENCIES[language]);
}

describe('moneyWords', () => {
  it.each([
    ['ru', 4_500_000, 'KZT', 'сорок пять тысяч тенге'],
    ['ru', 100, 'KZT', 'один тенге'],
    ['ru', 200, 'UAH', 'две гривны'],
    ['ru', 500, 'UAH', 'пять гривен'],
    ['ru', 2100, 'RUB', 'двадцать один рубль'],
    ['ru', 123_456, 'RUB', 'одна тысяча двести тридцать четыре рубля пятьдесят шесть копеек'],
    ['ru', 201, 'RUB', 'два рубля одна копейка'],
    ['ru', 500, 'EUR', 'пять евро'],
    ['kk', 4_500_000, 'KZT', 'қырық бес мың теңге'],
    ['kk', 450_050, 'KZT', 'төрт мың бес жүз теңге елу тиын'],
    ['en', 4_500_000, 'KZT', 'forty-five thousand tenge'],
    ['en', 100, 'USD', 'one dollar'],
    ['en', 201, 'USD', 'two dollars one cent'],
    ['uk', 200, 'UAH', 'дві гривні'],
    ['uk', 500, 'UAH', "п'ять гривень"],
    ['uk', 2102, 'UAH', 'двадцять одна гривня дві копійки'],
  ] as const)('%s %i %s → %s', (language, minor, currency, words) => {
    expect(say(minor, currency, language)).toBe(words);
  });

  it('leaves out a zero whole part', () => {
    expect(say(50, 'KZT', 'ru')).toBe('пятьдесят тиынов');
    expect(say(1, 'USD', 'en')).toBe('one cent');
  });

  it('says zero with the unit', () => {
    expect(say(0, 'KZT', 'ru')).toBe('ноль тенге');
    expect(say(0, 'RUB', 'ru')).toBe('ноль рублей');
    expect(say(0, 'USD', 'en')).toBe('zero dollars');
    expect(say(0, 'KZT', 'kk')).toBe('нөл теңге');
  });

  it('starts a negative amount with the word for minus', () => {
    expect(say(-150_000, 'KZT', 'ru')).toBe('минус одна тысяча пятьсот тенге');
    expect(say(-150_000, 'KZT', 'kk')).toBe('минус бір мың бес жүз теңге');
    expect(say(-250, 'USD', 'en')).toBe('minus two dollars fifty cents');
    expect(say(-200, 'UAH', 'uk')).toBe('мінус дві гривні');
    expect(say(-50, 'KZT', 'ru')).toBe('минус пятьдесят тиынов');
  });

  it('is null for a currency it has no words for', () => {
    expect(say(100, 'GBP', 'en')).toBeNull();
  });

  it('is null for a fraction without minor-unit words', () => {
    const noMinor = currencyWordsSchema.parse({ KZT: { units: { other: 'теңге' } } });
    expect(moneyWords({ minor: 450_050, currency: 'KZT' }, 'kk', noMinor)).toBeNull();
    expect(moneyWords({ minor: 450_000, currency: 'KZT' }, 'kk', noMinor)).toBe(
      'төрт мың бес жүз теңге',
    );
  });

  it('is null for an amount that is not a whole number of minor units', () => {
    expect(say(12.5, 'KZT', 'ru')).toBeNull();
    expect(say(Number.NaN, 'KZT', 'ru')).toBeNull();
  });
});

describe('currencyWordsSchema', () => {
  it('fills in masculine when a gender is left out', () => {
    expect(CURRENCIES.kk.KZT).toEqual({
      gender: 'masculine',
      units: { other: 'теңге' },
      minor: { gender: 'masculine', units: { other: 'тиын' } },
    });
  });

  it('refuses a code that is not ISO 4217, an unknown key and a bad gender', () => {
    const units = { other: 'x' };
    expect(currencyWordsSchema.safeParse({ usd: { units } }).success).toBe(false);
    expect(currencyWordsSchema.safeParse({ USD: { units, plural: 'x' } }).success).toBe(false);
    expect(currencyWordsSchema.safeParse({ USD: { units, gender: 'neuter' } }).success).toBe(false);
  });

  it('the shipped words are Cyrillic throughout where they are not English', () => {
    for (const language of ['ru', 'kk', 'uk'] as const) {
      expect(JSON.stringify(CURRENCIES[language])).not.toMatch(
        /[а-яёіїєґәғқңөұүһ][A-Za-z]|[A-Za-z][а-яёіїєґәғқңөұүһ]/u,
      );
    }
  });
});
