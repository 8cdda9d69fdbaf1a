import type { Language } from './language.js';

/**
 * Lower-cases, strips punctuation and folds whitespace so that `«Оператор!»` and
 * `оператор` compare equal. Letters of every script are kept (Kazakh ә ғ қ ң ө ұ ү һ і).
 */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `keyword` occurs in `utterance` as whole words. */
export function containsKeyword(utterance: string, keyword: string): boolean {
  const u = ` ${normalizeUtterance(utterance)} `;
  const k = normalizeUtterance(keyword);
  return k.length > 0 && u.includes(` ${k} `);
}

/** One choice the caller can make at a question: a key and/or spoken words. */
export interface Choice<T> {
  value: T;
  key: string;
  words: string[];
}

/**
 * Matches keypad digits (first key pressed) or speech against the choices. Speech words
 * of every language are accepted: callers switch languages mid-sentence.
 */
export function matchChoice<T>(
  choices: Array<Choice<T>>,
  input: { digits: string | null; speech: string | null },
): T | null {
  if (input.digits) {
    const key = input.digits.charAt(0);
    return choices.find((c) => c.key === key)?.value ?? null;
  }
  if (input.speech) {
    return (
      choices.find((c) => c.words.some((w) => containsKeyword(input.speech!, w)))?.value ?? null
    );
  }
  return null;
}

/** Every keyword of every language, the current one first: used as recogniser hints. */
export function hintsFor(
  language: Language,
  keywords: Array<Record<Language, string[]>>,
): string[] {
  const own = keywords.flatMap((k) => k[language]);
  const others = keywords.flatMap((k) => Object.values(k).flat());
  return [...new Set([...own, ...others])];
}

/**
 * True when a word of `utterance` is `name` or an inflected form of it: names change their
 * endings in Russian, Ukrainian and Kazakh ("Евгения" → "Евгенией", "Арман" → "Арманға"), so
 * a spoken word must start with the stem (all but the last letter of a name longer than four)
 * and be at most four letters longer than the name.
 */
export function mentionsName(utterance: string, name: string): boolean {
  const n = normalizeUtterance(name);
  if (n.length === 0) return false;
  const stem = n.length <= 4 ? n : n.slice(0, -1);
  return normalizeUtterance(utterance)
    .split(' ')
    .some((word) => word === n || (word.startsWith(stem) && word.length <= n.length + 4));
}
