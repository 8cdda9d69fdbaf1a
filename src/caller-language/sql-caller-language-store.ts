import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { isLanguage, type Language } from '../flow/language.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { CallerLanguageStore, RememberedLanguage } from './caller-language-store.js';

/** Language choices in the app's database (table `caller_languages`, migration 012). */
export class SqlCallerLanguageStore implements CallerLanguageStore {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    private readonly ttlDays: number,
  ) {}

  async recall(phone: string, now: string): Promise<RememberedLanguage | null> {
    const row = await this.db
      .selectFrom('caller_languages')
      .selectAll()
      .where('phone', '=', phone)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!row || !isLanguage(row.language)) return null;
    return {
      phone: row.phone,
      language: row.language,
      chosenAt: row.chosen_at,
      expiresAt: row.expires_at,
    };
  }

  async remember(phone: string, language: Language, now: string): Promise<void> {
    const expires = DateTime.fromISO(now, { zone: 'utc' }).plus({ days: this.ttlDays }).toISO()!;
    await this.db
      .insertInto('caller_languages')
      .values({ phone, language, chosen_at: now, expires_at: expires })
      .onConflict((oc) =>
        oc.column('phone').doUpdateSet({ language, chosen_at: now, expires_at: expires }),
      )
      .execute();
  }

  async forget(phone: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('caller_languages')
      .where('phone', '=', phone)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async sweep(now: string): Promise<number> {
    const result = await this.db
      .deleteFrom('caller_languages')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
