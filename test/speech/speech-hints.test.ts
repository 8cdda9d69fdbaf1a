import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/flow/language.js';
import { TWILIO_MAX_HINT_LENGTH, TWILIO_MAX_HINTS } from '../../src/providers/twilio/constants.js';
import {
  DEFAULT_INTENT_VOCABULARY,
  INTENT_NAMES,
  parseIntentVocabulary,
  readEntry,
} from '../../src/speech/intent-vocabulary.js';
import { matchIntent } from '../../src/speech/match-intent.js';
import { hintsFor, MAX_HINT_LENGTH, MAX_HINTS } from '../../src/speech/speech-hints.js';

const V = DEFAULT_INTENT_VOCABULARY;
const ALL = [...INTENT_NAMES];
const hintOf = (entry: string) => (readEntry(entry) as { hint: string }).hint;

describe('hintsFor', () => {
  it('puts the words of the call language first, then the others', () => {
    const hints = hintsFor(['yes', 'no'], 'kk', V);
    const own = [...V.intents.yes.kk, ...V.intents.no.kk];
    expect(new Set(hints.slice(0, own.length))).toEqual(new Set(own));
    expect(hints[0]).toBe('иә');
    expect(hints[1]).toBe('жоқ');
    expect(hints).toEqual(expect.arrayContaining(['да', 'yes', 'ні', 'не треба']));
  });

  it('gives only the words of the allowed intents', () => {
    const hints = hintsFor(['operator'], 'ru', V);
    const operatorWords = new Set(LANGUAGES.flatMap((l) => V.intents.operator[l].map(hintOf)));
    for (const hint of hints) expect(operatorWords.has(hint)).toBe(true);
    expect(hints).not.toContain('да');
  });

  it('writes the words as said: no stem marks', () => {
    const hints = hintsFor(['order_status', 'block_card'], 'kk', V);
    expect(hints).toContain('тапсырысым қайда');
    expect(hints).toContain('заблокируйте карту');
    for (const hint of hints) expect(hint).not.toContain('|');
  });

  it('gives each word once', () => {
    const hints = hintsFor(['operator'], 'uk', V);
    expect(hints.filter((h) => h === 'оператор')).toHaveLength(1);
    expect(new Set(hints).size).toBe(hints.length);
  });

  it("keeps within Twilio's limits for every language, with every intent allowed", () => {
    expect(MAX_HINTS).toBeLessThanOrEqual(TWILIO_MAX_HINTS);
    expect(MAX_HINT_LENGTH).toBeLessThanOrEqual(TWILIO_MAX_HINT_LENGTH);
    for (const language of LANGUAGES) {
      const hints = hintsFor(ALL, language, V);
      expect(hints.length).toBeLessThanOrEqual(MAX_HINTS);
      for (const hint of hints) {
        expect(hint.length).toBeLessThanOrEqual(MAX_HINT_LENGTH);
        expect(hint).not.toContain(',');
      }
    }
  });

  it('keeps the first words of every intent in the call language when cut', () => {
    for (const language of LANGUAGES) {
      const hints = hintsFor(ALL, language, V);
      expect(hints).toHaveLength(MAX_HINTS);
      for (const intent of ALL) expect(hints).toContain(hintOf(V.intents[intent][language][0]!));
    }
  });

  it('cuts a long list at MAX_HINTS, the call language first', () => {
    const raw = JSON.parse(JSON.stringify(V)) as { intents: { yes: { en: string[] } } };
    raw.intents.yes.en = Array.from({ length: 150 }, (_, i) => `yes number ${i}`);
    const vocabulary = parseIntentVocabulary(raw, 'test.json');
    const hints = hintsFor(['yes'], 'en', vocabulary);
    expect(hints).toHaveLength(MAX_HINTS);
    expect(hints.at(-1)).toBe('yes number 99');
  });

  it('every hint is heard as its intent', () => {
    for (const intent of ALL) {
      for (const language of LANGUAGES) {
        for (const hint of hintsFor([intent], language, V)) {
          const heard = matchIntent(hint, 0.9, { language, allowed: [intent], minConfidence: 0.4 });
          expect([hint, heard.intent]).toEqual([hint, intent]);
        }
      }
    }
  });

  it('gives nothing when nothing is allowed', () => {
    expect(hintsFor([], 'ru', V)).toEqual([]);
  });
});
