import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../src/automation/automation-settings.js';
import type { AutomationSettings } from '../../src/automation/automation-settings.js';
import { evaluateRules } from '../../src/automation/evaluate-rules.js';
import type { RuleInput } from '../../src/automation/evaluate-rules.js';

const settings = DEFAULT_AUTOMATION_SETTINGS;
const local = (text: string) =>
  DateTime.fromISO(text, { zone: 'Asia/Almaty' }).toUTC().toISO() ?? '';
const plusMinutes = (iso: string, m: number) =>
  new Date(Date.parse(iso) + m * 60_000).toISOString();

/** Monday 2 November 2026, 11:00 in Almaty: open. */
const IN_HOURS = local('2026-11-02T11:00');

const input = (extra: Partial<RuleInput>): RuleInput => ({
  callId: 'CA0001',
  outcome: 'MISSED',
  direction: 'inbound',
  endedAt: IN_HOURS,
  waitSec: 40,
  attempt: 0,
  customerPhone: '+77010000001',
  customerId: 'c-17',
  language: 'kk',
  ...extra,
});

const summary = (tasks: ReturnType<typeof evaluateRules>) =>
  tasks.map((t) => [t.id, t.kind, t.dueAt, t.priority, t.attempt, t.template]);

describe('missed-in-hours', () => {
  it('calls back in 15 minutes and sends the missed-call SMS', () => {
    const tasks = evaluateRules(settings, input({}));
    expect(summary(tasks)).toEqual([
      ['CA0001:missed-in-hours:0', 'callback', plusMinutes(IN_HOURS, 15), 'normal', 1, null],
      ['CA0001:missed-in-hours:1', 'sms', IN_HOURS, 'normal', 1, 'missedCall'],
    ]);
    expect(tasks[0]).toMatchObject({
      ruleId: 'missed-in-hours',
      callId: 'CA0001',
      customerPhone: '+77010000001',
      customerId: 'c-17',
      language: 'kk',
      callbackDueAt: plusMinutes(IN_HOURS, 15),
    });
  });

  it.each([
    ['2026-11-02T17:59:59', 'missed-in-hours'],
    ['2026-11-02T18:00:00', 'missed-after-hours'],
    ['2026-11-02T08:59:59', 'missed-after-hours'],
    ['2026-11-02T09:00:00', 'missed-in-hours'],
    ['2026-12-16T11:00:00', 'missed-after-hours'], // Independence Day
    ['2026-11-07T11:00:00', 'missed-after-hours'], // Saturday
  ])('a call missed at %s fires %s only', (at, rule) => {
    const tasks = evaluateRules(settings, input({ endedAt: local(at) }));
    expect(new Set(tasks.map((t) => t.ruleId))).toEqual(new Set([rule]));
  });

  it('does not fire for other outcomes or outbound calls', () => {
    expect(evaluateRules(settings, input({ outcome: 'ANSWERED' }))).toEqual([]);
    expect(evaluateRules(settings, input({ direction: 'outbound', attempt: 1 }))).toEqual([]);
  });
});

describe('missed-after-hours', () => {
  it('calls back when the company opens: after the New Year holidays', () => {
    const tasks = evaluateRules(settings, input({ endedAt: local('2026-12-31T19:10') }));
    expect(summary(tasks)).toEqual([
      ['CA0001:missed-after-hours:0', 'callback', local('2027-01-04T09:00'), 'normal', 1, null],
    ]);
  });

  it('calls back on Monday morning for a Friday evening call', () => {
    const [task] = evaluateRules(settings, input({ endedAt: local('2026-11-06T18:00') }));
    expect(task?.dueAt).toBe(local('2026-11-09T09:00'));
  });
});

