import { DateTime } from 'luxon';
import type { CallOutcome } from '../calls/derive-outcome.js';
import { LANGUAGES } from '../flow/language.js';
import type {
  AutomationAction,
  AutomationRule,
  AutomationSettings,
} from './automation-settings.js';
import { isOpen, nextOpening } from './business-calendar.js';
import type { TaskDraft } from '../tasks/task.js';

/** A finished call as the rules see it. */
export interface RuleInput {
  callId: string;
  /** null while the call is not over: no rule fires. */
  outcome: CallOutcome | null;
  direction: 'inbound' | 'outbound';
  endedAt: string;
  waitSec: number | null;
  /** Outbound callback attempt number, 1-based; inbound 0. */
  attempt: number;
  /** E.164, or null when the number was withheld. */
  customerPhone: string | null;
  customerId: string | null;
  language: string;
}

/** The drafts are the tasks' own type: what the rules propose is what the store keeps. */
export type { TaskDraft, TaskKind } from '../tasks/task.js';

function matches(settings: AutomationSettings, rule: AutomationRule, input: RuleInput): boolean {
  const when = rule.when;
  if (input.outcome === null || !when.outcome.includes(input.outcome)) return false;
  if (when.direction !== undefined && when.direction !== input.direction) return false;
  if (
    when.businessHours !== undefined &&
    when.businessHours !== isOpen(settings.businessHours, input.endedAt)
  ) {
    return false;
  }
  if (
    when.waitedMoreThanSec !== undefined &&
    (input.waitSec === null || input.waitSec <= when.waitedMoreThanSec)
  ) {
    return false;
  }
  if (when.attemptsFewerThan !== undefined && input.attempt >= when.attemptsFewerThan) return false;
  return true;
}

const utc = (text: string): DateTime => {
  const at = DateTime.fromISO(text, { zone: 'utc' });
  if (!at.isValid) throw new Error(`Not an ISO-8601 instant: ${text}`);
  return at;
};

/** ISO-8601 UTC with milliseconds, the shape of Date#toISOString. */
const iso = (at: DateTime): string => at.toUTC().toISO() ?? at.toMillis().toString();

/**
 * The tasks the rules make of a finished call. Every matching rule fires, in file order;
 * task ids are deterministic, so storing them with "insert or ignore" makes re-evaluation
 * (a duplicated status callback, a restart) harmless.
 *
 * Callbacks and SMS need the customer's number: with a withheld number they are skipped
 * (the supervisor is still told). Nothing fires for a call that is not over.
 */
export function evaluateRules(settings: AutomationSettings, input: RuleInput): TaskDraft[] {
  if (input.outcome === null) return [];
  const endedAt = utc(input.endedAt);
  const language = (LANGUAGES as readonly string[]).includes(input.language)
    ? input.language
    : settings.defaultLanguage;
  // A callback or an SMS needs a number to reach; a supervisor can act on a withheld one.
  const skipped = (action: AutomationAction) =>
    action.do !== 'notify-supervisor' && input.customerPhone === null;
  const tasks: TaskDraft[] = [];
  for (const rule of settings.rules) {
    if (!matches(settings, rule, input)) continue;
    const dueAt = rule.then.map((action) =>
      action.do === 'callback' && action.at === 'next-opening'
        ? iso(utc(nextOpening(settings.businessHours, input.endedAt)))
        : action.do === 'callback'
          ? iso(endedAt.plus({ minutes: action.dueInMinutes ?? 0 }))
          : iso(endedAt),
    );
    const callbackIndex = rule.then.findIndex((a) => a.do === 'callback' && !skipped(a));
    const callbackDueAt = callbackIndex >= 0 ? (dueAt[callbackIndex] ?? null) : null;
    rule.then.forEach((action, index) => {
      if (skipped(action)) return;
      const task = {
        // The index is the action's place in the rule, kept when an action is skipped, so
        // an id always means the same action.
        id: `${input.callId}:${rule.id}:${index}`,
        ruleId: rule.id,
        callId: input.callId,
        dueAt: dueAt[index] ?? iso(endedAt),
        customerPhone: input.customerPhone,
        customerId: input.customerId,
        language,
        callbackDueAt,
        waitSec: input.waitSec,
      };
      switch (action.do) {
        case 'callback':
          tasks.push({
            ...task,
            kind: 'callback',
            priority: action.priority ?? 'normal',
            attempt: input.direction === 'outbound' ? input.attempt + 1 : 1,
            template: null,
          });
          return;
        case 'sms':
          tasks.push({
            ...task,
            kind: 'sms',
            priority: 'normal',
            attempt: Math.max(1, input.attempt),
            template: action.template,
          });
          return;
        case 'notify-supervisor':
          tasks.push({
            ...task,
            kind: 'notify-supervisor',
            priority: action.priority ?? 'normal',
            attempt: Math.max(1, input.attempt),
            template: action.template,
          });
          return;
      }
    });
  }
  return tasks;
}
