import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import { httpTransport } from '../../src/simulator/transport.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { startFakeTwilioApi, type FakeTwilioApi } from '../support/fake-twilio-api.js';
import { dropPrefix, noteRedisSkip, TEST_REDIS_URL, testPrefix } from '../support/redis.js';
import { roundRobinProxy } from '../support/round-robin-proxy.js';
import { DID, OPERATOR, PUBLIC_URL, TWILIO_TOKEN, VONAGE_SECRET } from '../support/test-app.js';
import { freshTarget, HAS_POSTGRES } from '../support/test-databases.js';

noteRedisSkip('two instances sharing Redis and PostgreSQL');

const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const METRICS_TOKEN = 'metrics-token-for-two-instances';
const CALLBACK_FROM = '+77172000777';
/** Calls from this number get called back at once (the automation file below). */
const UNKNOWN_CALLBACK = '+77779998875';

/**
 * The shipped automation with one rule only: a caller who did not reach an operator is
 * called back at once, and rules run as soon as a call is over.
 */
function callbackAtOnceAutomation(): string {
  const root = new URL('../..', import.meta.url).pathname;
  const shipped = JSON.parse(
    readFileSync(join(root, 'src/automation/default-automation.json'), 'utf8'),
  ) as Record<string, unknown>;
  const automation = {
    ...shipped,
    settleSec: 0,
    rules: [
      {
        id: 'abandoned-call-back',
        when: { outcome: ['MISSED', 'ABANDONED'], direction: 'inbound' },
        then: [{ do: 'callback', dueInMinutes: 0 }],
      },
    ],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'ivr-automation-')), 'automation.json');
  writeFileSync(file, JSON.stringify(automation));
  return file;
}

// Unknown callers, one number per call: a language chosen on one call is remembered for the
// next call from the same number (docs/caller-language.md), which would skip the question.
const UNKNOWN = '+77779998877';
const UNKNOWN_TWILIO = '+77779998871';
const UNKNOWN_VONAGE = '+77779998872';
const UNKNOWN_KILLED_TWILIO = '+77779998873';
const UNKNOWN_KILLED_VONAGE = '+77779998874';

if (TEST_REDIS_URL && !HAS_POSTGRES) {
  console.warn('[skipped] two instances: TEST_DATABASE_URL is not set (see .ci/services.sh)');
}

describe.skipIf(!TEST_REDIS_URL || !HAS_POSTGRES)(
  'two instances behind a balancer, one Redis, one PostgreSQL',
  () => {
    const prefix = testPrefix();
    let a: ChildApp;
    let b: ChildApp;
    let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
    let twilioApi: FakeTwilioApi;
    let database: { url: string; schema: string };

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
      // One PostgreSQL schema for both, tasks through pg-boss (the default with DATABASE_URL);
      // the first instance migrates and seeds it, so they start one after the other.
      const target = await freshTarget('postgres');
      if (target.kind !== 'postgres' || !target.schema) throw new Error('expected PostgreSQL');
      database = { url: target.url, schema: target.schema };
      twilioApi = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: TWILIO_TOKEN });
      const env = {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        DATABASE_URL: target.url,
        DATABASE_SCHEMA: target.schema,
        TASK_QUEUE_SCHEMA: `${target.schema}_queue`,
        // Callbacks through Twilio's REST API, here the local fake that counts them.
        TELEPHONY_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_URL: twilioApi.url,
        CALLBACK_FROM,
        AUTOMATION_FILE: callbackAtOnceAutomation(),
        SCHEDULER_INTERVAL_MS: '500',
        METRICS_TOKEN,
      };
      a = await startChildApp(env);
      b = await startChildApp(env);
      proxy = await roundRobinProxy([a.base, b.base]);
    }, 120_000);

    afterAll(async () => {
      await proxy?.close();
      a?.kill('SIGKILL');
      b?.kill('SIGKILL');
      await Promise.all([a?.exited, b?.exited]);
      await twilioApi?.close();
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
        expect(spoken(menu)).toContain('Техникалық қолдау — 2 басыңыз.');
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
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': sig2,
        },
        body: next.toString(),
      });
      expect(await dial.text()).toContain('+77172000001');
    });

    it("a due callback runs exactly once with both instances' workers running", async () => {
      // A caller hangs up while the operator is rung: the rule calls them back at once.
      const call = twilio(UNKNOWN_CALLBACK);
      await call.start();
      await call.press('1');
      const dial = await call.press('0');
      expect(dial.dial?.number).toBe(OPERATOR);
      await call.abandonTransfer();
      const placed = () => twilioApi.calls.filter((c) => c.to === OPERATOR);
      const deadline = Date.now() + 30_000;
      while (placed().length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      // Several ticks and job polls of both instances later, still the one call.
      await new Promise((r) => setTimeout(r, 4000));
      expect(placed()).toHaveLength(1);
      expect(placed()[0]?.from).toBe(CALLBACK_FROM);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ status: string; runs: number; result_ref: string }>(
          `SELECT status, runs, result_ref FROM "${database.schema}".tasks WHERE call_id = $1`,
          [call.callSid],
        );
        expect(rows).toEqual([{ status: 'done', runs: 1, result_ref: placed()[0]?.sid }]);
      } finally {
        await client.end();
      }
    }, 60_000);

    it('/ready checks Redis, PostgreSQL and the task queue; /metrics counts its waiting jobs', async () => {
      const ready = await fetch(`${a.base}/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Array<{ name: string; ok: boolean }> };
      expect(body.checks).toEqual([
        { name: 'call state (redis)', ok: true },
        { name: 'database', ok: true },
        { name: 'task queue (pg-boss)', ok: true },
      ]);
      const metrics = await fetch(`${b.base}/metrics`, {
        headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
      });
      const text = await metrics.text();
      expect(text).toMatch(/^ivr_task_queue_jobs \d+$/m);
      expect(text).toMatch(/^ivr_tasks_pending \d+$/m);
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

    it('SIGTERM: the instance left stops its task queue workers and exits 0', async () => {
      a.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(a.output()).toContain('task queue workers stopped');
      expect(a.output()).toContain('shutdown complete');
    }, 60_000);
  },
);
