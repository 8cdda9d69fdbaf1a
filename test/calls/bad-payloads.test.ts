import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/providers/${name}`, import.meta.url), 'utf8')) as {
    params?: Record<string, string>;
    body?: Record<string, unknown>;
    query?: Record<string, string>;
  };

describe('malformed payloads get 400 naming the field', () => {
  it('twilio: an incoming call without CallSid', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+77071234567');
    const { CallSid: _drop, ...params } = fixture('twilio.incoming-call.json').params!;
    const res = await call.post('https://ivr-test.ngrok.app/twilio/voice', params);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['CallSid'] });
  });

  it('twilio: a Dial action with an unknown DialCallStatus', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+77071234567');
    const params = { ...fixture('twilio.dial-action.json').params!, DialCallStatus: 'maybe' };
    const res = await call.post('https://ivr-test.ngrok.app/twilio/dial', params);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['DialCallStatus'] });
  });

  it('vonage: an answer without uuid', async () => {
    const t = await buildTestApp();
    const call = t.vonage('77071234567');
    const { uuid: _drop, ...body } = fixture('vonage.answer-post.json').body!;
    const res = await call.postJson('https://ivr-test.ngrok.app/vonage/answer', body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['uuid'] });
  });

  it('vonage: an event without status', async () => {
    const t = await buildTestApp();
    const call = t.vonage('77071234567');
    const { status: _drop, ...body } = fixture('vonage.event-completed.json').body!;
    const res = await call.postJson('https://ivr-test.ngrok.app/vonage/event', body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['status'] });
  });

  it('vonage: broken JSON', async () => {
    const t = await buildTestApp({ env: { WEBHOOK_VERIFICATION: 'off-for-development' } });
    const res = await t.transport({
      method: 'POST',
      url: 'https://ivr-test.ngrok.app/vonage/event',
      headers: { 'Content-Type': 'application/json' },
      body: '{"status": ',
    });
    expect(res.status).toBe(400);
  });
});

describe('documented provider payloads are accepted as they are', () => {
  it('vonage: every documented call event is answered 204', async () => {
    const t = await buildTestApp();
    const call = t.vonage('447700900000');
    for (const name of [
      'vonage.event-started.json',
      'vonage.event-ringing.json',
      'vonage.event-answered.json',
      'vonage.event-answered-null-start_time.json',
      'vonage.event-completed.json',
      'vonage.event-failed.json',
      'vonage.event-busy.ASSEMBLED.json',
    ]) {
      const res = await call.postJson(
        'https://ivr-test.ngrok.app/vonage/event',
        fixture(name).body,
      );
      expect(res.status, name).toBe(204);
    }
  });

  it('vonage: a typed notification without status (transfer) is answered 204', async () => {
    const t = await buildTestApp();
    const res = await t.vonage('447700900000').postJson('https://ivr-test.ngrok.app/vonage/event', {
      conversation_uuid_from: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      conversation_uuid_to: 'CON-bbbbbbbb-bbbb-cccc-dddd-0123456789ab',
      uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      timestamp: '2020-01-01T12:00:00.000Z',
      type: 'transfer',
    });
    expect(res.status).toBe(204);
  });

  it('vonage: an error report at the event URL is logged and answered 204', async () => {
    const t = await buildTestApp();
    const res = await t.vonage('447700900000').postJson('https://ivr-test.ngrok.app/vonage/event', {
      reason: 'Syntax error in NCCO. Invalid value type or action.',
      conversation_uuid: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      timestamp: '2020-01-01T12:00:00.000Z',
    });
    expect(res.status).toBe(204);
  });

  it('twilio: documented status callbacks are answered 204', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+11111111111');
    for (const name of [
      'twilio.status-callback-busy.json',
      'twilio.status-callback-completed.RECONSTRUCTED.json',
    ]) {
      // The docs' example SID is shortened; Twilio sends CA + 32 hex digits.
      const params = { ...fixture(name).params!, CallSid: `CA${'83'.repeat(16)}` };
      const res = await call.post('https://ivr-test.ngrok.app/twilio/status', params);
      expect(res.status, name).toBe(204);
    }
  });

  it('twilio: the documented inbound call from a US number gets the language choice', async () => {
    const t = await buildTestApp();
    const res = await t
      .twilio('+15306666666')
      .post(
        'https://ivr-test.ngrok.app/twilio/voice',
        fixture('twilio.incoming-call.json').params!,
      );
    expect(res.status).toBe(200);
    expect(res.body).toContain('Здравствуйте! Спасибо за звонок.');
  });
});
