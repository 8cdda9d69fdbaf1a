import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase } from '../store/database-schema.js';
import { fail, ok, type CheckResult } from './check-result.js';

const LABEL = 'CRM database writable';

/** Thrown inside the transaction so Kysely rolls it back. */
class RollBack extends Error {}

/**
 * Writes a call record inside a transaction and rolls it back: proves the server can record
 * calls (file and folder writable, not locked) without leaving anything in the CRM.
 */
export async function checkDatabaseWritable(db: Kysely<AppDatabase>): Promise<CheckResult> {
  const callId = `doctor-${randomUUID()}`;
  const at = new Date().toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('calls')
        .values({
          call_id: callId,
          provider: 'doctor',
          caller: null,
          called: 'doctor',
          customer_id: null,
          language: 'ru',
          started_at: at,
          ended_at: at,
          status: 'completed',
          duration_sec: 0,
          transferred_to: null,
          path_json: '[]',
          updated_at: at,
        })
        .execute();
      throw new RollBack();
    });
  } catch (err) {
    if (!(err instanceof RollBack)) {
      return fail(
        LABEL,
        `a write failed: ${err instanceof Error ? err.message : String(err)}`,
        'The server could not record calls: make DATABASE_PATH and its folder writable by the user running `npm start`, and stop any other program holding a write lock on it.',
      );
    }
  }
  const left = await db
    .selectFrom('calls')
    .select('call_id')
    .where('call_id', '=', callId)
    .executeTakeFirst();
  if (left) {
    await db.deleteFrom('calls').where('call_id', '=', callId).execute();
    return fail(
      LABEL,
      'a rolled-back write stayed in the database',
      'The database does not honour transactions: point DATABASE_PATH to a local SQLite file.',
    );
  }
  return ok(LABEL, 'a call record written in a transaction and rolled back');
}
