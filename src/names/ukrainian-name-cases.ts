import {
  detectGender,
  Gender,
  inAblative,
  inAccusative,
  inDative,
  inGenitive,
  inLocative,
  inNominative,
  inVocative,
  type Anthroponym,
} from 'shevchenko';
import { patronymicGender } from './patronymic-gender.js';
import type { PersonName } from './person-name.js';

export type UkrainianCase =
  'nominative' | 'genitive' | 'dative' | 'accusative' | 'ablative' | 'locative' | 'vocative';

// shevchenko 2.x: synchronous and light. 3.x returns Promises from every function and
// loads TensorFlow.js on import, which a synchronous prompt builder cannot use.
const INFLECT: Record<UkrainianCase, (anthroponym: Anthroponym) => Anthroponym> = {
  nominative: inNominative,
  genitive: inGenitive,
  dative: inDative,
  accusative: inAccusative,
  ablative: inAblative,
  locative: inLocative,
  vocative: inVocative,
};

/**
 * A customer's name in a Ukrainian grammatical case, by shevchenko's rules. Never throws:
 * when the gender cannot be told or shevchenko rejects the input, the name comes back as
 * given. For a man shevchenko gives the dative in -у (Тарасу), one of the two normative
 * endings (Тарасу / Тарасові).
 *
 * @example declineUkrainianName({ firstName: 'Олена', patronymic: 'Петрівна', lastName: null }, 'dative')
 * // { firstName: 'Олені', patronymic: 'Петрівні', lastName: null }
 */
export function declineUkrainianName(name: PersonName, grammaticalCase: UkrainianCase): PersonName {
  const gender = genderOf(name);
  if (gender === null) return name;
  try {
    const inflected = INFLECT[grammaticalCase]({
      gender,
      firstName: name.firstName,
      ...(name.patronymic === null ? {} : { middleName: name.patronymic }),
      ...(name.lastName === null ? {} : { lastName: name.lastName }),
    });
    return {
      firstName: inflected.firstName ?? name.firstName,
      patronymic: name.patronymic === null ? null : (inflected.middleName ?? name.patronymic),
      lastName: name.lastName === null ? null : (inflected.lastName ?? name.lastName),
    };
  } catch {
    return name;
  }
}

/**
 * The patronymic first (also Turkic ones shevchenko does not know), then shevchenko's
 * detection (Ukrainian patronymics and its dictionary of given names), then the first
 * name's ending: names in -а/-я decline alike for men and women (Микола → Миколі), so
 * the feminine rules are safe there. Otherwise the gender is unknown.
 */
function genderOf(name: PersonName): Gender | null {
  const stated = patronymicGender(name.patronymic);
  if (stated !== null) return stated === 'male' ? Gender.Male : Gender.Female;
  try {
    const detected = detectGender({
      firstName: name.firstName,
      ...(name.patronymic === null ? {} : { middleName: name.patronymic }),
    });
    if (detected !== null) return detected;
  } catch {
    // Falls through to the ending.
  }
  return /[ая]$/iu.test(name.firstName.trim()) ? Gender.Female : null;
}
