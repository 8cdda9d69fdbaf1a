import { describe, expect, it } from 'vitest';
import { kazakhNumberWords } from '../../src/words/kazakh-number-words.js';

describe('kazakhNumberWords', () => {
  it.each([
    [0, 'нөл'],
    [7, 'жеті'],
    [10, 'он'],
    [11, 'он бір'],
    [19, 'он тоғыз'],
    [20, 'жиырма'],
    [45, 'қырық бес'],
    [99, 'тоқсан тоғыз'],
    [100, 'жүз'],
    [101, 'жүз бір'],
    [110, 'жүз он'],
    [200, 'екі жүз'],
    [999, 'тоғыз жүз тоқсан тоғыз'],
    [1000, 'бір мың'],
    [1001, 'бір мың бір'],
    [1100, 'бір мың жүз'],
    [1250, 'бір мың екі жүз елу'],
    [2026, 'екі мың жиырма алты'],
    [4500, 'төрт мың бес жүз'],
    [45000, 'қырық бес мың'],
    [100000, 'жүз мың'],
    [1000000, 'бір миллион'],
    [1001000, 'бір миллион бір мың'],
    [1234567, 'бір миллион екі жүз отыз төрт мың бес жүз алпыс жеті'],
    [2000000000, 'екі миллиард'],
  ])('%i → %s', (n, words) => {
    expect(kazakhNumberWords(n)).toBe(words);
  });

  it('spells the largest safe integer', () => {
    expect(kazakhNumberWords(Number.MAX_SAFE_INTEGER)).toBe(
      'тоғыз квадриллион жеті триллион жүз тоқсан тоғыз миллиард екі жүз елу төрт миллион ' +
        'жеті жүз қырық мың тоғыз жүз тоқсан бір',
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'throws RangeError for %d',
    (n) => {
      expect(() => kazakhNumberWords(n)).toThrow(RangeError);
    },
  );
});
