import petrovich from 'petrovich';
import { patronymicGender } from './patronymic-gender.js';
import type { PersonName } from './person-name.js';

export type RussianCase = petrovich.Case;

/**
 * A customer's first name, patronymic and last name in a Russian grammatical case, by
 * petrovich's rules. Never throws: a part petrovich has no rule for (Latin letters, most
 * Kazakh names, empty text) comes back as given, which is also what Russian does with
 * foreign female names (Айгерим, Кармен stay as they are).
 *
 * @example declineRussianName({ firstName: 'Иван', patronymic: 'Петрович', lastName: 'Сидоров' }, 'dative')
 * // { firstName: 'Ивану', patronymic: 'Петровичу', lastName: 'Сидорову' }
 */
export function declineRussianName(name: PersonName, grammaticalCase: RussianCase): PersonName {
  const gender = genderOf(name);
  return {
    // First names in -а/-я (Никита, Илья, Саша) decline alike for men and women, and
    // petrovich's female rules for them are the complete ones: its male rules give «Сашы».
    firstName: inflect(
      /[ая]$/iu.test(name.firstName) ? 'female' : gender,
      'first',
      name.firstName,
      grammaticalCase,
    ),
    patronymic:
      name.patronymic === null ? null : inflect(gender, 'middle', name.patronymic, grammaticalCase),
    lastName:
      name.lastName === null ? null : inflect(gender, 'last', name.lastName, grammaticalCase),
  };
}

/**
 * Declension depends on gender, which the CRM does not store. The strongest evidence
 * first: the patronymic, then petrovich's own reading of it (any `…ич` / `…на`), then a
 * Russian-style last name (Сидоров / Сидорова), then the first name's ending. A first
 * name ending in a consonant says nothing in Kazakhstan (Арман, Айгерим), so without
 * other evidence the name is declined as `androgynous`: petrovich then changes only what
 * is the same for both genders, and a woman is never addressed with a man's ending.
 */
function genderOf(name: PersonName): petrovich.Gender {
  const stated = patronymicGender(name.patronymic);
  if (stated !== null) return stated;
  const patronymic = name.patronymic?.trim() ?? '';
  const detected = patronymic === '' ? 'androgynous' : petrovich.detect_gender(patronymic);
  if (detected !== 'androgynous') return detected;
  return lastNameGender(name.lastName) ?? firstNameGender(name.firstName) ?? 'androgynous';
}

function lastNameGender(lastName: string | null): 'male' | 'female' | null {
  const word = lastName?.trim().toLowerCase() ?? '';
  if (/([оеё]ва|[иы]на|[сц]кая)$/u.test(word)) return 'female';
  if (/([оеё]в|[иы]н|[сц]кий)$/u.test(word)) return 'male';
  return null;
}

function firstNameGender(firstName: string): 'male' | 'female' | null {
  const word = firstName.trim().toLowerCase();
  if (/[ая]$/u.test(word)) return 'female';
  if (/й$/u.test(word)) return 'male'; // Сергей, Андрей, Дмитрий
  return null;
}

function inflect(
  gender: petrovich.Gender,
  nameType: petrovich.NameType,
  text: string,
  grammaticalCase: RussianCase,
): string {
  try {
    const inflected = petrovich[gender][nameType][grammaticalCase](text);
    // petrovich appends lower-case endings («ИВАНу»); a name stored in capitals keeps them.
    return isUpperCase(text) ? inflected.toUpperCase() : inflected;
  } catch {
    // The rules are data applied to any string; if odd input ever trips them, the
    // nominative is still a correct way to say the name.
    return text;
  }
}

function isUpperCase(text: string): boolean {
  return text.length > 1 && text === text.toUpperCase() && text !== text.toLowerCase();
}
