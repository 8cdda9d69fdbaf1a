import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/config-error.js';
import { LANGUAGES } from '../../src/flow/language.js';
import {
  compileVocabulary,
  DEFAULT_INTENT_VOCABULARY,
  INTENT_NAMES,
  parseIntentVocabulary,
  readEntry,
  type VocabularyWord,
} from '../../src/speech/intent-vocabulary.js';

/** The shipped vocabulary as plain JSON, to change one list at a time. */
const shipped = () =>
  JSON.parse(JSON.stringify(DEFAULT_INTENT_VOCABULARY)) as {
    intents: Record<string, Record<string, string[]>>;
    neutral: Record<string, string[]>;
  };

/** The words of an entry that must read. */
function wordsOf(entry: string): VocabularyWord[] {
  const read = readEntry(entry);
  if ('error' in read) throw new Error(read.error);
  return read.words;
}

function errorOf(raw: unknown): string {
  try {
    parseIntentVocabulary(raw, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the vocabulary to be refused');
}

describe('the shipped vocabulary', () => {
  it('has every intent in every language', () => {
    for (const intent of INTENT_NAMES) {
      for (const language of LANGUAGES) {
        expect(DEFAULT_INTENT_VOCABULARY.intents[intent][language].length).toBeGreaterThan(0);
      }
    }
  });

  it('has the words of the brief', () => {
    const { intents } = DEFAULT_INTENT_VOCABULARY;
    expect(intents.yes.ru).toEqual(expect.arrayContaining(['да', 'ага', 'конечно', 'ну да']));
    expect(intents.yes.kk).toEqual(expect.arrayContaining(['иә', 'ия', 'йә', 'иа', 'әрине']));
    expect(intents.no.kk).toEqual(expect.arrayContaining(['жоқ', 'жок', 'қажет емес']));
    expect(intents.no.uk).toEqual(expect.arrayContaining(['ні', 'не треба']));
    expect(intents.operator.en).toEqual(expect.arrayContaining(['operator', 'agent', 'human']));
  });

  it('reads into entries of every intent and the neutral phrases', () => {
    const entries = compileVocabulary(DEFAULT_INTENT_VOCABULARY);
    expect(new Set(entries.map((e) => e.intent))).toEqual(new Set([...INTENT_NAMES, null]));
    expect(new Set(entries.map((e) => e.language))).toEqual(new Set(LANGUAGES));
  });
});

describe('readEntry', () => {
  it('reads a stem mark: matched by the stem, hinted as written', () => {
    expect(readEntry('заблокир|уйте карт|у')).toEqual({
      hint: 'заблокируйте карту',
      words: [
        { form: 'заблокир', folded: 'заблокир', prefix: true },
        { form: 'карт', folded: 'карт', prefix: true },
      ],
    });
  });

  it('lets words of four letters or more match longer words; shorter ones only themselves', () => {
    expect(wordsOf('ну да')).toEqual([
      { form: 'ну', folded: 'ну', prefix: false },
      { form: 'да', folded: 'да', prefix: false },
    ]);
    expect(wordsOf('Тапсырыс')).toEqual([{ form: 'тапсырыс', folded: 'тапсырыс', prefix: true }]);
    expect(wordsOf('жоқ')).toEqual([{ form: 'жоқ', folded: 'жок', prefix: false }]);
  });

  it('normalises the words as utterances are: case, ё, apostrophes', () => {
    expect(wordsOf('Всё верно').map((w) => w.form)).toEqual(['все', 'верно']);
    expect(readEntry("don't know")).toMatchObject({ hint: "don't know" });
    expect(wordsOf("don't know").map((w) => w.form)).toEqual(['dont', 'know']);
  });

  it.each([
    ['да, конечно', 'no commas'],
    ['за|бло|кир', 'one | per word'],
    ['|уйте', 'the stem before | must be one word'],
    ['   ', 'empty'],
    ['!!!', 'no letters or digits'],
    ['а'.repeat(101), 'longer than 100 characters'],
  ])('refuses %j: %s', (entry, reason) => {
    expect(readEntry(entry)).toEqual({ error: expect.stringContaining(reason) as unknown });
  });
});

describe('parseIntentVocabulary', () => {
  it('accepts the shipped vocabulary', () => {
    expect(parseIntentVocabulary(shipped(), 'test.json')).toEqual(DEFAULT_INTENT_VOCABULARY);
  });

  it('names a missing language', () => {
    const raw = shipped();
    delete raw.intents.renew!.kk;
    expect(errorOf(raw)).toContain('intents.renew.kk');
  });

  it('refuses an intent without words in a language', () => {
    const raw = shipped();
    raw.intents.repeat!.uk = [];
    expect(errorOf(raw)).toMatch(/intents\.repeat\.uk: at least one word or phrase/);
  });

  it('refuses an unknown intent', () => {
    const raw = shipped();
    raw.intents.weather = { ru: ['погода'], kk: ['ауа райы'], en: ['weather'], uk: ['погода'] };
    expect(errorOf(raw)).toContain('weather');
  });

  it('names a bad entry by its place', () => {
    const raw = shipped();
    raw.intents.yes!.en!.push('yes, please');
    expect(errorOf(raw)).toContain(`intents.yes.en.${raw.intents.yes!.en!.length - 1}: no commas`);
  });

  it('refuses the same words under two meanings in one language', () => {
    const raw = shipped();
    raw.intents.operator!.ru!.push('Да');
    expect(errorOf(raw)).toContain('"Да" is already in intents.yes.ru');
    const neutral = shipped();
    neutral.neutral.ru!.push('не надо');
    expect(errorOf(neutral)).toContain('"не надо" is already in intents.no.ru');
  });

  it('allows the same words in two languages, even with two meanings', () => {
    const raw = shipped();
    raw.intents.repeat!.kk!.push('не');
    expect(parseIntentVocabulary(raw, 'test.json').intents.repeat.kk).toContain('не');
  });
});
