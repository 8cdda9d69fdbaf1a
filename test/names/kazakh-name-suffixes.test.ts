import { describe, expect, it } from 'vitest';
import { withKazakhSuffix } from '../../src/names/kazakh-name-suffixes.js';

describe('Kazakh dative: -ға/-ге after vowels and voiced sounds, -қа/-ке after voiceless', () => {
  it.each([
    ['Арман', 'Арманға'],
    ['Әсел', 'Әселге'],
    ['Айгүл', 'Айгүлге'],
    ['Ерлан', 'Ерланға'],
    ['Мұрат', 'Мұратқа'],
    ['Серік', 'Серікке'],
    ['Дина', 'Динаға'],
    ['Гүлнар', 'Гүлнарға'],
    ['Асқар', 'Асқарға'],
    ['Бекжан', 'Бекжанға'],
  ])('%s → %s', (name, dative) => {
    expect(withKazakhSuffix(name, 'dative')).toBe(dative);
  });
});

describe('Kazakh genitive: -ның/-нің, -дың/-дің, -тың/-тің', () => {
  it.each([
    ['Арман', 'Арманның'],
    ['Әсел', 'Әселдің'],
    ['Мұрат', 'Мұраттың'],
    ['Серік', 'Серіктің'],
    ['Дина', 'Динаның'],
    ['Айгүл', 'Айгүлдің'],
    ['Асқар', 'Асқардың'],
    ['Бекжан', 'Бекжанның'],
  ])('%s → %s', (name, genitive) => {
    expect(withKazakhSuffix(name, 'genitive')).toBe(genitive);
  });
});

describe('names in Russian spelling follow the harmony of their last written vowel', () => {
  it.each([
    ['Айгерим', 'Айгеримге', 'Айгеримнің'],
    ['Динара', 'Динараға', 'Динараның'],
    ['Мария', 'Марияға', 'Марияның'],
    ['Олег', 'Олегке', 'Олегтің'],
    ['Сергей', 'Сергейге', 'Сергейдің'],
  ])('%s → %s, %s', (name, dative, genitive) => {
    expect(withKazakhSuffix(name, 'dative')).toBe(dative);
    expect(withKazakhSuffix(name, 'genitive')).toBe(genitive);
  });

  it('a final soft sign makes the word front (Айгуль, Игорь)', () => {
    expect(withKazakhSuffix('Айгуль', 'dative')).toBe('Айгульге');
    expect(withKazakhSuffix('Игорь', 'genitive')).toBe('Игорьдің');
  });

  it('и and у end in a glide: a vowel for the dative, -дың/-дің for the genitive', () => {
    expect(withKazakhSuffix('Әли', 'dative')).toBe('Әлиге');
    expect(withKazakhSuffix('Әли', 'genitive')).toBe('Әлидің');
    expect(withKazakhSuffix('Нұрсұлу', 'dative')).toBe('Нұрсұлуға');
    expect(withKazakhSuffix('Нұрсұлу', 'genitive')).toBe('Нұрсұлудың');
  });

  it('б в г д are devoiced at the end and take the voiceless suffixes', () => {
    expect(withKazakhSuffix('Владислав', 'dative')).toBe('Владиславқа');
    expect(withKazakhSuffix('Ахмед', 'genitive')).toBe('Ахмедтің');
  });
});

describe('odd input', () => {
  it('a name in capitals gets the suffix in capitals', () => {
    expect(withKazakhSuffix('АРМАН', 'dative')).toBe('АРМАНҒА');
    expect(withKazakhSuffix('ӘСЕЛ', 'genitive')).toBe('ӘСЕЛДІҢ');
  });

  it('the suffix goes on the last part of a hyphenated name', () => {
    expect(withKazakhSuffix('Анна-Мария', 'dative')).toBe('Анна-Марияға');
  });

  it.each(['', 'Arman', 'Арман2', 'Арман.'])('%j is returned as it is', (name) => {
    expect(withKazakhSuffix(name, 'dative')).toBe(name);
    expect(withKazakhSuffix(name, 'genitive')).toBe(name);
  });
});
