import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import type { SessionStore } from '../../src/session/session-store.js';
import { MemorySessionStore } from '../../src/session/memory-session-store.js';
import { systemClock } from '../../src/runtime/clock.js';
import { buildTestApp, OPERATOR, PUBLIC_URL, VONAGE_SECRET } from '../support/test-app.js';

const UUID = 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab';
const answer = {
  from: '77071234567',
  to: '77172123456',
  uuid: UUID,
  conversation_uuid: `CON-${UUID}`,
};

/** A signed Vonage JSON POST, the body exactly as given. */
async function signedVonage(path: string, raw: string) {
  return {
    method: 'POST' as const,
    url: `${PUBLIC_URL}${path}`,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await signVonageWebhook(VONAGE_SECRET, raw)}`,
    },
    body: raw,
  };
}

/** What no answer to a stranger or a provider may look like: a page, a stack, our operator. */
function expectNoPageNoStack(res: { contentType: string; body: string }) {
  expect(res.contentType).not.toMatch(/html/);
  expect(res.body).not.toMatch(/<html|<!DOCTYPE|\bat .*\.(ts|js):\d+/i);
}
function expectNoCallAnswer(res: { contentType: string; body: string }) {
  expectNoPageNoStack(res);
  expect(res.body).not.toContain(OPERATOR.slice(1));
  expect(res.body).not.toMatch(/<Response|"action"/);
}

describe('ids are checked at the schema', () => {
  it('vonage: a signed answer whose uuid holds a lone surrogate → 400 naming uuid', async () => {
    const t = await buildTestApp();
    const raw = JSON.stringify({ ...answer, uuid: 'ab\ud800' });
    const res = await t.transport(await signedVonage('/vonage/answer', raw));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['uuid'] });
    expectNoPageNoStack(res);
  });

  it('vonage: a signed input, event or connect with a malformed id → 400, never 500', async () => {
    const t = await buildTestApp();
    const input = JSON.stringify({ uuid: 'x\udfff', dtmf: { digits: '1', timed_out: false } });
    const event = JSON.stringify({ uuid: 'not-a-uuid', status: 'completed' });
    const cases = [
      await signedVonage('/vonage/input', input),
      await signedVonage('/vonage/event', event),
      await signedVonage(`/vonage/connect?call=${encodeURIComponent('ab\u0001')}`, event),
      await signedVonage('/vonage/answer', JSON.stringify({ ...answer, conversation_uuid: 'x' })),
    ];
    for (const req of cases) {
      const res = await t.transport(req);
      expect(res.status, req.url).toBe(400);
      expectNoPageNoStack(res);
    }
  });

  it('twilio: a signed call whose CallSid is not CA + 32 hex digits → 400 naming CallSid', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+77071234567');
    const res = await call.post(`${PUBLIC_URL}/twilio/voice`, {
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid: 'CAab\ud800',
      From: '+77071234567',
      To: '+77172123456',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ fields: ['CallSid'] });
  });
});

/**
 * Sessions that hand back a corrupt snapshot: every webhook after the first fails inside the
 * flow. (An unreadable store is not a failure: the call resumes at the question its URL names.)
 */
function failingSessions(): SessionStore {
  const inner = new MemorySessionStore(systemClock);
  return {
    get: () => Promise.resolve({ step: 'corrupt' } as unknown as CallSnapshot),
    set: (k, s, ttl) => inner.set(k, s, ttl),
    delete: (k) => inner.delete(k),
  };
}

describe('a signed call that fails still reaches a person, and the answer cannot throw', () => {
  it('both providers: a failing runtime answers with the apology and the operator', async () => {
    const t = await buildTestApp({ sessions: failingSessions() });
    const twilio = t.twilio('+77071234567');
    await twilio.start();
    const tw = await twilio.post(`${PUBLIC_URL}/twilio/gather`, {
      CallSid: twilio.id,
      AccountSid: `AC${'0'.repeat(32)}`,
      Digits: '1',
    });
    expect(tw.status).toBe(200);
    expect(tw.body).toContain(`<Number>${OPERATOR}</Number>`);
    expect(tw.body).toContain('<Say');

    const vonage = t.vonage('77071234567');
    await vonage.start();
    const vo = await vonage.postJson(`${PUBLIC_URL}/vonage/input`, {
      uuid: vonage.id,
      dtmf: { digits: '1', timed_out: false },
    });
    expect(vo.status).toBe(200);
    const ncco = JSON.parse(vo.body) as Array<Record<string, unknown>>;
    expect(ncco.map((a) => a.action)).toEqual(['talk', 'connect']);
  });

  it('both providers: when even the apology cannot be rendered, a constant Dial/connect', async () => {
    const t = await buildTestApp({ sessions: failingSessions() });
    const twilio = t.twilio('+77071234567');
    const vonage = t.vonage('77071234567');
    await twilio.start();
    await vonage.start();
    // Voices gone: every renderer now throws (a broken settings file, a bug).
    for (const voices of [t.deps.settings.voices.twilio, t.deps.settings.voices.vonage]) {
      for (const k of Object.keys(voices)) delete (voices as Record<string, unknown>)[k];
    }
    const tw = await twilio.post(`${PUBLIC_URL}/twilio/gather`, {
      CallSid: twilio.id,
      AccountSid: `AC${'0'.repeat(32)}`,
      Digits: '1',
    });
    expect(tw.status).toBe(200);
    expect(tw.contentType).toMatch(/xml/);
    expect(tw.body).toContain(`<Dial><Number>${OPERATOR}</Number></Dial>`);
    const vo = await vonage.postJson(`${PUBLIC_URL}/vonage/input`, {
      uuid: vonage.id,
      dtmf: { digits: '1', timed_out: false },
    });
    expect(vo.status).toBe(200);
    expect(JSON.parse(vo.body)).toEqual([
      {
        action: 'connect',
        endpoint: [{ type: 'phone', number: OPERATOR.slice(1) }],
        randomFromNumber: true,
      },
    ]);
  });
});

describe('bodies that cannot be read get 413/415/400 and no call answer', () => {
  const big = JSON.stringify({ uuid: UUID, status: 'completed', pad: 'x'.repeat(2_000_000) });

  it('a 2 MB unsigned body → 413 on both providers', async () => {
    const t = await buildTestApp();
    const vonage = await request(t.app)
      .post('/vonage/event')
      .set('Content-Type', 'application/json')
      .send(big);
    expect(vonage.status).toBe(413);
    expectNoCallAnswer({ contentType: vonage.type, body: vonage.text });
    const twilio = await request(t.app)
      .post('/twilio/voice')
      .type('form')
      .send(`CallSid=CA${'0'.repeat(32)}&pad=${'x'.repeat(2_000_000)}`);
    expect(twilio.status).toBe(413);
    expectNoCallAnswer({ contentType: twilio.type, body: twilio.text });
  });

  it('any Content-Encoding (providers send none) → 415', async () => {
    const t = await buildTestApp();
    const body = JSON.stringify(answer);
    const res = await request(t.app)
      .post('/vonage/answer')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send(body);
    expect(res.status).toBe(415);
    expectNoCallAnswer({ contentType: res.type, body: res.text });
    const gz = await request(t.app)
      .post('/vonage/answer')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(body));
    expect(gz.status).toBe(415);
    expectNoCallAnswer({ contentType: gz.type, body: gz.text });
  });

  it('charset=utf-16 → 415 on both providers', async () => {
    const t = await buildTestApp();
    const vonage = await request(t.app)
      .post('/vonage/answer')
      .set('Content-Type', 'application/json; charset=utf-16')
      .send(Buffer.from(JSON.stringify(answer), 'utf16le'));
    expect(vonage.status).toBe(415);
    expectNoCallAnswer({ contentType: vonage.type, body: vonage.text });
    const twilio = await request(t.app)
      .post('/twilio/voice')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-16')
      .send(Buffer.from(`CallSid=CA${'0'.repeat(32)}`, 'utf16le'));
    expect(twilio.status).toBe(415);
    expectNoCallAnswer({ contentType: twilio.type, body: twilio.text });
  });

  it('broken JSON → 400 naming the body; an unknown path → 404 JSON', async () => {
    const t = await buildTestApp();
    const broken = await request(t.app)
      .post('/vonage/event')
      .set('Content-Type', 'application/json')
      .send('{"status": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ fields: ['(body)'] });
    const missing = await request(t.app).post('/twilio/nothing-here').type('form').send('a=1');
    expect(missing.status).toBe(404);
    expectNoCallAnswer({ contentType: missing.type, body: missing.text });
  });
});

describe('input after the call ended', () => {
  it('vonage: late input after the final status gets 204, not the operator', async () => {
    const t = await buildTestApp();
    const call = t.vonage('77071234567');
    await call.start();
    await call.postJson(`${PUBLIC_URL}/vonage/event`, {
      ...answer,
      uuid: call.id,
      status: 'completed',
      duration: '5',
      timestamp: '2026-11-21T07:00:05.000Z',
    });
    const late = await call.postJson(`${PUBLIC_URL}/vonage/input`, {
      uuid: call.id,
      dtmf: { digits: '1', timed_out: false },
    });
    expect(late.status).toBe(204);
    expect(late.body).toBe('');
  });

  it('twilio: late Gather after the final status gets <Hangup/>', async () => {
    const t = await buildTestApp();
    const call = t.twilio('+77071234567');
    await call.start();
    await call.hangup();
    const late = await call.post(`${PUBLIC_URL}/twilio/gather`, {
      CallSid: call.id,
      AccountSid: `AC${'0'.repeat(32)}`,
      Digits: '1',
    });
    expect(late.status).toBe(200);
    expect(late.body).toContain('<Hangup/>');
    expect(late.body).not.toContain('<Dial');
  });
});
