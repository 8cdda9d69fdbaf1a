import { DateTime } from 'luxon';
import type { AutomationSettings } from '../automation/automation-settings.js';
import type { CallLogPort } from '../calls/call-log-port.js';
import type { CallSettlement } from '../calls/call-settlement.js';
import type { Config } from '../config/config.js';
import { isLanguage } from '../flow/language.js';
import { fillTemplate } from '../lib/fill-template.js';
import type { Logger } from '../lib/logger.js';
import type { SmsPort } from '../messaging/sms-port.js';
import type { Clock } from '../runtime/clock.js';
import type { TelephonyPort } from '../telephony/telephony-port.js';
import type { Task } from './task.js';
import { createTaskExecutors } from './task-executors.js';
import { DEFAULT_RETRY, TaskScheduler, type TaskExecutors } from './task-scheduler.js';
import type { TaskStore } from './task-store.js';

/** Tasks one tick runs at most: callbacks take a REST request each. */
const BATCH_SIZE = 20;

/**
 * A callback placed through a provider is a call like any other in the log, registered as
 * soon as the provider accepts it: its status callbacks then have a row to merge into.
 * Calls kept in the offline outbox are not calls and stay out of the log.
 */
function loggedTelephony(
  inner: TelephonyPort,
  callLog: CallLogPort,
  clock: Clock,
  customerOf: (taskId: string) => Promise<string | null>,
): TelephonyPort {
  return {
    async placeCallback(req) {
      const placed = await inner.placeCallback(req);
      if (placed.channel === 'outbox') return placed;
      await callLog.recordOutbound({
        callId: placed.callId,
        provider: placed.channel,
        caller: req.from,
        called: req.customer,
        customerId: await customerOf(req.taskId),
        language: req.language,
        startedAt: clock.now(),
        taskId: req.taskId,
        attempt: req.attempt,
      });
      return placed;
    },
  };
}

export interface TaskRunnerDeps {
  config: Config;
  automation: AutomationSettings;
  tasks: TaskStore;
  callLog: CallLogPort;
  settlement: CallSettlement;
  telephony: TelephonyPort;
  sms: SmsPort;
  clock: Clock;
  logger: Logger;
  /** Who callbacks call first: the operator line. */
  agent: string;
  /** Sends queued writes to the customer's CRM; absent with the embedded CRM. */
  crmWrite?: (task: Task) => Promise<string | null>;
  /** Deletes recordings at their provider after RECORDING_RETENTION_DAYS. */
  deleteRecording?: (task: Task) => Promise<string | null>;
}

/** What every engine runs tasks with: the executors by kind and the automation rules. */
export interface TaskWork {
  executors: TaskExecutors;
  /** Turns settled calls into tasks; run before due tasks are looked for. */
  beforeTick: (now: string) => Promise<unknown>;
}

/**
 * The in-process task runner: every tick first turns settled calls into tasks (the
 * automation rules), then runs the due tasks: callbacks (agent first, then the customer),
 * SMS to callers, supervisor notifications.
 */
export function createTaskRunner(deps: TaskRunnerDeps): TaskScheduler {
  const work = createTaskWork(deps);
  return new TaskScheduler({
    store: deps.tasks,
    executors: work.executors,
    clock: deps.clock,
    logger: deps.logger,
    intervalMs: deps.config.schedulerIntervalMs,
    batchSize: BATCH_SIZE,
    retry: DEFAULT_RETRY,
    beforeTick: work.beforeTick,
  });
}

/**
 * The executors of every task kind and the automation rules, for whichever engine runs them
 * (the in-process scheduler, or pg-boss: src/tasks/pg-boss-task-queue.ts).
 */
export function createTaskWork(deps: TaskRunnerDeps): TaskWork {
  const { config, automation, tasks, clock, logger } = deps;
  const renderTemplate = (template: string, language: string, task: Task): string => {
    const lang = isLanguage(language) ? language : automation.defaultLanguage;
    const text = automation.templates[template]?.[lang];
    if (!text) throw new Error(`no template ${template} in the automation settings`);
    const due = task.callbackDueAt
      ? DateTime.fromISO(task.callbackDueAt)
          .setZone(automation.businessHours.zone)
          .toFormat('dd.MM HH:mm')
      : '—';
    return fillTemplate(text, {
      caller: task.customerPhone ?? '—',
      waitSec: task.waitSec === null ? '—' : String(task.waitSec),
      due,
    });
  };
  const telephony = loggedTelephony(deps.telephony, deps.callLog, clock, async (taskId) => {
    const task = await tasks.get(taskId);
    return task?.customerId ?? null;
  });
  return {
    executors: createTaskExecutors({
      telephony,
      sms: deps.sms,
      agentDestination: deps.agent,
      callbackFrom: config.callbackFrom,
      supervisorPhone: config.supervisorPhone,
      renderTemplate,
      logger,
      ...(deps.crmWrite ? { crmWrite: deps.crmWrite } : {}),
      ...(deps.deleteRecording ? { deleteRecording: deps.deleteRecording } : {}),
    }),
    beforeTick: (now) => deps.settlement.applyDueRules(now),
  };
}
