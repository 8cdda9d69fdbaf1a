import { afterEach, describe, expect, it, beforeEach } from 'vitest';
import { createTaskRunner } from '../../src/tasks/create-task-runner.js';
import type { TaskScheduler } from '../../src/tasks/task-scheduler.js';
import type { TelephonyPort } from '../../src/telephony/telephony-port.js';
import { TwilioTelephony } from '../../src/telephony/twilio-telephony.js';
import { VonageTelephony } from '../../src/telephony/vonage-telephony.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import type { CallEngine } from '../../src/simulator/call-engine.js';
import { describeDestination } from '../../src/flow/destination.js';
import { startFakeTwilioApi } from '../support/fake-twilio-api.js';
import { startFakeVonageApi } from '../support/fake-vonage-api.js';
import { testKeyPair } from '../telephony/test-keys.js';
import { RecordingSms } from '../support/recording-sms.js';
import { advance, callRow, nobodyAnswers, taskRows } from './call-log-helpers.js';
import {
  buildTestApp,
  OPERATOR,
  PUBLIC_URL,
  TWILIO_TOKEN,
  VONAGE_SECRET,
  type TestApp,
} from '../support/test-app.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';

const IVAN = '+79165551234';
const OUR_NUMBER = '+77172123456';
const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const APPLICATION_ID = '0f6e3b1c-2d4a-4b8e-9c1f-7a5d3e2b1c0a';
/** Monday 23 November 2026, 12:00 in Almaty. */
const MONDAY_NOON = '2026-11-23T07:00:00.000Z';

interface Rig {
  t: TestApp;
  sms: RecordingSms;
  runner: TaskScheduler;
  /** The calls the provider's REST API was asked to place: id and answer URL. */
  placed(): Array<{ callId: string; to: string; from: string; answerUrl: string }>;
  /** The agent's phone as the provider drives it once the placed call is answered. */
  agentLeg(
    callId: string,
  ): CallEngine & { answerOutbound(url: string): ReturnType<CallEngine['start']> };
  close(): Promise<void>;
}

async function rig(provider: 'twilio' | 'vonage'): Promise<Rig> {
  const sms = new RecordingSms();
  const t = await buildTestApp({ now: MONDAY_NOON, sms, env: { CALLBACK_FROM: OUR_NUMBER } });
  let telephony: TelephonyPort;
  let placed: Rig['placed'];
  let close: () => Promise<void>;
  if (provider === 'twilio') {
    const api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: TWILIO_TOKEN });
    telephony = new TwilioTelephony({
      accountSid: ACCOUNT_SID,
      authToken: TWILIO_TOKEN,
      publicUrl: PUBLIC_URL,
      apiBaseUrl: api.url,
    });
    placed = () =>
      api.requests
        .filter((r) => r.path.endsWith('/Calls.json'))
        .map((r, i) => ({
          callId: api.calls[i]!.sid,
          to: r.form.To!,
          from: r.form.From!,
          answerUrl: r.form.Url!,
        }));
    close = () => api.close();
  } else {
    const keys = testKeyPair();
    const api = await startFakeVonageApi({
      apiKey: 'key',
      apiSecret: 'secret',
      applicationId: APPLICATION_ID,
      applicationPublicKey: keys.publicKey,
    });
    telephony = new VonageTelephony({
      applicationId: APPLICATION_ID,
      privateKey: keys.privateKeyPem,
      publicUrl: PUBLIC_URL,
      apiHost: api.url,
    });
    placed = () =>
      api.calls.map((c) => {
        const body = c.body as {
          to: Array<{ number: string }>;
          from: { number: string };
          answer_url: string[];
        };
        return {
          callId: c.uuid,
          to: `+${body.to[0]!.number}`,
          from: `+${body.from.number}`,
          answerUrl: body.answer_url[0]!,
        };
      });
    close = () => api.close();
  }
  const runner = createTaskRunner({
    config: t.deps.config,
    automation: t.deps.config.automation,
    tasks: t.tasks,
    callLog: t.callLog,
    settlement: t.settlement,
    telephony,
    sms,
    clock: t.clock,
    logger: t.deps.logger,
    agent: describeDestination(t.deps.config.operator),
  });
  const now = () => Date.parse(t.clock.now());
  const agentLeg: Rig['agentLeg'] = (callId) =>
    provider === 'twilio'
      ? new TwilioCall({
          transport: t.transport,
          publicUrl: PUBLIC_URL,
          authToken: TWILIO_TOKEN,
          from: OUR_NUMBER,
          to: OPERATOR,
          callSid: callId,
          now,
        })
      : new VonageCall({
          transport: t.transport,
          publicUrl: PUBLIC_URL,
          signatureSecret: VONAGE_SECRET,
          from: OUR_NUMBER.slice(1),
          to: OPERATOR.slice(1),
          uuid: callId,
          now,
        });
  return { t, sms, runner, placed, agentLeg, close };
}

