import { describe, expect, it } from 'vitest';
import { declineUkrainianName } from '../../src/names/ukrainian-name-cases.js';

const person = (
  firstName: string,
  patronymic: string | null = null,
  lastName: string | null = null,
) => ({
  firstName,
  patronymic,
  lastName,
});

describe('Ukrainian declension through shevchenko', () => {
  it('Тарас: dative in -у (shevchenko’s choice of the two normative endings), genitive Тараса', () => {
    expect(declineUkrainianName(person('Тарас'), 'dative').firstName).toBe('Тарасу');
    expect(declineUkrainianName(person('Тарас'), 'genitive').firstName).toBe('Тараса');
  });

  it('Олена → Олені, Олени', () => {
    expect(declineUkrainianName(person('Олена'), 'dative').firstName).toBe('Олені');
    expect(declineUkrainianName(person('Олена'), 'genitive').firstName).toBe('Олени');
  });

  it('declines the whole name, the gender from the patronymic', () => {
    expect(declineUkrainianName(person('Тарас', 'Григорович', 'Шевченко'), 'dative')).toEqual(
      person('Тарасу', 'Григоровичу', 'Шевченку'),
    );
    expect(declineUkrainianName(person('Олена', 'Петрівна', 'Коваленко'), 'genitive')).toEqual(
      person('Олени', 'Петрівни', 'Коваленко'),
    );
  });

  it('has the vocative that Ukrainian uses to address someone', () => {
    expect(declineUkrainianName(person('Тарас'), 'vocative').firstName).toBe('Тарасе');
    expect(declineUkrainianName(person('Олена'), 'vocative').firstName).toBe('Олено');
  });

  it('a name it cannot place keeps its nominative', () => {
    expect(declineUkrainianName(person('Айгерим'), 'dative').firstName).toBe('Айгерим');
    expect(declineUkrainianName(person('Taras'), 'dative').firstName).toBe('Taras');
    expect(declineUkrainianName(person('Микола'), 'dative').firstName).toBe('Миколі');
  });

  it.each([person(''), person('Анна-Марія', '', ''), person('ТАРАС', 'Григорович')])(
    'never throws on odd input: %j',
    (name) => {
      expect(() => declineUkrainianName(name, 'dative')).not.toThrow();
    },
  );

  it('a hyphenated name declines in both parts', () => {
    expect(declineUkrainianName(person('Анна-Марія'), 'dative').firstName).toBe('Анні-Марії');
  });
});
