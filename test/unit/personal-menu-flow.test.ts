import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { buildFlowConfig } from '../../src/flow/build-flow-config.js';
import type { RankedEmployee } from '../../src/flow/employee-data.js';
import { mentionsName } from '../../src/flow/match-input.js';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import { transition } from '../../src/flow/transition.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';

const flow = buildFlowConfig(loadIvrSettings(null), {
  defaultLanguage: 'ru',
  companyTimeZone: 'Asia/Almaty',
  operator: { type: 'number', number: '+77172000000' },
  fallback: null,
});
const at = '2026-11-23T05:00:00.000Z';
const employee = (
  id: string,
  first: string,
  last: string,
  ext: string,
  n: number,
): RankedEmployee => ({
  id,
  firstName: first,
  lastName: last,
  patronymic: null,
  extension: ext,
  destination: { type: 'number', number: `+7717200${ext.padStart(4, '0')}` },
  score: n,
});
const ranked = [
  employee('e1', 'Евгения', 'Чулкова', '34', 3),
  employee('e2', 'Дмитрий', 'Масленников', '35', 2),
  employee('e3', 'Әсел', 'Нұрланқызы', '36', 1),
  employee('e4', 'Ерлан', 'Сейіт', '37', 0.5),
];

function personalMenu(): CallSnapshot {
  const started = transition(flow, null, {
    type: 'call.started',
    at,
    provider: 'test',
    callId: 'c1',
    from: '+79165551234',
    to: '+77172123456',
  });
  const customer = {
    id: 'c-ivan',
    firstName: 'Иван',
    lastName: null,
    patronymic: null,
    language: 'ru' as const,
    timeZone: 'Europe/Moscow',
    segment: null,
    phones: ['+79165551234'],
    items: [],
    account: NO_ACCOUNT_FACTS,
  };
  const found = transition(flow, started.snapshot, {
    type: 'crm.found',
    at,
    customer,
    outages: [],
    employees: ranked,
  });
  expect(found.snapshot.step).toBe('personal-menu');
  const gather = found.actions[0];
  expect(gather?.kind).toBe('gather');
  if (gather?.kind === 'gather') {
    const texts = gather.prompts.map((p) => (p.kind === 'say' ? p.text : ''));
    expect(texts).toContain('Чулкова Евгения — нажмите 1, добавочный 34.');
    expect(texts).toContain('Нұрланқызы Әсел — нажмите 3, добавочный 36.');
    // Three are offered; the fourth is only a fallback.
    expect(texts.join(' ')).not.toContain('Сейіт');
    expect(gather.maxDigits).toBe(4);
  }
  return found.snapshot;
}

describe('the personal menu (pure flow)', () => {
  it('key 1 dials the first employee; nobody answering goes to the next, then sales, then the operator', () => {
    const chosen = transition(flow, personalMenu(), {
      type: 'input.received',
      at,
      digits: '1',
      speech: null,
    });
    expect(chosen.snapshot.transfer).toMatchObject({
      target: 'employee:e1',
      remaining: [{ target: 'employee:e2' }, { target: 'sales' }, { target: 'operator' }],
    });
    const next = transition(flow, chosen.snapshot, {
      type: 'dial.ended',
      at,
      outcome: 'no-answer',
      durationSec: null,
    });
    expect(next.snapshot.transfer?.target).toBe('employee:e2');
    const sales = transition(flow, next.snapshot, {
      type: 'dial.ended',
      at,
      outcome: 'busy',
      durationSec: null,
    });
    expect(sales.snapshot.transfer?.target).toBe('sales');
  });

  it('the last offered employee falls back to the fourth ranked one', () => {
    const chosen = transition(flow, personalMenu(), {
      type: 'input.received',
      at,
      digits: '3',
      speech: null,
    });
    expect(chosen.snapshot.transfer?.remaining[0]?.target).toBe('employee:e4');
  });

  it('a spoken name in any case form picks the employee', () => {
    const chosen = transition(flow, personalMenu(), {
      type: 'input.received',
      at,
      digits: null,
      speech: { text: 'соедините с Масленниковым пожалуйста', confidence: 0.8 },
    });
    expect(chosen.snapshot.transfer?.target).toBe('employee:e2');
  });

  it('two or more digits ask the CRM for that extension', () => {
    const typed = transition(flow, personalMenu(), {
      type: 'input.received',
      at,
      digits: '41',
      speech: null,
    });
    expect(typed.effects).toEqual([{ type: 'crm.findExtension', extension: '41' }]);
  });

  it('silence leads to the usual menu', () => {
    const silent = transition(flow, personalMenu(), { type: 'input.empty', at });
    expect(silent.snapshot.step).toBe('menu');
  });
});

describe('names are recognised in their inflected forms', () => {
  it.each([
    ['соедините с Евгенией', 'Евгения', true],
    ['Чулковой, пожалуйста', 'Чулкова', true],
    ['Арманға қосыңыз', 'Арман', true],
    ['Әселге', 'Әсел', true],
    ['евро', 'Евгения', false],
    ['Иван', 'Ивановский', false],
  ])('%j mentions %s: %s', (utterance, name, expected) => {
    expect(mentionsName(utterance, name)).toBe(expected);
  });
});
