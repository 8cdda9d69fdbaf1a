import type { Kysely } from 'kysely';
import type { CallRecording } from '../crm/connectors/crm-connector.js';
import type { CrmWriteQueue } from '../crm/connectors/crm-write-queue.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { TaskStore } from '../tasks/task-store.js';
import { recordingDeleteTaskId } from './recording-delete-task.js';

/**
 * Where a provider's recording callback lands (Twilio `recordingStatusCallback`, Vonage
 * `record` eventUrl): the recording's URL, id, length and channels are stored with the call
 * (GET /api/calls/:id, and so the call record the CRM gets), its deletion at the provider
 * is scheduled as a durable `recording-delete` task RECORDING_RETENTION_DAYS later, and,
 * with a customer's CRM, a `recording` write is queued for it (amoCRM note, HTTP PUT).
 * Everything is stored before the callback is answered; a repeated callback changes nothing.
 */
export class RecordingInbox {
  constructor(
    private readonly deps: {
      db: Kysely<AppDatabase>;
      tasks: TaskStore;
      clock: Clock;
      logger: Logger;
      /** 0: recordings are kept at the provider. */
      retentionDays: number;
      /** The customer's CRM's write queue; null with the embedded CRM. */
      crmWrites: CrmWriteQueue | null;
    },
  ) {}

  async receive(recording: CallRecording): Promise<void> {
    const { db, tasks, clock, logger, retentionDays } = this.deps;
    const now = clock.now();
    const updated = await db
      .updateTable('calls')
      .set({
        recording_id: recording.recordingId,
        recording_url: recording.url,
        recording_duration_sec: recording.durationSec,
        recording_channels: recording.channels,
        updated_at: now,
      })
      .where('call_id', '=', recording.callId)
      .executeTakeFirst();
    const known = Number(updated.numUpdatedRows) > 0;
    const row = known
      ? await db
          .selectFrom('calls')
          .select(['customer_id', 'language'])
          .where('call_id', '=', recording.callId)
          .executeTakeFirst()
      : undefined;
    if (retentionDays > 0) {
      // Scheduled even for a call we have no row of: the file at the provider is ours all the same.
      await tasks.addTasks(
        [
          {
            id: recordingDeleteTaskId(recording.provider, recording.recordingId),
            kind: 'recording-delete',
            ruleId: 'recording-retention',
            callId: recording.callId,
            dueAt: new Date(Date.parse(now) + retentionDays * 86_400_000).toISOString(),
            priority: 'normal',
            customerPhone: null,
            customerId: row?.customer_id ?? null,
            attempt: 1,
            template: null,
            language: row?.language ?? 'ru',
            callbackDueAt: null,
            waitSec: null,
          },
        ],
        now,
      );
    }
    if (this.deps.crmWrites) {
      await this.deps.crmWrites.enqueue(
        { kind: 'recording', recording, customerId: row?.customer_id ?? null },
        { callId: recording.callId, customerId: row?.customer_id ?? null },
      );
    }
    logger.info(
      {
        provider: recording.provider,
        callId: recording.callId,
        recordingId: recording.recordingId,
        durationSec: recording.durationSec,
        channels: recording.channels,
        known,
        deleteInDays: retentionDays || null,
      },
      known ? 'recording stored with the call' : 'recording of a call not in the call log',
    );
  }
}
