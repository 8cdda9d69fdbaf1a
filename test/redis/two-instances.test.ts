import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import { httpTransport } from '../../src/simulator/transport.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import { startChildApp, tempDatabasePath, type ChildApp } from '../support/child-app.js';
import { dropPrefix, noteRedisSkip, TEST_REDIS_URL, testPrefix } from '../support/redis.js';
import { roundRobinProxy } from '../support/round-robin-proxy.js';
import { DID, PUBLIC_URL, TWILIO_TOKEN, VONAGE_SECRET } from '../support/test-app.js';

noteRedisSkip('two instances sharing Redis');

// Unknown callers, one number per call: a language chosen on one call is remembered for the
// next call from the same number (docs/caller-language.md), which would skip the question.
const UNKNOWN = '+77779998877';
const UNKNOWN_TWILIO = '+77779998871';
const UNKNOWN_VONAGE = '+77779998872';
const UNKNOWN_KILLED_TWILIO = '+77779998873';
const UNKNOWN_KILLED_VONAGE = '+77779998874';

describe.skipIf(!TEST_REDIS_URL)('two instances behind a balancer, one Redis, one database', () => {
  const prefix = testPrefix();
  let a: ChildApp;
  let b: ChildApp;
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;

  const twilio = (from: string) =>
    new TwilioCall({
      transport: httpTransport(proxy.base, PUBLIC_URL),
      publicUrl: PUBLIC_URL,
      authToken: TWILIO_TOKEN,
      from,
      to: DID.twilio,
    });
  const vonage = (from: string) =>
    new VonageCall({
      transport: httpTransport(proxy.base, PUBLIC_URL),
      publicUrl: PUBLIC_URL,
      signatureSecret: VONAGE_SECRET,
      from: from.replace(/^\+/, ''),
      to: DID.vonage,
      answerMethod: 'GET',
    });
  const calls = { twilio, vonage };

  beforeAll(async () => {
    // The same SQLite file for both (running them on DATABASE_URL is still to do); the first
    // instance creates and seeds it, so they start one after the other.
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_PATH: tempDatabasePath(),
    };
    a = await startChildApp(env);
    b = await startChildApp(env);
    proxy = await roundRobinProxy([a.base, b.base]);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    a?.kill('SIGKILL');
    b?.kill('SIGKILL');
    await dropPrefix(TEST_REDIS_URL, prefix);
  });

  it.each(['twilio', 'vonage'] as const)(
    '%s: a whole call whose webhooks alternate between the instances',
    async (provider) => {
      const from = proxy.served.length;
      const call = calls[provider](provider === 'twilio' ? UNKNOWN_TWILIO : UNKNOWN_VONAGE);
      const first = await call.start();
      expect(spoken(first)).toContain('Қазақ тілінде жалғастыру үшін 2 батырмасын басыңыз.');
      const menu = await call.press('2');
      expect(spoken(menu)).toContain('Техникалық қолдау — 2 батырмасын басыңыз.');
      const dial = await call.press('2');
      expect(dial.dial?.number).toBe('+77172000002');
      const after = await call.dialOutcome('answered');
      // Vonage answers the connect's events with 204 (nothing more to run).
      expect([200, 204]).toContain(after.status);
      await call.hangup();
      const used = new Set(proxy.served.slice(from));
      expect(used).toEqual(new Set([a.base, b.base]));
    },
    60_000,
  );

  it('a Vonage token used on one instance is refused by the other (403)', async () => {
    const query = new URLSearchParams({
      uuid: 'aaaaaaaa1111bbbb2222cccc3333dddd',
      conversation_uuid: 'CON-aaaaaaaa-1111-2222-3333-444455556666',
      from: '77779998877',
      to: '77172123456',
    }).toString();
    const token = await signVonageWebhook(VONAGE_SECRET, '');
    const send = (app: ChildApp) =>
      fetch(`${app.base}/vonage/answer?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    expect((await send(a)).status).toBe(200);
    const replayed = await send(b);
    expect(replayed.status).toBe(403);
  });

  it('a Twilio retry (same idempotency token) on the other instance gets the same answer, processed once', async () => {
    const call = twilio(UNKNOWN);
    const first = await call.start();
    const gatherUrl = /action="([^"]+)"/.exec(first.raw)![1]!.replace(/&amp;/g, '&');
    const params = {
      AccountSid: `AC${'1'.repeat(32)}`,
      CallSid: call.callSid,
      CallStatus: 'in-progress',
      From: UNKNOWN,
      To: DID.twilio,
      Digits: '3',
    };
    const { default: twilioLib } = await import('twilio');
    const signature = twilioLib.getExpectedTwilioSignature(TWILIO_TOKEN, gatherUrl, params);
    const path = gatherUrl.slice(PUBLIC_URL.length);
    const send = (app: ChildApp) =>
      fetch(`${app.base}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': `retry-${call.callSid}`,
        },
        body: new URLSearchParams(params).toString(),
      });
    const original = await send(a);
    const retry = await send(b);
    expect(original.status).toBe(200);
    expect(retry.status).toBe(200);
    const [o, r] = [await original.text(), await retry.text()];
    expect(r).toBe(o);
    expect(o).toMatch(/sales/i); // key 3: the English menu
    // Processed once: the English menu's next key 1 is Sales, not a second language answer.
    const next = new URLSearchParams({ ...params, Digits: '1' });
    const menuUrl = /action="([^"]+)"/.exec(o)![1]!.replace(/&amp;/g, '&');
    const sig2 = twilioLib.getExpectedTwilioSignature(TWILIO_TOKEN, menuUrl, {
      ...params,
      Digits: '1',
    });
    const dial = await fetch(`${a.base}${menuUrl.slice(PUBLIC_URL.length)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': sig2 },
      body: next.toString(),
    });
    expect(await dial.text()).toContain('+77172000001');
  });

  it('an instance killed mid-call (SIGKILL): the calls go on on the other, at the same question', async () => {
    const t = twilio(UNKNOWN_KILLED_TWILIO);
    const v = vonage(UNKNOWN_KILLED_VONAGE);
    await t.start();
    await v.start();
    b.kill('SIGKILL');
    await b.exited;
    for (const call of [t, v]) {
      const menu = await call.press('1');
      expect(menu.status).toBe(200);
      expect(menu.dial).toBeUndefined();
      expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
      const sales = await call.press('1');
      expect(sales.dial?.number).toBe('+77172000001');
    }
  }, 60_000);
});
