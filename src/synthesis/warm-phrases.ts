import type { EmployeeContact } from '../flow/employee-data.js';
import { employeeName } from '../flow/gathers-personal.js';
import type { Language } from '../flow/language.js';
import { languageChoicePrompts, menuPrompts } from '../flow/prompts.js';
import type { FlowSettings } from '../flow/settings.js';
import { nameForms } from '../names/address-name.js';
import type { PersonName } from '../names/person-name.js';
import { phrasePieces } from './phrase-text.js';

/** Settings texts that are never spoken to a caller in their language. */
const NOT_SPOKEN = new Set(['balanceSms', 'whisper', 'currencies', 'employeeName', 'onDate']);

/**
 * What to synthesise ahead of time for the languages a synthesiser speaks: every fixed
 * prompt, the menus as read out, the pieces of every template between its placeholders,
 * and every customer's and employee's name forms. The pieces are what economy mode joins
 * ("{partOfDay}, {name}!" → "Қайырлы кеш" + "Арман").
 */
export function warmPhrases(
  settings: FlowSettings,
  languages: Language[],
  people: { customers: PersonName[]; employees: PersonName[] },
  /** Only the people's names (CRM data changed; the fixed prompts are already cached). */
  namesOnly = false,
): Array<{ language: Language; text: string }> {
  const out: Array<{ language: Language; text: string }> = [];
  // Each phrase once: people share name forms, and every phrase handed on becomes a pending
  // task of the warm-up (a million customers made a gigabyte of them).
  const seen = new Set<string>();
  const push = (language: Language, text: string) => {
    const key = `${language}\u0000${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ language, text });
  };
  const choice = languageChoicePrompts(settings);
  for (const language of languages) {
    const add = (text: string) => {
      push(language, text);
      for (const piece of phrasePieces(text)) push(language, piece);
    };
    if (!namesOnly) {
      for (const text of settingsTexts(settings.prompts[language])) {
        if (!text.includes('{')) add(text);
        else for (const piece of phrasePieces(text)) if (!piece.includes('{')) add(piece);
      }
      for (const say of menuPrompts(settings, language)) add(say.text);
      for (const say of choice) if (say.language === language) add(say.text);
    }
    for (const person of people.customers) {
      for (const form of Object.values(nameForms(person, language))) if (form) add(form);
    }
    for (const person of people.employees) {
      const contact: EmployeeContact = {
        ...person,
        id: '',
        extension: '',
        destination: { type: 'number', number: '' },
      };
      add(employeeName(settings, language, contact));
    }
  }
  return out;
}

function settingsTexts(value: unknown, key = ''): string[] {
  if (NOT_SPOKEN.has(key)) return [];
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => settingsTexts(v));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => settingsTexts(v, k));
  }
  return [];
}
