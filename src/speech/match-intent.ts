import type { Language } from '../flow/language.js';
import {
  compileVocabulary,
  DEFAULT_INTENT_VOCABULARY,
  type CompiledEntry,
  type IntentName,
  type IntentVocabulary,
  type VocabularyWord,
} from './intent-vocabulary.js';
import { normalizeUtterance, type NormalizedUtterance } from './normalize-utterance.js';

/** What the caller meant, or why we cannot tell. */
export type IntentMatch =
  | { intent: IntentName; score: number }
  | { intent: null; reason: 'low-confidence' | 'no-match' | 'ambiguous' };

export interface MatchIntentOptions {
  /** The call's language: its words win a tie between two intents. */
  language: Language;
  /** The intents this question accepts; words of others are not looked for. */
  allowed: readonly IntentName[];
  /** Recogniser confidence below this is not trusted (`menu.minConfidence`). */
  minConfidence: number;
  vocabulary?: IntentVocabulary;
}

// Scores are counted in tenths so that sums compare exactly: a word matched with its
// own letters counts 10, one matched only once Kazakh letters are folded counts 9
// ("жок" for "жоқ" is most likely right, but the exact spelling is surer).
const EXACT = 10;
const FOLDED = 9;

const compiled = new WeakMap<IntentVocabulary, CompiledEntry[]>();

function entriesOf(vocabulary: IntentVocabulary): CompiledEntry[] {
  let entries = compiled.get(vocabulary);
  if (!entries) {
    entries = compileVocabulary(vocabulary);
    compiled.set(vocabulary, entries);
  }
  return entries;
}

function wordWeight(word: VocabularyWord, token: string, folded: string): number {
  const hits = (t: string, w: string) => t === w || (word.prefix && t.startsWith(w));
  if (hits(token, word.form)) return EXACT;
  if (hits(folded, word.folded)) return FOLDED;
  return 0;
}

/** The weight of `entry` matched at `start` as consecutive words, or 0. */
function weightAt(entry: CompiledEntry, utterance: NormalizedUtterance, start: number): number {
  let total = 0;
  for (const [k, word] of entry.words.entries()) {
    const token = utterance.tokens[start + k];
    const folded = utterance.folded[start + k];
    if (token === undefined || folded === undefined) return 0;
    const weight = wordWeight(word, token, folded);
    if (weight === 0) return 0;
    total += weight;
  }
  return total;
}

interface Tally {
  score: number;
  /** The part of `score` won with words of the call's language. */
  own: number;
}

/**
 * Finds the one intent among `allowed` that `text` expresses, in any of the IVR's
 * languages: callers mix them ("менің order-ім қайда?").
 *
 * Left to right, the longest entry matching at a word claims its words, so a phrase
 * beats the single words inside it ("да нет" is no, "нет проблем" is yes, "не я" is
 * block_card, and the neutral "не знаю" is nothing at all). An intent scores one per
 * word it claimed (0.9 when matched only with Kazakh letters folded). The best score
 * wins; a tie between two intents goes to the one that owes more of its score to the
 * call's language, and is otherwise ambiguous.
 *
 * Confidence below `minConfidence` is not trusted whatever the words; null (the
 * provider did not say) is trusted.
 */
export function matchIntent(
  text: string,
  confidence: number | null,
  opts: MatchIntentOptions,
): IntentMatch {
  if (confidence !== null && confidence < opts.minConfidence) {
    return { intent: null, reason: 'low-confidence' };
  }
  const utterance = normalizeUtterance(text);
  const entries = entriesOf(opts.vocabulary ?? DEFAULT_INTENT_VOCABULARY).filter(
    (e) => e.intent === null || opts.allowed.includes(e.intent),
  );
  const tallies = new Map<IntentName, Tally>();
  let start = 0;
  while (start < utterance.tokens.length) {
    // The longest match here, then the surest; equals all count.
    let best: CompiledEntry[] = [];
    let bestLength = 0;
    let bestWeight = 0;
    for (const entry of entries) {
      const weight = weightAt(entry, utterance, start);
      if (weight === 0) continue;
      const length = entry.words.length;
      if (length > bestLength || (length === bestLength && weight > bestWeight)) {
        best = [entry];
        bestLength = length;
        bestWeight = weight;
      } else if (length === bestLength && weight === bestWeight) {
        best.push(entry);
      }
    }
    if (best.length === 0) {
      start += 1;
      continue;
    }
    // A neutral phrase ("не знаю") takes its words away from every intent.
    if (!best.some((e) => e.intent === null)) {
      for (const intent of new Set(best.map((e) => e.intent as IntentName))) {
        const own = best.some((e) => e.intent === intent && e.language === opts.language);
        const tally = tallies.get(intent) ?? { score: 0, own: 0 };
        tally.score += bestWeight;
        if (own) tally.own += bestWeight;
        tallies.set(intent, tally);
      }
    }
    start += bestLength;
  }

  const ranked = [...tallies.entries()].sort(([, a], [, b]) => b.score - a.score || b.own - a.own);
  const [first, second] = ranked;
  if (!first) return { intent: null, reason: 'no-match' };
  if (second && second[1].score === first[1].score && second[1].own === first[1].own) {
    return { intent: null, reason: 'ambiguous' };
  }
  return { intent: first[0], score: first[1].score / EXACT };
}
