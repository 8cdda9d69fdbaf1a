import { randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import type { Kysely } from 'kysely';
import { request } from 'undici';
import type { Logger } from '../lib/logger.js';
import { createTwilioClient } from '../provision/twilio-client.js';
import type { Clock } from '../runtime/clock.js';
import type { AppDatabase } from '../store/database-schema.js';
import { PermanentTaskError } from '../tasks/permanent-task-error.js';
import type { Task } from '../tasks/task.js';

const PREFIX = 'recording-delete:';

/** One task per recording: a repeated callback schedules nothing new. */
export function recordingDeleteTaskId(provider: string, recordingId: string): string {
  return `${PREFIX}${provider}:${recordingId}`;
}

function parseTaskId(id: string): { provider: 'twilio' | 'vonage'; recordingId: string } {
  const m = /^recording-delete:(twilio|vonage):([\w-]{1,100})$/.exec(id);
  if (!m)
    throw new PermanentTaskError(`recording-delete task ${id}: not a recording this version knows`);
  return { provider: m[1] as 'twilio' | 'vonage', recordingId: m[2]! };
}

export interface RecordingDeleteDeps {
  db: Kysely<AppDatabase>;
  clock: Clock;
  logger: Logger;
  twilio: { accountSid: string; authToken: string; apiBaseUrl?: string } | null;
  vonage: { applicationId: string; privateKey: string; apiHost?: string } | null;
}

/**
 * The `recording-delete` executor: deletes the recording at the provider that made it,
 * marks it deleted in the call log and logs it.
 * - Twilio: `DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json` (the Recordings
 *   resource, through the twilio package); 404 means it is already gone.
 * - Vonage: `DELETE https://api.nexmo.com/v3/media/{id}` (Media API) with the application's
 *   JWT, the id being the last segment of the recording's URL (`/v1/files/{id}`); 404: gone.
 * A provider without credentials fails the task for good, named in the error; a network
 * failure or 5xx is retried with the runner's backoff.
 */
export function recordingDeleteExecutor(
  deps: RecordingDeleteDeps,
): (task: Task) => Promise<string> {
  const twilio = deps.twilio ? createTwilioClient(deps.twilio) : null;
  return async (task) => {
    const { provider, recordingId } = parseTaskId(task.id);
    let result: 'deleted' | 'already gone';
    if (provider === 'twilio') {
      if (!twilio) {
        throw new PermanentTaskError(
          'recording-delete: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to delete Twilio recordings',
        );
      }
      result = await deleteTwilio(twilio, recordingId);
    } else {
      if (!deps.vonage) {
        throw new PermanentTaskError(
          'recording-delete: VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH are needed to delete Vonage recordings',
        );
      }
      result = await deleteVonage(deps.vonage, recordingId);
    }
    const now = deps.clock.now();
    await deps.db
      .updateTable('calls')
      .set({ recording_deleted_at: now, updated_at: now })
      .where('recording_id', '=', recordingId)
      .execute();
    deps.logger.info(
      { provider, recordingId, callId: task.callId, result },
      'recording deleted at the provider (retention)',
    );
    return `${provider}:${recordingId}:${result}`;
  };
}

async function deleteTwilio(
  client: ReturnType<typeof createTwilioClient>,
  sid: string,
): Promise<'deleted' | 'already gone'> {
  try {
    await client.recordings(sid).remove();
    return 'deleted';
  } catch (err) {
    if ((err as { status?: number }).status === 404) return 'already gone';
    throw err;
  }
}

async function deleteVonage(
  v: NonNullable<RecordingDeleteDeps['vonage']>,
  fileId: string,
): Promise<'deleted' | 'already gone'> {
  const key = await importPKCS8(v.privateKey, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  // The application JWT Vonage's APIs take (RS256, application_id, iat, jti, short exp).
  const jwt = await new SignJWT({ application_id: v.applicationId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key);
  const host = (v.apiHost ?? 'https://api.nexmo.com').replace(/\/+$/, '');
  const res = await request(`${host}/v3/media/${encodeURIComponent(fileId)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${jwt}` },
    signal: AbortSignal.timeout(15_000),
  });
  await res.body.dump();
  if (res.statusCode === 204 || res.statusCode === 200) return 'deleted';
  if (res.statusCode === 404) return 'already gone';
  const message = `Vonage Media API answered ${res.statusCode} to DELETE /v3/media/${fileId}`;
  if (res.statusCode === 401 || res.statusCode === 403) throw new PermanentTaskError(message);
  throw new Error(message);
}

/** The Vonage file id of a recording URL (`https://api.nexmo.com/v1/files/{id}`). */
export function vonageFileId(recordingUrl: string): string | null {
  const last = new URL(recordingUrl).pathname.split('/').filter(Boolean).at(-1);
  return last && /^[\w-]{1,100}$/.test(last) ? last : null;
}
