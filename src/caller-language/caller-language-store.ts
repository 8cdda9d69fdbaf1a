import type { Language } from '../flow/language.js';

/** A remembered language choice, as the API shows it. */
export interface RememberedLanguage {
  phone: string;
  language: Language;
  chosenAt: string;
  expiresAt: string;
}

/**
 * The language each number's caller chose, kept in our own store (not the CRM) so a caller
 * the CRM does not know is greeted in it next time without being asked
 * (docs/caller-language.md). Choices expire; a number can be forgotten on request.
 */
export interface CallerLanguageStore {
  /** The number's language, or null when none was chosen or the choice expired. */
  recall(phone: string, now: string): Promise<RememberedLanguage | null>;
  /** Stores (or renews) the choice until `now` + the TTL. */
  remember(phone: string, language: Language, now: string): Promise<void>;
  /** Forgets the number; false when nothing was stored. */
  forget(phone: string): Promise<boolean>;
  /** Deletes expired choices; how many. */
  sweep(now: string): Promise<number>;
}
