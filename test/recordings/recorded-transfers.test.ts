import request from 'supertest';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallDetail } from '../../src/calls/call-views.js';
import { spoken } from '../../src/simulator/heard.js';
import { API_KEY, buildConnectedApp } from '../support/connected-app.js';
import { CRM_SECRET, CRM_TOKEN, startFakeHttpCrm } from '../support/fake-http-crm.js';
import { startFakeTwilioApi, type FakeTwilioApi } from '../support/fake-twilio-api.js';
import { startFakeVonageApi, type FakeVonageApi } from '../support/fake-vonage-api.js';
import { memoryLogger } from '../support/memory-logger.js';
import { PROVIDERS } from '../support/providers.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';
import { TWILIO_TOKEN } from '../support/test-app.js';
import { tempFile, testKeyPair, type TestKeyPair } from '../telephony/test-keys.js';

// Monday 12:00 in Almaty.
const NOW = '2026-11-23T07:00:00.000Z';
const ASEL = '+77071234567';
const TWILIO_SID = `AC${'1'.repeat(32)}`;
const VONAGE_APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const ANNOUNCEMENT_KK = 'Қызмет сапасын бақылау үшін әңгіме жазылады.';

let keys: TestKeyPair;
beforeAll(() => {
  keys = testKeyPair();
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function rig(env: Record<string, string>) {
  const twilioApi: FakeTwilioApi = await startFakeTwilioApi({
    accountSid: TWILIO_SID,
    authToken: TWILIO_TOKEN,
  });
  const vonageApi: FakeVonageApi = await startFakeVonageApi({
    apiKey: 'k',
    apiSecret: 's',
    applicationId: VONAGE_APP,
    applicationPublicKey: keys.publicKey,
  });
  const logs = memoryLogger();
  const app = await buildConnectedApp({
    env: {
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      VONAGE_APPLICATION_ID: VONAGE_APP,
      VONAGE_PRIVATE_KEY_PATH: tempFile('private.key', keys.privateKeyPem),
      ...env,
    },
    now: NOW,
    logger: logs.logger,
    twilioApiBaseUrl: twilioApi.url,
    vonageApiHost: vonageApi.url,
  });
  closers.push(
    () => twilioApi.close(),
    () => vonageApi.close(),
    () => app.chosen.close(),
  );
  return { twilioApi, vonageApi, logs, ...app };
}

const detail = async (t: { app: Parameters<typeof request>[0] }, callId: string) =>
  (await request(t.app).get(`/api/calls/${callId}`).set('Authorization', `Bearer ${API_KEY}`))
    .body as CallDetail;

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(PROVIDERS)('$name: the recording stored and deleted', (provider) => {
    it('announces, records both parties, stores the recording with the call and deletes it at the provider after the retention', async () => {
      const { t, runner, twilioApi, vonageApi, logs } = await rig({
        RECORDING: 'on',
        RECORDING_RETENTION_DAYS: '30',
      });
      const call = provider.call(t, ASEL);
      await call.start();
      const transfer = await call.press('0');
      // Kazakh caller: the announcement in Kazakh, once, before the dial.
      expect(spoken(transfer)).toContain(ANNOUNCEMENT_KK);
      expect(transfer.dial?.record).toBe(
        provider.name === 'twilio' ? 'record-from-answer-dual' : 'split-conversation',
      );
      await call.dialOutcome('answered', 95);
      await call.hangup();
      const done = await call.recordingCompleted();
      expect(done.response.status).toBe(204);

      const stored = await detail(t, call.id);
      expect(stored.recording).toEqual({
        id: done.recordingId,
        url: done.url,
        durationSec: 95,
        channels: 2,
        deletedAt: null,
      });
      expect(stored.recordingUrl).toBe(done.url);

      // Kept for the retention period: not deleted a day before it ends…
      t.clock.set('2026-12-22T07:00:00.000Z');
      await runner.tick();
      expect(twilioApi.deletedRecordings).toEqual([]);
      expect(vonageApi.deletedMedia).toEqual([]);
      // …and deleted at the provider once it has.
      t.clock.set('2026-12-23T07:00:01.000Z');
      await runner.tick();
      if (provider.name === 'twilio') {
        expect(twilioApi.deletedRecordings).toEqual([done.recordingId]);
        const del = twilioApi.requests.find((r) => r.method === 'DELETE');
        expect(del?.path).toBe(
          `/2010-04-01/Accounts/${TWILIO_SID}/Recordings/${done.recordingId}.json`,
        );
        expect(del?.authorized).toBe(true);
      } else {
        expect(vonageApi.deletedMedia).toEqual([done.recordingId]);
      }
      expect((await detail(t, call.id)).recording?.deletedAt).toBe('2026-12-23T07:00:01.000Z');
      expect(logs.text()).toContain('recording deleted at the provider');
      // Exactly once: a later tick sends nothing more.
      t.clock.set('2027-01-23T07:00:00.000Z');
      await runner.tick();
      expect([...twilioApi.deletedRecordings, ...vonageApi.deletedMedia]).toHaveLength(1);
    });
  });
});

