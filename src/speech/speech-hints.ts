import { LANGUAGES, type Language } from '../flow/language.js';
import { readEntry, type IntentName, type IntentVocabulary } from './intent-vocabulary.js';
import { normalizeUtterance } from './normalize-utterance.js';

/**
 * Hints per question. Twilio accepts up to 500 (TWILIO_MAX_HINTS); a recogniser biased
 * towards a few hundred phrases is biased towards none, so a question gets at most 100:
 * its own words, not the whole vocabulary.
 */
export const MAX_HINTS = 100;
/** Characters per hint: Twilio's limit (TWILIO_MAX_HINT_LENGTH). */
export const MAX_HINT_LENGTH = 100;

/**
 * Entries of `lists` taken rank by rank: every list's first entry, then every second one…
 * so that when the hints run out, each intent has kept its most likely words.
 */
function byRank(lists: string[][]): string[] {
  const longest = Math.max(0, ...lists.map((l) => l.length));
  const out: string[] = [];
  for (let rank = 0; rank < longest; rank += 1) {
    for (const list of lists) {
      const entry = list[rank];
      if (entry !== undefined) out.push(entry);
    }
  }
  return out;
}

/**
 * The recogniser hints for a question accepting `allowed`: the words of the call's
 * language first (the recogniser listens in it), then those of the other languages,
 * written as said (stem marks removed), each once, at most MAX_HINTS of at most
 * MAX_HINT_LENGTH characters.
 */
export function hintsFor(
  allowed: readonly IntentName[],
  language: Language,
  vocabulary: IntentVocabulary,
): string[] {
  let kept = HINTS.get(vocabulary);
  if (!kept) HINTS.set(vocabulary, (kept = new Map<string, string[]>()));
  const key = `${language}:${allowed.join(',')}`;
  let hints = kept.get(key);
  if (!hints) kept.set(key, (hints = buildHints(allowed, language, vocabulary)));
  // A copy: the caller's gather action is theirs to change.
  return [...hints];
}

/**
 * Hints per vocabulary, then per language and question: a vocabulary is loaded once with
 * the settings and never changes, and its questions are a handful, so each list is read,
 * normalised and deduplicated once rather than on every webhook.
 */
const HINTS = new WeakMap<IntentVocabulary, Map<string, string[]>>();

function buildHints(
  allowed: readonly IntentName[],
  language: Language,
  vocabulary: IntentVocabulary,
): string[] {
  const listsOf = (lang: Language) => allowed.map((intent) => vocabulary.intents[intent][lang]);
  const others = LANGUAGES.filter((l) => l !== language);
  const ordered = [...byRank(listsOf(language)), ...byRank(others.flatMap(listsOf))];
  const seen = new Set<string>();
  const hints: string[] = [];
  for (const entry of ordered) {
    const read = readEntry(entry);
    if ('error' in read || read.hint.length > MAX_HINT_LENGTH) continue;
    const key = normalizeUtterance(read.hint).text;
    if (seen.has(key)) continue;
    seen.add(key);
    hints.push(read.hint);
    if (hints.length === MAX_HINTS) break;
  }
  return hints;
}
