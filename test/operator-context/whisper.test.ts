import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/session/memory-session-store.js';
import type { SessionStore } from '../../src/session/session-store.js';
import { fixedClock } from '../../src/runtime/clock.js';
import { readTwiml } from '../../src/simulator/twiml-reader.js';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, PUBLIC_URL, VONAGE_SECRET } from '../support/test-app.js';

const ARMAN = '+77011112233';
const ASEL = '+77071234567';
const IVAN = '+79165551234';
const UNKNOWN = '+77779998877';

describe.each(PROVIDERS)('$name: whisper to whoever answers a transfer', (provider) => {
  it('a VIP customer: the agent hears name and segment in the company language', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, ARMAN);
    await call.start();
    const transfer = await call.press('1');
    // Nothing is whispered before the far end answers.
    expect(transfer.agentHeard).toBeUndefined();
    const after = await call.dialOutcome('answered');
    expect(after.agentStatus).toBe(200);
    expect(after.agentHeard?.map((h) => h.text)).toEqual(['Звонок от Армана, VIP.']);
    expect(after.agentHeard?.[0]?.language).toBe('ru-RU');
    expect(after.waitingFor).toBe('end');
  });

  it('what the caller said is whispered; a regular segment is not', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, ASEL);
    await call.start();
    await call.say('техподдержка пожалуйста', 0.9);
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard?.map((h) => h.text)).toEqual([
      'Звонок от Әсел. Клиент сказал: техподдержка пожалуйста.',
    ]);
  });

  it('an unknown caller who chose Kazakh', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, UNKNOWN);
    await call.start();
    await call.press('2');
    await call.press('0');
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard?.map((h) => h.text)).toEqual(['Новый клиент.']);
  });

  it('each transfer whispers: the next target after a busy one too', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('1');
    const busy = await call.dialOutcome('busy');
    expect(busy.agentHeard).toBeUndefined();
    expect(busy.dial?.number).toBe('+77172000000');
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard?.map((h) => h.text)).toEqual(['Звонок от Ивана, корпоративный.']);
  });

  it('a predicted reason and the caller’s answer are whispered', async () => {
    // The prediction is filled by another part of the flow; here it is put in the stored
    // state the way that part will, to show the whisper reads it.
    const sessions = predicting(new MemorySessionStore(fixedClock('2026-11-21T07:00:00Z')), {
      reason: 'заказ 12345',
      answer: 'yes',
    });
    const t = await buildTestApp({ sessions });
    const call = provider.call(t, ARMAN);
    await call.start();
    await call.press('1');
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard?.map((h) => h.text)).toEqual([
      'Звонок от Армана, VIP. Причина: заказ 12345, ответ: да.',
    ]);
  });
});

describe('whisper on a SIP transfer', () => {
  it('twilio runs <Sip url> on the answering leg', async () => {
    const t = await buildTestApp();
    const call = t.twilio(ASEL);
    await call.start();
    const transfer = await call.press('3');
    expect(transfer.dial?.sip).toBe('sip:billing@pbx.example.kz');
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard?.map((h) => h.text)).toEqual(['Звонок от Әсел.']);
  });

  it('vonage has no onAnswer on a SIP endpoint: bridged without a whisper', async () => {
    const t = await buildTestApp();
    const call = t.vonage(ASEL.slice(1));
    await call.start();
    const transfer = await call.press('3');
    expect(transfer.dial?.sip).toBe('sip:billing@pbx.example.kz');
    expect(transfer.raw).not.toContain('onAnswer');
    const after = await call.dialOutcome('answered');
    expect(after.agentHeard).toBeUndefined();
  });
});

describe('the whisper endpoints', () => {
  it('twilio: a call without stored state gets an empty document (bridged at once)', async () => {
    const t = await buildTestApp();
    const call = t.twilio(ASEL);
    const res = await call.post(
      `${PUBLIC_URL}/twilio/whisper?call=CA0123456789abcdef0123456789abcdef&target=sales`,
      {
        CallSid: 'CAfedcba9876543210fedcba9876543210',
        ParentCallSid: 'CA0123456789abcdef0123456789abcdef',
        CallStatus: 'in-progress',
        Direction: 'outbound-dial',
      },
    );
    expect(res.status).toBe(200);
    expect(readTwiml(res.body)).toEqual([]);
  });

  it('vonage: a call without stored state gets a moment of silence (joined at once)', async () => {
    const t = await buildTestApp();
    const token = await signVonageWebhook(VONAGE_SECRET, '');
    const res = await t.transport({
      method: 'GET',
      url: `${PUBLIC_URL}/vonage/whisper?call=abcdef0123456789abcdef0123456789&target=sales&uuid=0123456789abcdef0123456789abcdef&to=77172000001&from=77172123456&conversation_uuid=CON-0123456789abcdef0123456789abcdef`,
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual([
      { action: 'talk', text: '<speak><break time="1s"/></speak>', bargeIn: false },
    ]);
  });

  it('unsigned whisper requests are refused on both providers', async () => {
    const t = await buildTestApp();
    const twilio = await t
      .twilio(ASEL, { token: null })
      .post(`${PUBLIC_URL}/twilio/whisper?call=CA0123456789abcdef0123456789abcdef&target=sales`, {
        CallSid: 'CAfedcba9876543210fedcba9876543210',
      });
    expect(twilio.status).toBe(403);
    const vonage = await t.transport({
      method: 'GET',
      url: `${PUBLIC_URL}/vonage/whisper?call=abcdef0123456789abcdef0123456789&target=sales`,
      headers: {},
    });
    expect(vonage.status).toBe(403);
  });
});

/** A session store that adds a prediction to every stored call state. */
function predicting(
  store: SessionStore,
  predicted: { reason: string; answer: 'yes' | 'no' | 'silence' | null },
): SessionStore {
  return {
    get: (key) => store.get(key),
    set: (key, snapshot, ttl) => store.set(key, { ...snapshot, predicted }, ttl),
    delete: (key) => store.delete(key),
  };
}
