import { createLogger, type Logger } from '../lib/logger.js';
import { maskPhone } from '../lib/mask.js';
import type { SmsPort } from '../messaging/sms-port.js';
import type { TelephonyPort } from '../telephony/telephony-port.js';
import { PermanentTaskError } from './permanent-task-error.js';
import type { Task } from './task.js';
import type { TaskExecutors } from './task-scheduler.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** What `log-only` supervisor notifications complete with. */
export const LOG_ONLY = 'log-only';

export interface TaskExecutorDeps {
  telephony: TelephonyPort;
  sms: SmsPort;
  /** Who takes callbacks, called first: E.164 number or `sip:` URI. */
  agentDestination: string;
  /** Caller id of callbacks (CALLBACK_FROM). Null only with the outbox, which records ''. */
  callbackFrom: string | null;
  /** SUPERVISOR_PHONE; null: supervisor notifications are only logged. */
  supervisorPhone: string | null;
  /**
   * The text of an SMS or notification. `template` is the task's template, or its kind
   * (`sms`, `notify-supervisor`) when the rule gave none. A throw fails the task for good:
   * the same template would fail again.
   */
  renderTemplate: (template: string, language: string, task: Task) => string;
  /** For the "notification only logged" warning; JSON on stdout by default. */
  logger?: Logger;
  /** Sends a queued write to the customer's CRM (src/crm/connectors/crm-write-queue.ts). */
  crmWrite?: (task: Task) => Promise<string | null>;
  /** Deletes a recording at its provider (src/recordings/recording-delete-task.ts). */
  deleteRecording?: (task: Task) => Promise<string | null>;
}

/**
 * The executors the TaskScheduler runs, one per task kind:
 * - `callback`: places a call through the telephony port, agent first, then the customer;
 *   the result is the call id.
 * - `sms`: texts the customer the rendered template; the result is the receipt id.
 * - `notify-supervisor`: texts SUPERVISOR_PHONE the rendered template (receipt id), or,
 *   without one, logs a warning and completes with `log-only`.
 * A callback or SMS without a usable customer phone fails for good (PermanentTaskError).
 */
export function createTaskExecutors(deps: TaskExecutorDeps): TaskExecutors {
  const logger = deps.logger ?? createLogger('info');
  return {
    ...(deps.crmWrite ? { 'crm-write': deps.crmWrite } : {}),
    ...(deps.deleteRecording ? { 'recording-delete': deps.deleteRecording } : {}),
    async callback(task) {
      const customer = customerPhoneOf(task);
      const placed = await deps.telephony.placeCallback({
        taskId: task.id,
        attempt: task.attempt,
        agent: deps.agentDestination,
        customer,
        from: deps.callbackFrom ?? '',
        language: task.language,
      });
      return placed.callId;
    },
    async sms(task) {
      const customer = customerPhoneOf(task);
      const receipt = await deps.sms.send(customer, render(deps, task));
      return receipt.id;
    },
    async 'notify-supervisor'(task) {
      if (deps.supervisorPhone === null) {
        logger.warn(
          {
            taskId: task.id,
            callId: task.callId,
            customer: maskPhone(task.customerPhone),
            customerId: task.customerId,
            ruleId: task.ruleId,
          },
          'supervisor notification only logged: SUPERVISOR_PHONE is not set',
        );
        return LOG_ONLY;
      }
      const receipt = await deps.sms.send(deps.supervisorPhone, render(deps, task));
      return receipt.id;
    },
  };
}

function customerPhoneOf(task: Task): string {
  const phone = task.customerPhone;
  if (phone === null || phone === '') {
    throw new PermanentTaskError(`${task.kind} task ${task.id} has no customer phone`, {
      context: { taskId: task.id, kind: task.kind },
    });
  }
  if (!E164.test(phone)) {
    throw new PermanentTaskError(
      `${task.kind} task ${task.id}: customer phone ${maskPhone(phone)} is not E.164`,
      { context: { taskId: task.id, kind: task.kind } },
    );
  }
  return phone;
}

function render(deps: TaskExecutorDeps, task: Task): string {
  const template = task.template ?? task.kind;
  try {
    return deps.renderTemplate(template, task.language, task);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PermanentTaskError(
      `${task.kind} task ${task.id}: template ${template} (${task.language}) did not render: ${reason}`,
      { context: { taskId: task.id, template, language: task.language } },
    );
  }
}