describe('abandoned-long-wait', () => {
  const abandoned = (extra: Partial<RuleInput>) =>
    evaluateRules(settings, input({ outcome: 'ABANDONED', ...extra }));

  it('fires above 60 s of waiting: an urgent callback and the supervisor', () => {
    expect(summary(abandoned({ waitSec: 61 }))).toEqual([
      ['CA0001:abandoned-long-wait:0', 'callback', plusMinutes(IN_HOURS, 2), 'high', 1, null],
      [
        'CA0001:abandoned-long-wait:1',
        'notify-supervisor',
        IN_HOURS,
        'normal',
        1,
        'supervisorAbandoned',
      ],
    ]);
    expect(abandoned({ waitSec: 61 })[1]?.callbackDueAt).toBe(plusMinutes(IN_HOURS, 2));
  });

  it('does not fire at 60 s, or when the wait is unknown', () => {
    expect(abandoned({ waitSec: 60 })).toEqual([]);
    expect(abandoned({ waitSec: null })).toEqual([]);
  });

  it('fires after hours too: the rule does not look at the calendar', () => {
    expect(abandoned({ waitSec: 90, endedAt: local('2026-11-07T23:00') })).toHaveLength(2);
  });

  it('with a withheld number tells the supervisor only, under the same task id', () => {
    const tasks = abandoned({ waitSec: 61, customerPhone: null, customerId: null });
    expect(summary(tasks)).toEqual([
      [
        'CA0001:abandoned-long-wait:1',
        'notify-supervisor',
        IN_HOURS,
        'normal',
        1,
        'supervisorAbandoned',
      ],
    ]);
    expect(tasks[0]?.callbackDueAt).toBeNull();
  });
});

describe('outbound-no-answer-retry', () => {
  const retry = (attempt: number) =>
    evaluateRules(settings, input({ outcome: 'NO_ANSWER', direction: 'outbound', attempt }));

  it('retries in two hours with the next attempt number while fewer than 3 attempts', () => {
    expect(summary(retry(1))).toEqual([
      [
        'CA0001:outbound-no-answer-retry:0',
        'callback',
        plusMinutes(IN_HOURS, 120),
        'normal',
        2,
        null,
      ],
    ]);
    expect(retry(2)[0]?.attempt).toBe(3);
  });

  it('stops after the third attempt', () => {
    expect(retry(3)).toEqual([]);
  });

  it('does not fire for inbound calls or busy lines', () => {
    expect(evaluateRules(settings, input({ outcome: 'NO_ANSWER' }))).toEqual([]);
    expect(
      evaluateRules(settings, input({ outcome: 'BUSY', direction: 'outbound', attempt: 1 })),
    ).toEqual([]);
  });
});

describe('evaluateRules', () => {
  it('skips callbacks and SMS for a withheld number', () => {
    expect(evaluateRules(settings, input({ customerPhone: null }))).toEqual([]);
  });

  it('never fires for a call that is not over', () => {
    expect(evaluateRules(settings, input({ outcome: null }))).toEqual([]);
  });

  it('gives the same tasks, with the same ids, every time', () => {
    const a = evaluateRules(settings, input({}));
    const b = evaluateRules(settings, input({}));
    expect(b).toEqual(a);
    expect(new Set(a.map((t) => t.id)).size).toBe(a.length);
  });

  it('falls back to the default language for a language the IVR does not speak', () => {
    expect(evaluateRules(settings, input({ language: 'de' }))[1]?.language).toBe('ru');
    expect(evaluateRules(settings, input({ language: 'uk' }))[1]?.language).toBe('uk');
  });

  it('fires every matching rule', () => {
    const both: AutomationSettings = {
      ...settings,
      rules: [
        ...settings.rules,
        {
          id: 'any-missed',
          when: { outcome: ['MISSED', 'ABANDONED'] },
          then: [{ do: 'notify-supervisor', template: 'supervisorAbandoned', priority: 'high' }],
        },
      ],
    };
    expect(evaluateRules(both, input({})).map((t) => t.id)).toEqual([
      'CA0001:missed-in-hours:0',
      'CA0001:missed-in-hours:1',
      'CA0001:any-missed:0',
    ]);
  });

  it('refuses an end time that is not an instant', () => {
    expect(() => evaluateRules(settings, input({ endedAt: 'yesterday' }))).toThrow(/ISO-8601/);
  });
});
