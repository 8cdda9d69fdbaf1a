import { describe, expect, it, beforeEach } from 'vitest';
import { DEFAULT_AUTOMATION_SETTINGS } from '../../src/automation/automation-settings.js';
import { PROVIDERS } from '../support/providers.js';
import { advance, callRow, nobodyAnswers, taskRows } from './call-log-helpers.js';
import { buildTestApp, FALLBACK, OPERATOR, type TestApp } from '../support/test-app.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';

const ASEL = '+77071234567';
const IVAN = '+79165551234';
/** Monday 23 November 2026, 12:00 in Almaty: the company is open. */
const MONDAY_NOON = '2026-11-23T07:00:00.000Z';
/** Monday 23 November 2026, 20:00 in Almaty: closed until Tuesday 09:00 (04:00 UTC). */
const MONDAY_EVENING = '2026-11-23T15:00:00.000Z';

async function steps(t: TestApp, callId: string) {
  return t.db
    .selectFrom('call_steps')
    .selectAll()
    .where('call_id', '=', callId)
    .orderBy('seq')
    .execute();
}

async function transfers(t: TestApp, callId: string) {
  return t.db
    .selectFrom('call_transfers')
    .selectAll()
    .where('call_id', '=', callId)
    .orderBy('seq')
    .execute();
}

