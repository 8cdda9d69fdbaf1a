const ONES = ['', 'бір', 'екі', 'үш', 'төрт', 'бес', 'алты', 'жеті', 'сегіз', 'тоғыз'];
const TENS = ['', 'он', 'жиырма', 'отыз', 'қырық', 'елу', 'алпыс', 'жетпіс', 'сексен', 'тоқсан'];

/**
 * Scale words from the largest down. Триллион and квадриллион are there only so every safe
 * integer has words; amounts said on a call stop well before them.
 */
const SCALES: readonly (readonly [value: number, word: string])[] = [
  [1e15, 'квадриллион'],
  [1e12, 'триллион'],
  [1e9, 'миллиард'],
  [1e6, 'миллион'],
  [1e3, 'мың'],
];

/**
 * A non-negative integer as Kazakh words: 45000 → "қырық бес мың".
 *
 * Kazakh is not in n2words and no npm package spells it, but its numerals are fully regular:
 * no gender, no case after a numeral and no irregular compounds, so the words are the digit
 * groups read one after another. A bare hundred is "жүз" (110 → "жүз он"), while every scale
 * word keeps its count (1000 → "бір мың", 1100 → "бір мың жүз").
 *
 * @throws RangeError when `n` is negative, not an integer or not a safe integer.
 */
export function kazakhNumberWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Kazakh number words need a non-negative safe integer, got ${n}`);
  }
  if (n === 0) return 'нөл';
  const words: string[] = [];
  let rest = n;
  for (const [value, word] of SCALES) {
    const count = Math.floor(rest / value);
    if (count > 0) words.push(belowThousand(count), word);
    rest %= value;
  }
  if (rest > 0) words.push(belowThousand(rest));
  return words.join(' ');
}

/** 1..999 as words; the caller leaves out empty groups. */
function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const words = [
    hundreds > 1 ? `${ONES[hundreds]} жүз` : hundreds === 1 ? 'жүз' : '',
    TENS[Math.floor(n / 10) % 10],
    ONES[n % 10],
  ];
  return words.filter((word) => word !== '' && word !== undefined).join(' ');
}
