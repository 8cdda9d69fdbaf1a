import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import { LANGUAGES, type Language } from '../flow/language.js';
import shippedVocabulary from './default-intents.json' with { type: 'json' };
import { foldKazakh, normalizeUtterance } from './normalize-utterance.js';

/** What a caller can mean at a question. A step allows some of them. */
export const INTENT_NAMES = [
  'yes',
  'no',
  'order_status',
  'claim_status',
  'block_card',
  'appointment_confirm',
  'appointment_reschedule',
  'operator',
  'renew',
  'repeat',
] as const;
export type IntentName = (typeof INTENT_NAMES)[number];

/**
 * A word of four letters or more also matches the longer words that start with it: Russian,
 * Ukrainian and Kazakh change endings ("заказ" → "заказа", "тапсырыс" → "тапсырысым").
 * Shorter words match only themselves, or "да" would match "дайте" and "не" "неделя".
 */
export const MIN_PREFIX_LENGTH = 4;

/**
 * Twilio's limit on one hint (TWILIO_MAX_HINT_LENGTH); every entry is a hint, so it holds
 * here. A comma would split the hint in two in Twilio's comma-separated list.
 */
const MAX_ENTRY_LENGTH = 100;

/** One word of an entry as the matcher compares it. */
export interface VocabularyWord {
  /** Normalised: lower-case, ё as е. */
  form: string;
  /** `form` with Kazakh letters read as Russian ones. */
  folded: string;
  /** Also matches words that start with `form`. */
  prefix: boolean;
}

/** An entry read: the words to match, and the text to hand the recogniser as a hint. */
export interface VocabularyEntry {
  hint: string;
  words: VocabularyWord[];
}

/**
 * Reads one vocabulary entry: words separated by spaces, where `|` marks where a word's
 * stem ends. `"заблокир|уйте карт|у"` matches "заблокировать карту" and "заблокируйте
 * карты" and is hinted as "заблокируйте карту". Returns the reason when it cannot be read.
 */
export function readEntry(entry: string): VocabularyEntry | { error: string } {
  if (entry.includes(',')) return { error: 'no commas: Twilio hints are a comma-separated list' };
  const hint = entry.replace(/\|/g, '').replace(/\s+/g, ' ').trim();
  if (hint.length === 0) return { error: 'empty' };
  if (hint.length > MAX_ENTRY_LENGTH)
    return { error: `longer than ${MAX_ENTRY_LENGTH} characters` };
  const words: VocabularyWord[] = [];
  for (const raw of entry.trim().split(/\s+/)) {
    const parts = raw.split('|');
    if (parts.length > 2) return { error: `"${raw}": one | per word` };
    if (parts.length === 2) {
      const stem = normalizeUtterance(parts[0] ?? '').tokens;
      if (stem.length !== 1) return { error: `"${raw}": the stem before | must be one word` };
      words.push({ form: stem[0]!, folded: foldKazakh(stem[0]!), prefix: true });
    } else {
      for (const form of normalizeUtterance(raw).tokens) {
        words.push({ form, folded: foldKazakh(form), prefix: form.length >= MIN_PREFIX_LENGTH });
      }
    }
  }
  if (words.length === 0) return { error: `"${entry}" has no letters or digits` };
  return { hint, words };
}

const entrySchema = z.string().superRefine((entry, ctx) => {
  const read = readEntry(entry);
  if ('error' in read) ctx.addIssue({ code: 'custom', message: read.error });
});

const perLanguage = z.strictObject(
  Object.fromEntries(LANGUAGES.map((l) => [l, z.array(entrySchema)])) as Record<
    Language,
    z.ZodArray<typeof entrySchema>
  >,
);

/**
 * The vocabulary file (default-intents.json, docs/speech.md): per intent and language the
 * words and phrases that mean it; `neutral` holds phrases that mean none of them ("не
 * знаю" is not "no"), so their words cannot count for an intent.
 */
export const intentVocabularySchema = z
  .strictObject({
    intents: z.strictObject(
      Object.fromEntries(INTENT_NAMES.map((name) => [name, perLanguage])) as Record<
        IntentName,
        typeof perLanguage
      >,
    ),
    neutral: perLanguage,
  })
  .superRefine((vocabulary, ctx) => {
    // Every intent must be reachable in every language the IVR speaks.
    for (const name of INTENT_NAMES) {
      for (const language of LANGUAGES) {
        if (vocabulary.intents[name][language].length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['intents', name, language],
            message: 'at least one word or phrase',
          });
        }
      }
    }
    // The same words under two meanings in one language would make the answer ambiguous
    // every time it is said.
    for (const language of LANGUAGES) {
      const seen = new Map<string, string>();
      const lists: Array<[string[], string[]]> = [
        ...INTENT_NAMES.map((name): [string[], string[]] => [
          ['intents', name, language],
          vocabulary.intents[name][language],
        ]),
        [['neutral', language], vocabulary.neutral[language]],
      ];
      for (const [path, entries] of lists) {
        entries.forEach((entry, i) => {
          const key = normalizeUtterance(entry.replace(/\|/g, '')).text;
          const owner = seen.get(key);
          const here = path.join('.');
          if (owner !== undefined && owner !== here) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, i],
              message: `"${entry}" is already in ${owner}`,
            });
          }
          seen.set(key, owner ?? here);
        });
      }
    }
  });

export type IntentVocabulary = z.infer<typeof intentVocabularySchema>;

/**
 * Validates a vocabulary (parsed JSON). Throws ConfigError naming every bad entry
 * (`intents.yes.kk.2: …`); `source` says where it came from.
 */
export function parseIntentVocabulary(raw: unknown, source: string): IntentVocabulary {
  const parsed = intentVocabularySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`, {
    hint: 'Fix the vocabulary (docs/speech.md).',
  });
}

/**
 * The shipped vocabulary. Imported, not read from disk, so the build carries it along;
 * validated at load, so a broken entry fails every test at once.
 */
export const DEFAULT_INTENT_VOCABULARY: IntentVocabulary = parseIntentVocabulary(
  shippedVocabulary,
  'The shipped intent vocabulary',
);

/** One entry ready to match: its meaning (null for neutral) and language. */
export interface CompiledEntry extends VocabularyEntry {
  intent: IntentName | null;
  language: Language;
}

/** Every entry of a validated vocabulary, read once. */
export function compileVocabulary(vocabulary: IntentVocabulary): CompiledEntry[] {
  const lists: Array<[IntentName | null, Language, string[]]> = LANGUAGES.flatMap((language) => [
    ...INTENT_NAMES.map((name): [IntentName, Language, string[]] => [
      name,
      language,
      vocabulary.intents[name][language],
    ]),
    [null, language, vocabulary.neutral[language]] as [null, Language, string[]],
  ]);
  return lists.flatMap(([intent, language, entries]) =>
    entries.flatMap((entry) => {
      const read = readEntry(entry);
      return 'error' in read ? [] : [{ ...read, intent, language }];
    }),
  );
}
