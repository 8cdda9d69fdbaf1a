import { LRUCache } from 'lru-cache';
import type { Language } from '../flow/language.js';
import { sanitizeSpeech } from '../lib/sanitize-speech.js';
import { withKazakhSuffix } from './kazakh-name-suffixes.js';
import type { PersonName } from './person-name.js';
import { declineRussianName } from './russian-name-cases.js';
import { declineUkrainianName } from './ukrainian-name-cases.js';

/**
 * The ways a prompt says the customer's name, one `{placeholder}` each
 * (`"Перезвоним {nameDative}"`). A type rather than an interface so it fills a
 * `Record<string, string>` of template values as it is.
 */
export type NameForms = {
  /** The first name as stored: Иван, Арман, Тарас. */
  name: string;
  /** Polite address: first name and patronymic (Иван Петрович, Арман Қайратұлы); "First Last" in English. */
  nameFormal: string;
  /** The first name as "to whom": Ивану, Арманға, Тарасу. */
  nameDative: string;
  /** The first name as "whose": Ивана, Арманның, Тараса. */
  nameGenitive: string;
};

/**
 * Every form of the customer's name a prompt in `language` may need. CRM text is
 * untrusted: it is sanitised before the libraries read it (a stray space or control
 * character would hide the ending they decide by) and every form is sanitised again on
 * the way out. Never throws; a form that cannot be built is the name as stored, and an
 * empty first name gives empty forms, so the caller can fall back to a neutral greeting.
 *
 * @example nameForms({ firstName: 'Арман', patronymic: 'Қайратұлы', lastName: null }, 'kk')
 * // { name: 'Арман', nameFormal: 'Арман Қайратұлы', nameDative: 'Арманға', nameGenitive: 'Арманның' }
 */
export function nameForms(customer: PersonName, language: Language): NameForms {
  const key = `${language}\u0000${customer.firstName}\u0000${customer.patronymic ?? ''}\u0000${customer.lastName ?? ''}`;
  const known = FORMS.get(key);
  if (known) return { ...known };
  const forms = buildNameForms(customer, language);
  FORMS.set(key, forms);
  return { ...forms };
}

/**
 * Declining a name is the costliest part of a greeting (shevchenko runs a small neural
 * network for Ukrainian surnames), and callers' names repeat across calls: the forms are
 * kept per name and language, the least recently used going first.
 */
const FORMS = new LRUCache<string, NameForms>({ max: 20_000 });

function buildNameForms(customer: PersonName, language: Language): NameForms {
  const name: PersonName = {
    firstName: sanitizeSpeech(customer.firstName),
    patronymic: orNull(sanitizeSpeech(customer.patronymic ?? '')),
    lastName: orNull(sanitizeSpeech(customer.lastName ?? '')),
  };
  if (name.firstName === '') return { name: '', nameFormal: '', nameDative: '', nameGenitive: '' };
  const forms = formsIn(name, language);
  return {
    name: sanitizeSpeech(forms.name),
    nameFormal: sanitizeSpeech(forms.nameFormal),
    nameDative: sanitizeSpeech(forms.nameDative),
    nameGenitive: sanitizeSpeech(forms.nameGenitive),
  };
}

function formsIn(name: PersonName, language: Language): NameForms {
  const { firstName, patronymic, lastName } = name;
  switch (language) {
    case 'ru':
      return {
        name: firstName,
        nameFormal: words(firstName, patronymic),
        nameDative: declineRussianName(name, 'dative').firstName,
        nameGenitive: declineRussianName(name, 'genitive').firstName,
      };
    case 'uk':
      return {
        name: firstName,
        nameFormal: words(firstName, patronymic),
        nameDative: declineUkrainianName(name, 'dative').firstName,
        nameGenitive: declineUkrainianName(name, 'genitive').firstName,
      };
    case 'kk':
      return {
        name: firstName,
        // The patronymic as the CRM stores it: Қайратұлы / Қайратқызы, or a Russian-style one.
        nameFormal: words(firstName, patronymic),
        nameDative: withKazakhSuffix(firstName, 'dative'),
        nameGenitive: withKazakhSuffix(firstName, 'genitive'),
      };
    case 'en':
      return {
        name: firstName,
        nameFormal: words(firstName, lastName),
        nameDative: firstName,
        nameGenitive: firstName,
      };
  }
}

function words(...parts: (string | null)[]): string {
  return parts.filter((part) => part !== null && part !== '').join(' ');
}

function orNull(text: string): string | null {
  return text === '' ? null : text;
}
