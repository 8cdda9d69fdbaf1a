import { describe, expect, it } from 'vitest';
import { foldKazakh, normalizeUtterance } from '../../src/speech/normalize-utterance.js';

const tokens = (text: string) => normalizeUtterance(text).tokens;

describe('normalizeUtterance', () => {
  it.each([
    ['ДА!!!', ['да']],
    ['Иә.', ['иә']],
    ['  Мне   нужен\tОПЕРАТОР!  ', ['мне', 'нужен', 'оператор']],
    ['«Всё верно», — сказал он', ['все', 'верно', 'сказал', 'он']],
    ['Yes, please.', ['yes', 'please']],
    ['', []],
    ['?!… —', []],
  ])('%j → %j: lower case, no punctuation, one space, ё as е', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('joins the words with single spaces', () => {
    expect(normalizeUtterance('  Где   мой заказ?? ').text).toBe('где мой заказ');
  });

  it('keeps the Kazakh letters and folds them in a second reading', () => {
    const u = normalizeUtterance('ӘРИНЕ, тапсырысым қайда? Менің өтінішім ұзартыңыз үйге һәм');
    expect(u.tokens).toEqual([
      'әрине',
      'тапсырысым',
      'қайда',
      'менің',
      'өтінішім',
      'ұзартыңыз',
      'үйге',
      'һәм',
    ]);
    expect(u.folded).toEqual([
      'арине',
      'тапсырысым',
      'кайда',
      'менин',
      'отинишим',
      'узартыныз',
      'уйге',
      'хам',
    ]);
  });

  it('folds each of the nine Kazakh letters to one Russian letter', () => {
    expect(foldKazakh('әғқңөұүһі')).toBe('агкноуухи');
    expect(foldKazakh('ӘҒҚ'.toLowerCase())).toBe('агк');
    expect(foldKazakh('заказ order')).toBe('заказ order');
  });

  it('keeps the Ukrainian letters', () => {
    expect(tokens('Звісно, ґанок, їжак, єнот')).toEqual(['звісно', 'ґанок', 'їжак', 'єнот']);
  });

  it.each([['order-ім'], ["order'ім"], ['order’ім'], ['orderʼім'], ['orderім'], ['ORDER-ІМ']])(
    'splits a Kazakh suffix from an English word: %j',
    (text) => {
      expect(tokens(text)).toEqual(['order', 'ім']);
    },
  );

  it('splits Latin and Cyrillic runs in one word', () => {
    expect(tokens('менің order-ім қайда?')).toEqual(['менің', 'order', 'ім', 'қайда']);
    expect(tokens('картамды block-тау')).toEqual(['картамды', 'block', 'тау']);
    expect(tokens('smsке')).toEqual(['sms', 'ке']);
  });

  it('drops an apostrophe inside a word of one script, however it is written', () => {
    for (const text of ["пам'ять", 'пам’ять', 'памʼять', 'пам`ять']) {
      expect(tokens(text)).toEqual(['память']);
    }
    expect(tokens('I don’t know')).toEqual(['i', 'dont', 'know']);
    expect(tokens("I'll be there")).toEqual(['ill', 'be', 'there']);
  });

  it('splits hyphenated words and removes stress marks', () => {
    expect(tokens('что-то')).toEqual(['что', 'то']);
    expect(tokens('зака́з')).toEqual(['заказ']);
  });

  it('reads decomposed letters as the composed ones', () => {
    expect(tokens('и\u0306ё'.normalize('NFD'))).toEqual(['йе']);
  });

  it('keeps digits', () => {
    expect(tokens('Заказ №12-345')).toEqual(['заказ', '12', '345']);
  });
});
