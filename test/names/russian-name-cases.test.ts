import { describe, expect, it } from 'vitest';
import { declineRussianName } from '../../src/names/russian-name-cases.js';

const person = (
  firstName: string,
  patronymic: string | null = null,
  lastName: string | null = null,
) => ({
  firstName,
  patronymic,
  lastName,
});

describe('Russian declension through petrovich', () => {
  it('declines all three parts of a man’s name', () => {
    const name = person('Иван', 'Петрович', 'Сидоров');
    expect(declineRussianName(name, 'dative')).toEqual(person('Ивану', 'Петровичу', 'Сидорову'));
    expect(declineRussianName(name, 'genitive')).toEqual(person('Ивана', 'Петровича', 'Сидорова'));
  });

  it('declines a woman’s name as a woman’s', () => {
    const name = person('Мария', 'Ивановна', 'Сидорова');
    expect(declineRussianName(name, 'dative')).toEqual(person('Марии', 'Ивановне', 'Сидоровой'));
    expect(declineRussianName(name, 'genitive')).toEqual(person('Марии', 'Ивановны', 'Сидоровой'));
  });

  it('reads the gender from the patronymic: the last name Ким says nothing', () => {
    expect(declineRussianName(person('Олег', 'Петрович', 'Ким'), 'dative').lastName).toBe('Киму');
    expect(declineRussianName(person('Ольга', 'Петровна', 'Ким'), 'dative').lastName).toBe('Ким');
  });

  it('knows Turkic patronymics: Әсел Қайратқызы is a woman and her name stays as it is', () => {
    expect(declineRussianName(person('Әсел', 'Қайратқызы'), 'dative')).toEqual(
      person('Әсел', 'Қайратқызы'),
    );
    expect(declineRussianName(person('Арман', 'Қайратұлы'), 'dative').firstName).toBe('Арману');
    expect(declineRussianName(person('Эльчин', 'Мамед оглы'), 'genitive').firstName).toBe(
      'Эльчина',
    );
    expect(declineRussianName(person('Айгерим', 'Кайраткызы'), 'dative').firstName).toBe('Айгерим');
  });

  it('falls back to petrovich’s reading of an unusual patronymic (…на)', () => {
    expect(declineRussianName(person('Анна', 'Ильинична', 'Кузьмина'), 'dative')).toEqual(
      person('Анне', 'Ильиничне', 'Кузьминой'),
    );
  });

  it('without a patronymic, reads a Russian-style last name', () => {
    expect(declineRussianName(person('Иван', null, 'Сидоров'), 'dative').firstName).toBe('Ивану');
    expect(declineRussianName(person('Айгерим', null, 'Нурланова'), 'dative')).toEqual(
      person('Айгерим', null, 'Нурлановой'),
    );
  });

  it('without other evidence, a name in -а/-я or -й tells the gender; a consonant does not', () => {
    expect(declineRussianName(person('Мария'), 'genitive').firstName).toBe('Марии');
    expect(declineRussianName(person('Сергей'), 'dative').firstName).toBe('Сергею');
    // Иван or Айгерим alone: a man's ending could land on a woman, so the name stays.
    expect(declineRussianName(person('Айгерим'), 'dative').firstName).toBe('Айгерим');
    expect(declineRussianName(person('Иван'), 'dative').firstName).toBe('Иван');
  });

  it('declines men’s names in -а/-я the way Russian does (Саши, not petrovich’s «Сашы»)', () => {
    const name = person('Саша', 'Александрович');
    expect(declineRussianName(name, 'genitive').firstName).toBe('Саши');
    expect(declineRussianName(person('Никита', 'Сергеевич'), 'dative').firstName).toBe('Никите');
    expect(declineRussianName(person('Илья', 'Ильич'), 'genitive').firstName).toBe('Ильи');
  });

  it('keeps a name stored in capitals in capitals', () => {
    expect(declineRussianName(person('ИВАН', 'ПЕТРОВИЧ', 'СИДОРОВ'), 'dative')).toEqual(
      person('ИВАНУ', 'ПЕТРОВИЧУ', 'СИДОРОВУ'),
    );
  });

  it.each([
    [person(''), person('')],
    [person('Ivan', 'Petrovich', 'Sidorov'), person('Ivan', 'Petrovich', 'Sidorov')],
    [person('Анна-Мария', null, ''), person('Анне-Марии', null, '')],
    [person('Жан-Поль'), person('Жан-Поль')],
    [person('Иван', '', null), person('Иван', '', null)],
  ])('never throws on odd input: %j', (name, dative) => {
    expect(declineRussianName(name, 'dative')).toEqual(dative);
  });
});
