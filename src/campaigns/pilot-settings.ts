import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';

const PILOT_PERCENT = 'pilot.percent';

/**
 * The pilot's share of known callers who get the personalised flow, as changed through
 * `PUT /api/pilot` (table `app_settings`); null when never changed, so PILOT_PERCENT holds.
 * Read at each call's lookup (one indexed row): a change is used by the next call.
 */
export class PilotSettings {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async percent(): Promise<number | null> {
    const row = await this.db
      .selectFrom('app_settings')
      .select('value_json')
      .where('name', '=', PILOT_PERCENT)
      .executeTakeFirst();
    if (!row) return null;
    const value: unknown = JSON.parse(row.value_json);
    return typeof value === 'number' && value >= 0 && value <= 100 ? value : null;
  }

  async setPercent(percent: number, now: string): Promise<void> {
    const value_json = JSON.stringify(percent);
    await this.db
      .insertInto('app_settings')
      .values({ name: PILOT_PERCENT, value_json, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value_json, updated_at: now }))
      .execute();
  }
}
