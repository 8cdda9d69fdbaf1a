import { z } from 'zod';
import { LOCALES, type Language } from '../flow/language.js';

const form = z.string().min(1);

/**
 * A word in each CLDR plural category the language uses ("рубль", "рубля", "рублей").
 * Only `other` is required: a language without a category (Kazakh has one form after a
 * numeral, English has no few/many) leaves it out and gets `other`.
 */
export const pluralFormsSchema = z.strictObject({
  one: form.optional(),
  two: form.optional(),
  few: form.optional(),
  many: form.optional(),
  other: form,
});

/** A word in its plural forms, keyed by CLDR plural category. */
export type PluralForms = z.infer<typeof pluralFormsSchema>;

// Building PluralRules loads locale data; a call may ask for the same language many times.
const rulesByLanguage = new Map<Language, Intl.PluralRules>();

function pluralRules(language: Language): Intl.PluralRules {
  let rules = rulesByLanguage.get(language);
  if (rules === undefined) {
    rules = new Intl.PluralRules(LOCALES[language]);
    rulesByLanguage.set(language, rules);
  }
  return rules;
}

/**
 * The form of the word that goes after the number `n` in `language`, by CLDR plural rules
 * (ru: 1 → one, 2 → few, 5 → many); `other` when the forms leave that category out.
 *
 * @example pluralForm({ one: 'рубль', few: 'рубля', many: 'рублей', other: 'рубля' }, 21, 'ru') // 'рубль'
 */
export function pluralForm(forms: PluralForms, n: number, language: Language): string {
  const category = pluralRules(language).select(n);
  // The schema has no `zero`: none of our languages uses it for whole numbers.
  return (category === 'zero' ? undefined : forms[category]) ?? forms.other;
}
