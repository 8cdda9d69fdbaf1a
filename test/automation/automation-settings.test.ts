import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTOMATION_SETTINGS,
  loadAutomationSettings,
} from '../../src/automation/automation-settings.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { tempDir } from '../crm/temp-crm.js';

function settingsFile(content: unknown): string {
  const file = join(tempDir(), 'automation.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The shipped settings as plain JSON, to break one field at a time. */
const shipped = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(DEFAULT_AUTOMATION_SETTINGS)) as Record<string, unknown>;

const DELETE = Symbol('delete');

/** The JSON with the value at `path` replaced (or deleted). */
function edit(path: Array<string | number>, value: unknown): Record<string, unknown> {
  const raw = shipped();
  let node = raw as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? '';
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return raw;
}

function errorOf(content: unknown): ConfigError {
  const file = settingsFile(content);
  try {
    loadAutomationSettings(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(file);
    return err as ConfigError;
  }
  throw new Error('expected the settings to be refused');
}

describe('automation settings', () => {
  it('ships the four default rules, Almaty hours and the holidays', () => {
    const settings = loadAutomationSettings(null);
    expect(settings).toBe(DEFAULT_AUTOMATION_SETTINGS);
    expect(settings.rules.map((r) => r.id)).toEqual([
      'missed-in-hours',
      'abandoned-long-wait',
      'outbound-no-answer-retry',
      'missed-after-hours',
    ]);
    expect(settings.businessHours.zone).toBe('Asia/Almaty');
    expect(settings.businessHours.week.sat).toBeUndefined();
    expect(settings.businessHours.holidays).toContain('2027-03-22');
    expect(settings.fullContactSec).toBe(30);
    expect(Object.keys(settings.templates.missedCall ?? {}).sort()).toEqual([
      'en',
      'kk',
      'ru',
      'uk',
    ]);
  });

  it('reads a file, with a BOM, and fills the defaults of optional fields', () => {
    const raw = edit(['rules', 1, 'then', 1, 'template'], DELETE);
    delete raw.defaultLanguage;
    const file = settingsFile(`\uFEFF${JSON.stringify(raw)}`);
    const settings = loadAutomationSettings(file);
    expect(settings.defaultLanguage).toBe('ru');
    expect(settings.rules[1]?.then[1]).toEqual({
      do: 'notify-supervisor',
      template: 'supervisorAbandoned',
    });
  });

  it.each<[string, Array<string | number>, unknown, string]>([
    ['a duplicate rule id', ['rules', 1, 'id'], 'missed-in-hours', 'rules.1.id: duplicate id'],
    ['a time that is not HH:MM', ['businessHours', 'week', 'mon', 0], '9:00', 'week.mon.0'],
    ['24:00 as an opening', ['businessHours', 'week', 'mon', 0], '24:00', 'week.mon.0'],
    ['a close before the opening', ['businessHours', 'week', 'tue', 1], '08:00', 'week.tue'],
    ['an unknown day', ['businessHours', 'week', 'monday'], ['09:00', '18:00'], 'week'],
    ['an impossible holiday', ['businessHours', 'holidays', 2], '2027-02-30', 'holidays.2'],
    ['a holiday not ISO', ['businessHours', 'holidays', 0], '16.12.2026', 'holidays.0'],
    ['an unknown zone', ['businessHours', 'zone'], 'Asia/Almaata', 'businessHours.zone'],
    ['an offset for a zone', ['businessHours', 'zone'], '+05:00', 'businessHours.zone'],
    ['a missing template', ['rules', 0, 'then', 1, 'template'], 'missed', 'no template missed'],
    ['a template without Kazakh', ['templates', 'missedCall', 'kk'], DELETE, 'missedCall.kk'],
    [
      'an unknown placeholder',
      ['templates', 'supervisorAbandoned', 'en'],
      'Call {name} by {due}',
      'templates.supervisorAbandoned.en: unknown placeholder {name}',
    ],
    ['an unknown outcome', ['rules', 0, 'when', 'outcome', 0], 'LOST', 'rules.0.when.outcome.0'],
    ['a callback with no due time', ['rules', 0, 'then', 0, 'dueInMinutes'], DELETE, 'either'],
    ['a callback with two due times', ['rules', 0, 'then', 0, 'at'], 'next-opening', 'either'],
    ['an unknown action', ['rules', 0, 'then', 0], { do: 'email' }, 'rules.0.then.0'],
    ['an unknown condition', ['rules', 0, 'when', 'waitedMoreThan'], 60, 'rules.0.when'],
    ['a negative full-contact threshold', ['fullContactSec'], -1, 'fullContactSec'],
  ])('refuses %s, naming the field', (_name, path, value, field) => {
    expect(errorOf(edit(path, value)).message).toContain(field);
  });

  it('refuses a file that is not JSON or cannot be read', () => {
    expect(errorOf('{ not json').message).toMatch(/Automation settings/);
    expect(() => loadAutomationSettings(join(tempDir(), 'missing.json'))).toThrow(ConfigError);
  });
});
