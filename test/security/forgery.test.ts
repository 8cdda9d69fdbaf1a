import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import twilio from 'twilio';
import { beforeAll, describe, expect, it } from 'vitest';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import type { SimRequest, SimResponse } from '../../src/simulator/transport.js';
import {
  buildTestApp,
  OPERATOR,
  PUBLIC_URL,
  TWILIO_TOKEN,
  VONAGE_SECRET,
  type TestApp,
} from '../support/test-app.js';

/**
 * Forged requests on every webhook path: 403, and nothing of a call (no TwiML, no NCCO, no
 * operator number) in the answer. Twilio signs no time or id, so replays are Twilio's to
 * prevent (TLS); Vonage's JWT does not cover the URL, so "wrong URL" is Twilio's case only.
 */
function expectRefused(res: SimResponse, what: string) {
  expect(res.status, `${what}: ${res.body.slice(0, 200)}`).toBe(403);
  expect(res.body, what).not.toMatch(/<Response|"action"|<html/i);
  expect(res.body, what).not.toContain(OPERATOR.slice(1));
}

const CALL = `CA${'ab'.repeat(16)}`;
const TWILIO_PATHS = [
  '/twilio/voice',
  '/twilio/gather',
  '/twilio/dial',
  '/twilio/status',
  '/twilio/continue',
  '/twilio/fallback',
  `/twilio/whisper?call=${CALL}&target=sales`,
  '/twilio/callback?task=t-1',
  '/twilio/callback/dial',
  `/twilio/callback/amd?call=${CALL}`,
];
const twilioParams = {
  AccountSid: `AC${'0'.repeat(32)}`,
  CallSid: CALL,
  From: '+77071234567',
  To: '+77172123456',
  CallStatus: 'completed',
  DialCallStatus: 'completed',
  Digits: '1',
};

function twilioRequest(
  path: string,
  opts: { token?: string | null; signedUrl?: string; body?: Record<string, string> } = {},
): SimRequest {
  const url = PUBLIC_URL + path;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const token = opts.token === undefined ? TWILIO_TOKEN : opts.token;
  if (token) {
    headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
      token,
      opts.signedUrl ?? url,
      twilioParams,
    );
  }
  return {
    method: 'POST',
    url,
    headers,
    body: new URLSearchParams(opts.body ?? twilioParams).toString(),
  };
}

describe('forged Twilio webhooks are refused on every path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });

  it.each(TWILIO_PATHS)('%s', async (path) => {
    const forged: Array<[string, SimRequest]> = [
      ['unsigned', twilioRequest(path, { token: null })],
      ['wrong token', twilioRequest(path, { token: 'not-the-auth-token-0123456789' })],
      ['tampered body', twilioRequest(path, { body: { ...twilioParams, From: '+77010000000' } })],
      ['wrong URL', twilioRequest(path, { signedUrl: `https://evil.example.com${path}` })],
      ['other path', twilioRequest(path, { signedUrl: `${PUBLIC_URL}/twilio/other` })],
    ];
    for (const [what, req] of forged) expectRefused(await t.transport(req), `${path} ${what}`);
    // The control: the same request signed correctly is not refused.
    expect((await t.transport(twilioRequest(path))).status).not.toBe(403);
  });
});

const UUID = 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab';
const VONAGE_PATHS = [
  '/vonage/answer',
  '/vonage/input',
  '/vonage/event',
  `/vonage/connect?call=${UUID}`,
  `/vonage/continue?call=${UUID}`,
  '/vonage/fallback',
  `/vonage/whisper?call=${UUID}&target=sales`,
  '/vonage/callback?task=t-1',
  `/vonage/callback/event?call=${UUID}`,
];
const vonageBody = JSON.stringify({
  uuid: UUID,
  conversation_uuid: `CON-${UUID}`,
  from: '77071234567',
  to: '77172123456',
  status: 'completed',
  dtmf: { digits: '1', timed_out: false },
});
const hash = createHash('sha256').update(vonageBody).digest('hex');
const key = new TextEncoder().encode(VONAGE_SECRET);
const now = () => Math.floor(Date.now() / 1000);

function vonageRequest(path: string, jwt: string | null, body = vonageBody): SimRequest {
  return {
    method: 'POST',
    url: PUBLIC_URL + path,
    headers: {
      'Content-Type': 'application/json',
      ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}),
    },
    body,
  };
}

const claims = (extra: Record<string, unknown>) =>
  new SignJWT({ iss: 'Vonage', payload_hash: hash, ...extra }).setProtectedHeader({
    alg: 'HS256',
    typ: 'JWT',
  });

describe('forged Vonage webhooks are refused on every path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });

  it.each(VONAGE_PATHS)('%s', async (path) => {
    const replayed = await signVonageWebhook(VONAGE_SECRET, vonageBody);
    expect((await t.transport(vonageRequest(path, replayed))).status).not.toBe(403);
    const forged: Array<[string, SimRequest]> = [
      ['unsigned', vonageRequest(path, null)],
      ['wrong secret', vonageRequest(path, await signVonageWebhook('x'.repeat(32), vonageBody))],
      [
        'tampered body',
        vonageRequest(
          path,
          await signVonageWebhook(VONAGE_SECRET, vonageBody),
          vonageBody.replace('77071234567', '77010000000'),
        ),
      ],
      ['replayed jti', vonageRequest(path, replayed)],
      ['no jti', vonageRequest(path, await claims({}).setIssuedAt(now()).sign(key))],
      ['numeric jti', vonageRequest(path, await claims({ jti: 7 }).setIssuedAt(now()).sign(key))],
      ['no iat', vonageRequest(path, await claims({ jti: randomUUID() }).sign(key))],
      [
        'expired',
        vonageRequest(
          path,
          await signVonageWebhook(VONAGE_SECRET, vonageBody, { iat: now() - 3600 }),
        ),
      ],
      [
        'issued in the future',
        vonageRequest(
          path,
          await signVonageWebhook(VONAGE_SECRET, vonageBody, { iat: now() + 3600 }),
        ),
      ],
      [
        'alg none',
        vonageRequest(
          path,
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
            JSON.stringify({ iat: now(), jti: randomUUID(), payload_hash: hash }),
          ).toString('base64url')}.`,
        ),
      ],
    ];
    for (const [what, req] of forged) expectRefused(await t.transport(req), `${path} ${what}`);
  });
});