/** The scheduler's sweep, `settleSec` after the call ended. */
async function settle(t: TestApp): Promise<void> {
  advance(t, 11);
  await t.settlement.applyDueRules(t.clock.now());
}

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(PROVIDERS)('$name: the call log', (provider) => {
    it('is written before each webhook is answered: call, prompts, inputs, transfer', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, ASEL);
      await call.start();
      const live = await callRow(t, call.id);
      expect(live).toMatchObject({
        provider: provider.name,
        direction: 'inbound',
        caller: ASEL,
        called: '+77172123456',
        customer_id: 'c-asel',
        language: 'kk',
        started_at: MONDAY_NOON,
        answered_at: MONDAY_NOON,
        ended_at: null,
        outcome: null,
        last_step: 'menu',
      });
      const [greeting] = await steps(t, call.id);
      expect(greeting).toMatchObject({ seq: 1, step: 'menu', left_at: null });
      expect(greeting?.prompt).toContain('Әсел');

      advance(t, 6);
      await call.say('менің төлем туралы сұрағым бар', 0.87);
      advance(t, 3);
      await call.dialOutcome('answered', 95);
      advance(t, 96);
      await call.hangup();

      const [menu, transfer] = await steps(t, call.id);
      expect(menu).toMatchObject({
        left_by: 'input',
        input_kind: 'speech',
        input: 'менің төлем туралы сұрағым бар',
        confidence: 0.87,
        duration_ms: 6000,
      });
      expect(transfer).toMatchObject({ step: 'transfer', left_by: 'transfer-ended' });
      expect(await transfers(t, call.id)).toMatchObject([
        { seq: 1, target: 'billing', result: 'answered', talk_sec: 95 },
      ]);
      expect(await callRow(t, call.id)).toMatchObject({
        status: 'completed',
        outcome: 'ANSWERED',
        full_contact: 1,
        talk_sec: 95,
        ivr_sec: 6,
        ivr_outcome: 'transferred',
        answered_by: 'billing',
        transferred_to: 'sip:billing@pbx.example.kz',
      });
      await settle(t);
      expect(await taskRows(t)).toEqual([]);
    });

    it('the DID gives the campaign, from the automation settings', async () => {
      const automation = {
        ...DEFAULT_AUTOMATION_SETTINGS,
        campaigns: { '+77172123456': 'billboard-astana' },
      };
      const t = await buildTestApp({ now: MONDAY_NOON, automation });
      const call = provider.call(t, IVAN);
      await call.start();
      expect(await callRow(t, call.id)).toMatchObject({ campaign: 'billboard-astana' });
    });

    it('an answered call shorter than 30 s is not a full contact', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, IVAN);
      await call.start();
      await call.press('1');
      await call.dialOutcome('answered', 29);
      advance(t, 40);
      await call.hangup();
      expect(await callRow(t, call.id)).toMatchObject({
        outcome: 'ANSWERED',
        full_contact: 0,
        talk_sec: 29,
      });
    });

    it('MISSED in business hours: a callback in 15 minutes and an SMS to the caller', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, IVAN);
      await call.start();
      await call.press('1');
      await call.dialOutcome('no-answer');
      await call.dialOutcome('busy');
      const last = await call.dialOutcome('no-answer');
      expect(last.waitingFor).toBe('end');
      await call.hangup();

      expect((await transfers(t, call.id)).map((x) => [x.destination, x.result])).toEqual([
        ['+77172000001', 'no-answer'],
        [OPERATOR, 'busy'],
        [FALLBACK, 'no-answer'],
      ]);
      expect(await callRow(t, call.id)).toMatchObject({ outcome: 'MISSED', full_contact: 0 });
      const lastStep = (await steps(t, call.id)).at(-1);
      expect(lastStep).toMatchObject({ step: 'ended', left_by: 'completed' });

      await settle(t);
      const made = await taskRows(t);
      expect(made.map((x) => [x.kind, x.rule_id, x.due_at, x.customer_phone])).toEqual([
        ['callback', 'missed-in-hours', '2026-11-23T07:15:00.000Z', IVAN],
        ['sms', 'missed-in-hours', MONDAY_NOON, IVAN],
      ]);
      // The rules run once per call, however often the sweep comes by.
      await settle(t);
      expect(await taskRows(t)).toHaveLength(2);
    });

    it('MISSED after hours: a callback when the company next opens', async () => {
      const t = await buildTestApp({ now: MONDAY_EVENING });
      const call = provider.call(t, IVAN);
      await nobodyAnswers(call);
      await settle(t);
      expect((await taskRows(t)).map((x) => [x.kind, x.rule_id, x.due_at])).toEqual([
        ['callback', 'missed-after-hours', '2026-11-24T04:00:00.000Z'],
      ]);
    });

    it('ABANDONED after waiting 75 s: a priority callback in 2 minutes and the supervisor told', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, IVAN);
      await call.start();
      advance(t, 5);
      await call.press('1');
      advance(t, 75);
      await call.abandonTransfer();
      expect(await callRow(t, call.id)).toMatchObject({
        outcome: 'ABANDONED',
        wait_sec: 75,
        ivr_sec: 5,
      });
      expect(await transfers(t, call.id)).toMatchObject([{ result: 'canceled' }]);
      await settle(t);
      const made = await taskRows(t);
      expect(made.map((x) => [x.kind, x.priority, x.due_at])).toEqual([
        ['callback', 'high', '2026-11-23T07:03:20.000Z'],
        ['notify-supervisor', 'normal', '2026-11-23T07:01:20.000Z'],
      ]);
    });

    it('ABANDONED after 60 s of waiting exactly: no rule fires', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, IVAN);
      await call.start();
      await call.press('1');
      advance(t, 60);
      await call.abandonTransfer();
      expect(await callRow(t, call.id)).toMatchObject({ outcome: 'ABANDONED', wait_sec: 60 });
      await settle(t);
      expect(await taskRows(t)).toEqual([]);
    });

    it('a hang-up in the menu is abandoned in the IVR, at that step', async () => {
      const t = await buildTestApp({ now: MONDAY_NOON });
      const call = provider.call(t, IVAN);
      await call.start();
      advance(t, 8);
      await call.hangup();
      expect(await callRow(t, call.id)).toMatchObject({
        outcome: 'ABANDONED',
        ivr_outcome: 'abandoned',
        ivr_abandoned_at: 'menu',
        wait_sec: 0,
      });
      expect((await steps(t, call.id)).at(-1)).toMatchObject({
        step: 'menu',
        left_by: 'hangup',
        duration_ms: 8000,
      });
    });
  });
});