describe.each(PROVIDERS)('$name: recorded transfers (RECORDING=on)', (provider) => {
  it('schedules the deletion as a durable task, due after the default retention (90 days)', async () => {
    const { t } = await rig({ RECORDING: 'on' });
    const call = provider.call(t, ASEL);
    await call.start();
    await call.press('0');
    await call.dialOutcome('answered', 20);
    await call.hangup();
    const done = await call.recordingCompleted();
    const task = await t.tasks.get(`recording-delete:${provider.name}:${done.recordingId}`);
    expect(task).toMatchObject({
      kind: 'recording-delete',
      callId: call.id,
      status: 'pending',
      dueAt: '2027-02-21T07:00:00.000Z',
    });
  });

  it('RECORDING=off: no announcement, the transfer is not recorded', async () => {
    const { t } = await rig({});
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.press('0');
    expect(spoken(transfer)).not.toContain(ANNOUNCEMENT_KK);
    expect(transfer.dial?.record).toBeUndefined();
    expect(transfer.raw).not.toMatch(/record/i);
  });

  it('the HTTP CRM gets the recording in the call record (POST /calls) and on its own (PUT …/recording)', async () => {
    const crm = await startFakeHttpCrm();
    closers.push(() => crm.close());
    const { t, runner } = await rig({
      RECORDING: 'on',
      CRM_PROVIDER: 'http',
      CRM_HTTP_URL: crm.url,
      CRM_HTTP_TOKEN: CRM_TOKEN,
      CRM_HTTP_SECRET: CRM_SECRET,
      CRM_WRITE_DELAY_SEC: '30',
    });
    const call = provider.call(t, ASEL);
    await call.start();
    await call.press('0');
    await call.dialOutcome('answered', 61);
    await call.hangup();
    const done = await call.recordingCompleted();
    t.clock.set('2026-11-23T07:00:31.000Z');
    await runner.tick();
    const posted = crm.state.writes.find((w) => w.path === '/calls');
    expect((posted?.body as CallDetail).recording).toMatchObject({
      id: done.recordingId,
      url: done.url,
      durationSec: 61,
      channels: 2,
    });
    const put = crm.state.writes.find((w) => w.path.endsWith('/recording'));
    expect(put?.body).toMatchObject({ recordingId: done.recordingId, url: done.url, channels: 2 });
  });
});

describe('recording callbacks: bad input', () => {
  it('Twilio: unsigned → 403, a malformed RecordingSid → 400 naming the field', async () => {
    const { t } = await rig({ RECORDING: 'on' });
    const unsigned = await request(t.app)
      .post('/twilio/recording')
      .type('form')
      .send({ CallSid: `CA${'2'.repeat(32)}`, RecordingSid: `RE${'3'.repeat(32)}` });
    expect(unsigned.status).toBe(403);
    const call = t.twilio(ASEL);
    await call.start();
    await call.press('0');
    const bad = await call.request('POST', `${t.deps.config.publicUrl}/twilio/recording`, {
      AccountSid: TWILIO_SID,
      CallSid: call.callSid,
      RecordingSid: 'not-a-sid',
      RecordingUrl: 'https://api.twilio.com/x',
      RecordingStatus: 'completed',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('RecordingSid');
  });

  it('Vonage: unsigned → 403, a recording without recording_url → 400 naming the field', async () => {
    const { t } = await rig({ RECORDING: 'on' });
    const call = t.vonage(ASEL.slice(1));
    await call.start();
    const url = `${t.deps.config.publicUrl}/vonage/recording?call=${call.id}`;
    const unsigned = await request(t.app)
      .post(`/vonage/recording?call=${call.id}`)
      .send({ recording_uuid: call.id });
    expect(unsigned.status).toBe(403);
    const bad = await call.postJson(url, {
      recording_uuid: '3a4b5c6d-0000-4000-8000-000000000001',
      start_time: NOW,
      end_time: NOW,
      conversation_uuid: 'CON-3a4b5c6d-0000-4000-8000-000000000002',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('recording_url');
  });
});