/** An inbound call from Ivan that nobody answers, in business hours. */
async function missedCall(r: Rig, provider: 'twilio' | 'vonage'): Promise<void> {
  const call = provider === 'twilio' ? r.t.twilio(IVAN) : r.t.vonage(IVAN.slice(1));
  await nobodyAnswers(call);
}

/** A missed call, its callback placed 15 minutes later, the agent's phone ringing. */
async function firstCallback(r: Rig, provider: 'twilio' | 'vonage') {
  await missedCall(r, provider);
  advance(r.t, 15 * 60 + 11);
  await r.runner.tick();
  await r.runner.tick();
  const [placed] = r.placed();
  if (!placed) throw new Error('no callback was placed');
  return { placed, agent: r.agentLeg(placed.callId) };
}

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(['twilio', 'vonage'] as const)('%s: callbacks, agent first', (provider) => {
    let r: Rig;
    afterEach(() => r.close());

    it('a missed call is called back: the agent, then the customer; no answer → retry in 2 h', async () => {
      r = await rig(provider);
      await missedCall(r, provider);

      // The sweep settles the call and stores its tasks; the SMS is due at once.
      advance(r.t, 11);
      await r.runner.tick();
      expect(r.sms.sent).toEqual([
        { to: IVAN, text: 'Мы увидели ваш звонок и скоро вам перезвоним.' },
      ]);
      expect(r.placed()).toEqual([]);

      // 15 minutes later the callback is placed through the provider's REST API.
      advance(r.t, 15 * 60);
      await r.runner.tick();
      expect(r.placed()).toHaveLength(1);
      const placed = r.placed()[0]!;
      expect(placed).toMatchObject({ to: OPERATOR, from: OUR_NUMBER });
      expect(placed.answerUrl).toContain(`${PUBLIC_URL}/${provider}/callback?task=`);

      // The agent answers: they hear whom they call, and the customer is dialled.
      const agent = r.agentLeg(placed.callId);
      const answered = await agent.answerOutbound(placed.answerUrl);
      expect(answered.heard.map((h) => h.text)).toEqual([
        'Обратный звонок клиенту, который не дозвонился. Соединяю.',
      ]);
      expect(answered.dial).toMatchObject({ number: IVAN });
      advance(r.t, 30);
      await agent.dialOutcome('no-answer');
      await agent.hangup();

      const callback = await callRow(r.t, placed.callId);
      expect(callback).toMatchObject({
        direction: 'outbound',
        called: IVAN,
        customer_id: 'c-ivan',
        attempt: 1,
        outcome: 'NO_ANSWER',
      });
      expect(callback.task_id).toMatch(/:missed-in-hours:0$/);

      advance(r.t, 11);
      await r.runner.tick();
      const retry = (await taskRows(r.t)).find((x) => x.call_id === placed.callId);
      expect(retry).toMatchObject({
        kind: 'callback',
        rule_id: 'outbound-no-answer-retry',
        attempt: 2,
        status: 'pending',
        customer_phone: IVAN,
      });
      expect(Date.parse(retry!.due_at) - Date.parse(callback.ended_at!)).toBe(2 * 3600 * 1000);
    });

    it.each([
      ['busy', 'BUSY'],
      ['failed', 'FAILED'],
    ] as const)('the customer leg %s is %s, and is not retried', async (leg, outcome) => {
      r = await rig(provider);
      const { placed, agent } = await firstCallback(r, provider);
      await agent.answerOutbound(placed.answerUrl);
      await agent.dialOutcome(leg);
      await agent.hangup();
      const callback = await callRow(r.t, placed.callId);
      expect(callback.outcome).toBe(outcome);
      advance(r.t, 11);
      await r.runner.tick();
      expect((await taskRows(r.t)).filter((x) => x.call_id === placed.callId)).toEqual([]);
    });

    it('the agent does not pick up: NO_ANSWER, retried with the next attempt', async () => {
      r = await rig(provider);
      const { placed, agent } = await firstCallback(r, provider);
      advance(r.t, 30);
      // The provider gives up on the agent's phone: the final status callback / event.
      const stamp = r.t.clock.now();
      const res =
        provider === 'twilio'
          ? await (agent as TwilioCall).post(`${PUBLIC_URL}/twilio/status`, {
              AccountSid: ACCOUNT_SID,
              ApiVersion: '2010-04-01',
              CallSid: placed.callId,
              CallStatus: 'no-answer',
              Direction: 'outbound-api',
              From: OUR_NUMBER,
              To: OPERATOR,
              CallDuration: '0',
              Timestamp: new Date(stamp).toUTCString().replace('GMT', '+0000'),
              SequenceNumber: '2',
              CallbackSource: 'call-progress-events',
            })
          : await (agent as VonageCall).postJson(`${PUBLIC_URL}/vonage/event`, {
              from: OUR_NUMBER.slice(1),
              to: OPERATOR.slice(1),
              uuid: placed.callId,
              conversation_uuid: 'CON-2',
              status: 'unanswered',
              detail: 'timeout',
              direction: 'outbound',
              timestamp: stamp,
            });
      expect(res.status).toBe(204);
      const callback = await callRow(r.t, placed.callId);
      expect(callback).toMatchObject({ outcome: 'NO_ANSWER', status: 'no-answer' });
      advance(r.t, 11);
      await r.runner.tick();
      expect((await taskRows(r.t)).filter((x) => x.call_id === placed.callId)).toMatchObject([
        { kind: 'callback', attempt: 2, rule_id: 'outbound-no-answer-retry' },
      ]);
    });

    it('an answering machine is VOICEMAIL and is not retried', async () => {
      r = await rig(provider);
      const { placed, agent } = await firstCallback(r, provider);
      const answered = await agent.answerOutbound(placed.answerUrl);
      if (provider === 'twilio') {
        // <Number machineDetection amdStatusCallback>: the verdict arrives on its own.
        const amdUrl = /amdStatusCallback="([^"]+)"/.exec(answered.raw)![1]!.replace(/&amp;/g, '&');
        await (agent as TwilioCall).post(amdUrl, {
          CallSid: `CA${'b2'.repeat(16)}`,
          AccountSid: ACCOUNT_SID,
          AnsweredBy: 'machine_start',
          MachineDetectionDuration: '2100',
        });
      } else {
        // connect with machineDetection: the leg's `machine` event comes to its eventUrl.
        const connect = (JSON.parse(answered.raw) as Array<Record<string, unknown>>).find(
          (a) => a.action === 'connect',
        )!;
        expect(connect.machineDetection).toBe('continue');
        await (agent as VonageCall).postJson((connect.eventUrl as string[])[0]!, {
          call_uuid: 'aa11bb22cc33dd44ee55ff6677889900',
          conversation_uuid: 'CON-1',
          status: 'machine',
          timestamp: new Date(Date.parse(r.t.clock.now())).toISOString(),
        });
      }
      await agent.dialOutcome('answered', 25);
      await agent.hangup();
      const callback = await callRow(r.t, placed.callId);
      expect(callback.outcome).toBe('VOICEMAIL');
      advance(r.t, 11);
      await r.runner.tick();
      expect((await taskRows(r.t)).filter((x) => x.call_id === placed.callId)).toEqual([]);
    });
  });
});
