import { describe, expect, it } from 'vitest';
import { pluralForm, pluralFormsSchema } from '../../src/words/plural-forms.js';

const ROUBLE_RU = { one: 'рубль', few: 'рубля', many: 'рублей', other: 'рубля' };
const HRYVNIA_UK = { one: 'гривня', few: 'гривні', many: 'гривень', other: 'гривні' };
const DOLLAR_EN = { one: 'dollar', other: 'dollars' };

describe('pluralForm', () => {
  it.each([
    [1, 'рубль'],
    [2, 'рубля'],
    [5, 'рублей'],
    [11, 'рублей'],
    [21, 'рубль'],
    [22, 'рубля'],
    [25, 'рублей'],
    [0, 'рублей'],
    [1.5, 'рубля'],
  ])('ru %d → %s', (n, form) => {
    expect(pluralForm(ROUBLE_RU, n, 'ru')).toBe(form);
  });

  it.each([
    [1, 'гривня'],
    [3, 'гривні'],
    [5, 'гривень'],
    [11, 'гривень'],
    [21, 'гривня'],
    [24, 'гривні'],
  ])('uk %d → %s', (n, form) => {
    expect(pluralForm(HRYVNIA_UK, n, 'uk')).toBe(form);
  });

  it.each([
    [0, 'dollars'],
    [1, 'dollar'],
    [2, 'dollars'],
    [21, 'dollars'],
  ])('en %d → %s', (n, form) => {
    expect(pluralForm(DOLLAR_EN, n, 'en')).toBe(form);
  });

  it('kk: one form after any number, from other', () => {
    for (const n of [1, 2, 5, 21]) expect(pluralForm({ other: 'теңге' }, n, 'kk')).toBe('теңге');
  });

  it('falls back to other when the category is left out', () => {
    expect(pluralForm({ other: 'евро' }, 5, 'ru')).toBe('евро');
    expect(pluralForm({ one: 'рубль', other: 'рубля' }, 5, 'ru')).toBe('рубля');
  });
});

describe('pluralFormsSchema', () => {
  it('needs other, refuses empty forms and unknown keys', () => {
    expect(pluralFormsSchema.safeParse({ one: 'цент' }).success).toBe(false);
    expect(pluralFormsSchema.safeParse({ other: '' }).success).toBe(false);
    expect(pluralFormsSchema.safeParse({ other: 'цент', zero: 'центов' }).success).toBe(false);
    expect(pluralFormsSchema.parse({ other: 'цент' })).toEqual({ other: 'цент' });
  });
});
