import { readFileSync } from 'node:fs';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { buildTestApp, PUBLIC_URL, TWILIO_TOKEN } from '../support/test-app.js';

const incoming = JSON.parse(
  readFileSync(new URL('../fixtures/providers/twilio.incoming-call.json', import.meta.url), 'utf8'),
) as { params: Record<string, string> };

/** The real inbound payload from Twilio's own test suite, re-addressed to a KZ caller. */
const params = { ...incoming.params, From: '+77071234567', Caller: '+77071234567' };
const form = new URLSearchParams(params).toString();
const post = (url: string, headers: Record<string, string>, body = form) => ({
  method: 'POST' as const,
  url,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body,
});

describe('Twilio X-Twilio-Signature', () => {
  const url = `${PUBLIC_URL}/twilio/voice`;
  const sign = (u: string, p: Record<string, string>, token = TWILIO_TOKEN) =>
    twilio.getExpectedTwilioSignature(token, u, p);

  it('accepts the documented payload signed for PUBLIC_URL + path, behind a TLS proxy', async () => {
    const t = await buildTestApp();
    const res = await t.transport(post(url, { 'X-Twilio-Signature': sign(url, params) }));
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/xml');
    expect(res.body).toContain('<Gather');
  });

  it('rejects an unsigned request with 403', async () => {
    const t = await buildTestApp();
    const res = await t.transport(post(url, {}));
    expect(res.status).toBe(403);
    expect(res.body).toContain('X-Twilio-Signature');
  });

  it('rejects a tampered body with 403', async () => {
    const t = await buildTestApp();
    const tampered = new URLSearchParams({ ...params, From: '+77010000000' }).toString();
    const res = await t.transport(post(url, { 'X-Twilio-Signature': sign(url, params) }, tampered));
    expect(res.status).toBe(403);
  });

  it('rejects a signature made for another URL (the local one) with 403', async () => {
    const t = await buildTestApp();
    const local = 'http://127.0.0.1:3000/twilio/voice';
    const res = await t.transport(post(url, { 'X-Twilio-Signature': sign(local, params) }));
    expect(res.status).toBe(403);
  });

  it('rejects a signature made with another token with 403', async () => {
    const t = await buildTestApp();
    const res = await t.transport(post(url, { 'X-Twilio-Signature': sign(url, params, 'other') }));
    expect(res.status).toBe(403);
  });

  it('accepts an HTTPS PUBLIC_URL with a port: Twilio signs it without the port', async () => {
    const publicUrl = 'https://ivr.example.kz:8443';
    const t = await buildTestApp({ env: { PUBLIC_URL: publicUrl } });
    const withPort = `${publicUrl}/twilio/voice`;
    const signedWithout = sign('https://ivr.example.kz/twilio/voice', params);
    const res = await t.transport(post(withPort, { 'X-Twilio-Signature': signedWithout }));
    expect(res.status).toBe(200);
  });

  it('rejects everything when TWILIO_AUTH_TOKEN is not configured', async () => {
    const t = await buildTestApp({ env: { TWILIO_AUTH_TOKEN: '' } });
    const res = await t.transport(post(url, { 'X-Twilio-Signature': sign(url, params) }));
    expect(res.status).toBe(403);
    expect(res.body).toContain('TWILIO_AUTH_TOKEN');
  });

  it('accepts unsigned requests only with WEBHOOK_VERIFICATION=off-for-development', async () => {
    const t = await buildTestApp({ env: { WEBHOOK_VERIFICATION: 'off-for-development' } });
    const res = await t.transport(post(url, {}));
    expect(res.status).toBe(200);
  });

  it('the published signature vectors validate with the same validator', () => {
    const vectors = JSON.parse(
      readFileSync(
        new URL('../fixtures/providers/twilio.signature-vectors.json', import.meta.url),
        'utf8',
      ),
    ) as {
      vectors: Array<{
        authToken: string;
        url: string;
        params: Record<string, unknown>;
        expected: string;
        rawBody?: string;
      }>;
    };
    const formVectors = vectors.vectors.filter((v) => v.rawBody === undefined);
    expect(formVectors.length).toBeGreaterThan(5);
    for (const v of formVectors) {
      expect(twilio.validateRequest(v.authToken, v.expected, v.url, v.params)).toBe(true);
      expect(twilio.validateRequest(v.authToken, v.expected, `${v.url}x`, v.params)).toBe(false);
    }
  });
});
