/** An utterance as the intent matcher reads it: words, and the same words Kazakh-folded. */
export interface NormalizedUtterance {
  /** The words joined by single spaces. */
  text: string;
  /** Lower-case words, Kazakh letters kept: `["менің", "order", "ім", "қайда"]`. */
  tokens: string[];
  /** `tokens` with Kazakh letters read as Russian ones (foldKazakh): `["менин", "order", "им", "кайда"]`. */
  folded: string[];
}

/**
 * The Kazakh letters the Russian alphabet lacks, each with the Russian letter people type
 * (and a Russian recogniser writes) instead: "жок" for "жоқ", "кайталаныз" for "қайталаңыз".
 * One letter for one letter, so a folded word is as long as the word.
 */
const KAZAKH_FOLD: Readonly<Record<string, string>> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
};

/** The word with Kazakh letters replaced by their Russian look-alikes. */
export function foldKazakh(word: string): string {
  return word.replace(/[әғқңөұүһі]/gu, (letter) => KAZAKH_FOLD[letter] ?? letter);
}

// Apostrophes as keyboards and recognisers write them: ASCII, typographic, the modifier
// letter Ukrainian spelling prefers (ʼ, which Unicode counts as a letter), and look-alikes.
const APOSTROPHE = `['\u2018\u2019\u02BC\u02BB\u0060\u00B4]`;
// Inside a word of one script an apostrophe belongs to it ("пам'ять", "don't") and is dropped
// so every spelling compares equal; between scripts it glues a suffix to a foreign word.
const SAME_SCRIPT_APOSTROPHE = new RegExp(
  `(?<=\\p{Script=Cyrillic})${APOSTROPHE}(?=\\p{Script=Cyrillic})|(?<=\\p{Script=Latin})${APOSTROPHE}(?=\\p{Script=Latin})`,
  'gu',
);
const ANY_APOSTROPHE = new RegExp(APOSTROPHE, 'gu');
// A Kazakh or Russian ending glued to an English word ("orderім") is a word of its own.
const SCRIPT_BOUNDARY =
  /(?<=\p{Script=Latin})(?=\p{Script=Cyrillic})|(?<=\p{Script=Cyrillic})(?=\p{Script=Latin})/gu;

/**
 * Reads a recognised or typed utterance into words: lower-case, ё read as е, punctuation
 * (hyphens and cross-script apostrophes included) and stress marks removed, Latin and
 * Cyrillic runs split apart: "Менің ORDER-ім қайда?!" → менің, order, ім, қайда.
 * Kazakh letters stay; `folded` carries the Russian-letter reading of every word.
 */
export function normalizeUtterance(text: string): NormalizedUtterance {
  const tokens = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/gu, 'е')
    .replace(SAME_SCRIPT_APOSTROPHE, '')
    // What is left separates ("order'ім"); ʼ and ʻ are letters to Unicode, so say it here.
    .replace(ANY_APOSTROPHE, ' ')
    // Combining marks left after NFC are stress or diacritic marks ("зака́з"): not letters.
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(SCRIPT_BOUNDARY, ' ')
    .split(' ')
    .filter((t) => t.length > 0);
  return { text: tokens.join(' '), tokens, folded: tokens.map(foldKazakh) };
}
