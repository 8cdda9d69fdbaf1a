import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import { CrmWriteQueue } from '../crm/connectors/crm-write-queue.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { Task } from '../tasks/task.js';
import type { TaskStore } from '../tasks/task-store.js';
import { recordingDeleteExecutor } from './recording-delete-task.js';
import { RecordingInbox } from './recording-inbox.js';

/**
 * The recordings' parts by configuration: the inbox the providers' recording callbacks
 * fill, and the `recording-delete` executor for the task runner, with the credentials of
 * each provider that are set (a recording of a provider without them fails its task,
 * named in the error).
 */
export function createRecordings(
  config: Config,
  deps: {
    db: Kysely<AppDatabase>;
    tasks: TaskStore;
    clock: Clock;
    logger: Logger;
    /** Twilio's REST API origin (TWILIO_API_URL), or a local fake in tests. */
    twilioApiBaseUrl?: string;
    /** Tests only: a local fake of Vonage's REST APIs. */
    vonageApiHost?: string;
  },
): { inbox: RecordingInbox; deleteRecording: (task: Task) => Promise<string> } {
  const crmWrites =
    config.crm.provider === 'embedded'
      ? null
      : new CrmWriteQueue({
          db: deps.db,
          tasks: deps.tasks,
          clock: deps.clock,
          callDelaySec: config.crm.writeDelaySec,
        });
  const inbox = new RecordingInbox({
    db: deps.db,
    tasks: deps.tasks,
    clock: deps.clock,
    logger: deps.logger,
    retentionDays: config.recording.retentionDays,
    crmWrites,
  });
  const deleteRecording = recordingDeleteExecutor({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    twilio:
      config.twilioAccountSid && config.twilioAuthToken
        ? {
            accountSid: config.twilioAccountSid,
            authToken: config.twilioAuthToken,
            ...(deps.twilioApiBaseUrl ? { apiBaseUrl: deps.twilioApiBaseUrl } : {}),
          }
        : null,
    vonage:
      config.vonageApplicationId && config.vonagePrivateKey
        ? {
            applicationId: config.vonageApplicationId,
            privateKey: config.vonagePrivateKey,
            ...(deps.vonageApiHost ? { apiHost: deps.vonageApiHost } : {}),
          }
        : null,
  });
  return { inbox, deleteRecording };
}
