import { z } from 'zod';

/** Languages the IVR speaks. Provider voices for each live in the IVR settings file. */
export const languageSchema = z.enum(['ru', 'kk', 'en', 'uk']);
export type Language = z.infer<typeof languageSchema>;
export const LANGUAGES: readonly Language[] = languageSchema.options;

/** The BCP-47 locale of each language, for ICU's numbers, dates and plural rules. */
export const LOCALES: Readonly<Record<Language, string>> = {
  ru: 'ru-RU',
  kk: 'kk-KZ',
  en: 'en-GB',
  uk: 'uk-UA',
};

/** Whether a stored text (a CRM field, a task) names one of our languages. */
export function isLanguage(value: string | null | undefined): value is Language {
  return languageSchema.safeParse(value).success;
}
