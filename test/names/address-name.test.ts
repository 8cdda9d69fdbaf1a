import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/flow/language.js';
import { fillTemplate } from '../../src/lib/fill-template.js';
import { nameForms } from '../../src/names/address-name.js';

const person = (
  firstName: string,
  patronymic: string | null = null,
  lastName: string | null = null,
) => ({
  firstName,
  patronymic,
  lastName,
});

describe('nameForms: the customer’s name as each prompt language needs it', () => {
  it('ru: petrovich forms of the first name; formal is name and patronymic', () => {
    expect(nameForms(person('Иван', 'Петрович', 'Сидоров'), 'ru')).toEqual({
      name: 'Иван',
      nameFormal: 'Иван Петрович',
      nameDative: 'Ивану',
      nameGenitive: 'Ивана',
    });
    expect(nameForms(person('Мария', 'Ивановна'), 'ru')).toMatchObject({
      nameDative: 'Марии',
      nameGenitive: 'Марии',
    });
    expect(nameForms(person('Айгерим', 'Кайратовна'), 'ru')).toMatchObject({
      nameFormal: 'Айгерим Кайратовна',
      nameDative: 'Айгерим',
      nameGenitive: 'Айгерим',
    });
    expect(nameForms(person('Әсел', 'Қайратқызы'), 'ru')).toEqual({
      name: 'Әсел',
      nameFormal: 'Әсел Қайратқызы',
      nameDative: 'Әсел',
      nameGenitive: 'Әсел',
    });
  });

  it('ru without a patronymic: the formal form is the first name', () => {
    expect(nameForms(person('Иван', null, 'Сидоров'), 'ru').nameFormal).toBe('Иван');
  });

  it('kk: suffixes by vowel harmony; formal is the patronymic as stored', () => {
    expect(nameForms(person('Арман', 'Қайратұлы', 'Сейтқали'), 'kk')).toEqual({
      name: 'Арман',
      nameFormal: 'Арман Қайратұлы',
      nameDative: 'Арманға',
      nameGenitive: 'Арманның',
    });
    expect(nameForms(person('Әсел', 'Қайратқызы'), 'kk')).toMatchObject({
      nameFormal: 'Әсел Қайратқызы',
      nameDative: 'Әселге',
      nameGenitive: 'Әселдің',
    });
  });

  it('uk: shevchenko forms', () => {
    expect(nameForms(person('Тарас', 'Григорович', 'Шевченко'), 'uk')).toEqual({
      name: 'Тарас',
      nameFormal: 'Тарас Григорович',
      nameDative: 'Тарасу',
      nameGenitive: 'Тараса',
    });
    expect(nameForms(person('Олена'), 'uk')).toMatchObject({
      nameDative: 'Олені',
      nameGenitive: 'Олени',
    });
  });

  it('en: the name never changes; formal is first and last name', () => {
    expect(nameForms(person('John', null, 'Smith'), 'en')).toEqual({
      name: 'John',
      nameFormal: 'John Smith',
      nameDative: 'John',
      nameGenitive: 'John',
    });
    expect(nameForms(person('Иван', 'Петрович', 'Сидоров'), 'en').nameFormal).toBe('Иван Сидоров');
  });

  it('fills prompt placeholders as it is', () => {
    const forms = nameForms(person('Мұрат', 'Қайратұлы'), 'kk');
    expect(fillTemplate('{nameDative} SMS жіберілді, {nameFormal}.', forms)).toBe(
      'Мұратқа SMS жіберілді, Мұрат Қайратұлы.',
    );
  });

  it('sanitises CRM text before and after declension', () => {
    expect(nameForms(person(' Ива\u0000н\n', '\tПетрович ', '  '), 'ru')).toEqual({
      name: 'Иван',
      nameFormal: 'Иван Петрович',
      nameDative: 'Ивану',
      nameGenitive: 'Ивана',
    });
    expect(nameForms(person('Ар\uD800ман'), 'kk').nameDative).toBe('Арманға');
  });

  const languages: Language[] = ['ru', 'kk', 'en', 'uk'];
  const odd = [
    person(''),
    person('   ', 'Петрович', 'Сидоров'),
    person('Ivan', 'Petrovich', 'Sidorov'),
    person('Анна-Мария', null, ''),
    person('Анна Мария', 'Ивановна'),
    person('ИВАН'),
    person('123'),
    person('\u0007'),
  ];
  it.each(languages.flatMap((language) => odd.map((p) => [language, p] as const)))(
    '%s never throws on odd input %j',
    (language, p) => {
      const forms = nameForms(p, language);
      expect(Object.keys(forms).sort()).toEqual([
        'name',
        'nameDative',
        'nameFormal',
        'nameGenitive',
      ]);
      for (const value of Object.values(forms)) expect(typeof value).toBe('string');
    },
  );

  it('an empty first name gives empty forms, so a neutral greeting can take over', () => {
    expect(nameForms(person('', 'Петрович', 'Сидоров'), 'ru')).toEqual({
      name: '',
      nameFormal: '',
      nameDative: '',
      nameGenitive: '',
    });
  });

  it('Latin and hyphenated names in Russian', () => {
    expect(nameForms(person('Ivan', 'Petrovich'), 'ru').nameDative).toBe('Ivan');
    expect(nameForms(person('Анна-Мария'), 'ru')).toMatchObject({
      nameDative: 'Анне-Марии',
      nameGenitive: 'Анны-Марии',
    });
  });
});
