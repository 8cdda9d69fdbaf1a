import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlaceCallError } from '../../src/telephony/place-call-error.js';
import type { CallbackRequest } from '../../src/telephony/telephony-port.js';
import { VonageTelephony } from '../../src/telephony/vonage-telephony.js';
import { startFakeVonageApi, type FakeVonageApi } from '../support/fake-vonage-api.js';
import { APP_ID, PUBLIC_URL, VONAGE_KEY, VONAGE_SECRET } from '../provision/provision-fixtures.js';
import { testKeyPair, type TestKeyPair } from './test-keys.js';

const request = (overrides: Partial<CallbackRequest> = {}): CallbackRequest => ({
  taskId: 'c0ffee00-0000-4000-8000-000000000001:missed-call:0',
  attempt: 1,
  agent: '+77011112233',
  customer: '+77071234567',
  from: '+77172000000',
  language: 'ru',
  ...overrides,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('VonageTelephony places the callback with the Voice API, agent first', () => {
  let keys: TestKeyPair;
  let otherKeys: TestKeyPair;
  let api: FakeVonageApi;
  beforeAll(() => {
    keys = testKeyPair();
    otherKeys = testKeyPair();
  });
  beforeEach(async () => {
    api = await startFakeVonageApi({
      apiKey: VONAGE_KEY,
      apiSecret: VONAGE_SECRET,
      applicationId: APP_ID,
      applicationPublicKey: keys.publicKey,
      callRefusals: {
        '77019998877': {
          status: 400,
          body: {
            type: 'https://developer.nexmo.com/api-errors/voice#validation',
            title: 'Bad Request',
            detail: 'Invalid destination 77019998877',
          },
        },
        '77010000500': { status: 500, body: { title: 'Internal Server Error' } },
      },
    });
  });
  afterEach(() => api.close());

  const telephony = (opts: { privateKey?: string; ringTimeoutSec?: number } = {}) =>
    new VonageTelephony({
      applicationId: APP_ID,
      privateKey: opts.privateKey ?? keys.privateKeyPem,
      publicUrl: PUBLIC_URL,
      ringTimeoutSec: opts.ringTimeoutSec,
      apiHost: api.url,
    });

  it('POSTs /v1/calls with the documented JSON body; returns the call uuid', async () => {
    const placed = await telephony().placeCallback(request());

    expect(api.requests).toHaveLength(1);
    const [sent] = api.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/calls' });
    expect(sent?.contentType).toBe('application/json');
    expect(sent?.json).toEqual({
      to: [{ type: 'phone', number: '77011112233' }],
      from: { type: 'phone', number: '77172000000' },
      answer_url: [
        `${PUBLIC_URL}/vonage/callback?task=c0ffee00-0000-4000-8000-000000000001%3Amissed-call%3A0&attempt=1`,
      ],
      answer_method: 'POST',
      event_url: [`${PUBLIC_URL}/vonage/event`],
      event_method: 'POST',
      ringing_timer: 30,
    });
    // The customer's number stays with us: the answer webhook reads it from the task.
    expect(JSON.stringify(sent?.json)).not.toContain('77071234567');

    expect(placed).toEqual({ callId: api.calls[0]?.uuid, channel: 'vonage' });
    expect(placed.callId).toMatch(UUID);
  });

  it('signs with an RS256 JWT that verifies with the public key and carries application_id', async () => {
    await telephony().placeCallback(request());
    const token = /^Bearer (\S+)$/.exec(api.requests[0]?.authorization ?? '')?.[1] ?? '';
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, keys.publicKey, { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ application_id: APP_ID });
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.iat).toEqual(expect.any(Number));
    expect(payload.exp).toBeGreaterThan(payload.iat ?? 0);
  });

  it('calls a SIP agent at its URI, with the attempt and ring timeout asked for', async () => {
    await telephony({ ringTimeoutSec: 45 }).placeCallback(
      request({ agent: 'sip:operator@pbx.example.com', attempt: 2 }),
    );
    const body = api.requests[0]?.json as Record<string, unknown>;
    expect(body.to).toMatchObject([{ type: 'sip', uri: 'sip:operator@pbx.example.com' }]);
    expect(body.answer_url).toEqual([expect.stringMatching(/&attempt=2$/)]);
    expect(body.ringing_timer).toBe(45);
    expect(api.calls).toHaveLength(1);
  });

  it('rejects a JWT signed with another key (401) naming the variables to check', async () => {
    const placed = telephony({ privateKey: otherKeys.privateKeyPem }).placeCallback(request());
    await expect(placed).rejects.toThrow(PlaceCallError);
    await expect(placed).rejects.toThrow(
      /^Callback via Vonage for task .* \(agent \+7701\*{5}33\) was refused \(HTTP 401\): \{.*Unauthorized/,
    );
    await expect(placed).rejects.toMatchObject({
      hint: expect.stringContaining('VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH') as unknown,
      context: { channel: 'vonage', httpStatus: 401 },
    });
    expect(api.calls).toEqual([]);
  });

  it('rejects a refused destination (400) and a server error (500) with the body, numbers masked', async () => {
    const refused = telephony().placeCallback(request({ agent: '+77019998877' }));
    await expect(refused).rejects.toThrow(
      /was refused \(HTTP 400\): \{.*Invalid destination 7701\*{5}77/,
    );
    await expect(refused).rejects.not.toThrow(/77019998877/);
    await expect(telephony().placeCallback(request({ agent: '+77010000500' }))).rejects.toThrow(
      /was refused \(HTTP 500\): \{"title":"Internal Server Error"\}/,
    );
  });

  it('a ring timeout outside 1-120 is refused by the API as the schema says', async () => {
    await expect(telephony({ ringTimeoutSec: 600 }).placeCallback(request())).rejects.toThrow(
      /HTTP 400.*ringing_timer/,
    );
  });

  it('rejects numbers that are not E.164 before calling Vonage', async () => {
    await expect(telephony().placeCallback(request({ from: '77172000000' }))).rejects.toThrow(
      'caller id 7717*****00 is not an E.164 number',
    );
    expect(api.requests).toEqual([]);
  });

  it('rejects when the API cannot be reached', async () => {
    await api.close();
    await expect(telephony().placeCallback(request())).rejects.toThrow(
      /could not reach the Vonage Voice API/,
    );
  });
});
