import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaceCallError } from '../../src/telephony/place-call-error.js';
import type { CallbackRequest } from '../../src/telephony/telephony-port.js';
import { TwilioTelephony } from '../../src/telephony/twilio-telephony.js';
import { startFakeTwilioApi, type FakeTwilioApi } from '../support/fake-twilio-api.js';
import { PUBLIC_URL, TWILIO_SID, TWILIO_TOKEN } from '../provision/provision-fixtures.js';

const CALLS_PATH = `/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`;
const FROM = '+77172000000';

const request = (overrides: Partial<CallbackRequest> = {}): CallbackRequest => ({
  taskId: 'CA0001:missed-call:0',
  attempt: 1,
  agent: '+77011112233',
  customer: '+77071234567',
  from: FROM,
  language: 'kk',
  ...overrides,
});

describe('TwilioTelephony places the callback with the Calls API, agent first', () => {
  let api: FakeTwilioApi;
  beforeEach(async () => {
    api = await startFakeTwilioApi({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      callerIds: [FROM],
      callRefusals: {
        '+77019998877': {
          status: 400,
          code: 21214,
          message: "'To' phone number cannot be reached",
        },
        '+77010000500': { status: 500, code: 20500, message: 'Internal Server Error' },
      },
    });
  });
  afterEach(() => api.close());

  const telephony = (opts: { authToken?: string; ringTimeoutSec?: number } = {}) =>
    new TwilioTelephony({
      accountSid: TWILIO_SID,
      authToken: opts.authToken ?? TWILIO_TOKEN,
      publicUrl: PUBLIC_URL,
      ringTimeoutSec: opts.ringTimeoutSec,
      apiBaseUrl: api.url,
    });

  it('POSTs To (the agent), From, Url, status callbacks and Timeout with Basic auth; returns the Call SID', async () => {
    const placed = await telephony().placeCallback(request());

    expect(api.requests).toHaveLength(1);
    const [sent] = api.requests;
    expect(sent).toMatchObject({ method: 'POST', path: CALLS_PATH, authorized: true });
    expect(sent?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(sent?.form).toEqual({
      To: '+77011112233',
      From: FROM,
      Url: `${PUBLIC_URL}/twilio/callback?task=CA0001%3Amissed-call%3A0&attempt=1`,
      Method: 'POST',
      StatusCallback: `${PUBLIC_URL}/twilio/status`,
      StatusCallbackEvent: 'completed',
      StatusCallbackMethod: 'POST',
      Timeout: '30',
    });
    // The events go as one repeated field, as Twilio documents it.
    expect(sent?.formValues.StatusCallbackEvent).toEqual([
      'initiated',
      'ringing',
      'answered',
      'completed',
    ]);
    // The customer's number is not part of the request: the webhook reads it from the task.
    expect(JSON.stringify(sent?.formValues)).not.toContain('77071234567');

    expect(placed).toEqual({ callId: api.calls[0]?.sid, channel: 'twilio' });
    expect(placed.callId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(api.calls[0]).toMatchObject({ to: '+77011112233', from: FROM, status: 'queued' });
  });

  it('calls a SIP agent at its URI; the attempt and ring timeout go where they belong', async () => {
    await telephony({ ringTimeoutSec: 20 }).placeCallback(
      request({ agent: 'sip:operator@pbx.example.com', attempt: 3 }),
    );
    expect(api.requests[0]?.form).toMatchObject({
      To: 'sip:operator@pbx.example.com',
      Url: `${PUBLIC_URL}/twilio/callback?task=CA0001%3Amissed-call%3A0&attempt=3`,
      Timeout: '20',
    });
  });

  it('rejects a caller id the account may not use, naming CALLBACK_FROM, numbers masked', async () => {
    const placed = telephony().placeCallback(request({ from: '+77170000001' }));
    await expect(placed).rejects.toThrow(PlaceCallError);
    await expect(placed).rejects.toThrow(
      'Callback via Twilio for task CA0001:missed-call:0 (agent +7701*****33) was refused (HTTP 400, Twilio error 21210): The source phone number provided, +7717*****01, is not yet verified for your account.',
    );
    await expect(placed).rejects.toMatchObject({
      hint: expect.stringContaining('CALLBACK_FROM') as unknown,
      context: { channel: 'twilio', status: 400, code: 21210 },
    });
  });

  it('rejects an unreachable agent (400) and a server error (500) with status and code', async () => {
    await expect(telephony().placeCallback(request({ agent: '+77019998877' }))).rejects.toThrow(
      /agent \+7701\*{5}77\) was refused \(HTTP 400, Twilio error 21214\): 'To' phone number cannot be reached/,
    );
    await expect(telephony().placeCallback(request({ agent: '+77010000500' }))).rejects.toThrow(
      /was refused \(HTTP 500, Twilio error 20500\): Internal Server Error/,
    );
    expect(api.calls).toEqual([]);
  });

  it('rejects wrong credentials (401) naming the variables to check', async () => {
    const placed = telephony({ authToken: 'wrong-token' }).placeCallback(request());
    await expect(placed).rejects.toThrow(/refused \(HTTP 401, Twilio error 20003\): Authenticate/);
    await expect(placed).rejects.toMatchObject({
      hint: expect.stringContaining('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN') as unknown,
    });
  });

  it('rejects numbers that are not E.164 before calling Twilio', async () => {
    await expect(telephony().placeCallback(request({ customer: '87071234567' }))).rejects.toThrow(
      'customer 8707*****67 is not an E.164 number',
    );
    await expect(telephony().placeCallback(request({ agent: '1001' }))).rejects.toThrow(
      /agent .* is not an E\.164 number or a sip: URI/,
    );
    expect(api.requests).toEqual([]);
  });

  it('rejects when the API cannot be reached', async () => {
    await api.close();
    await expect(telephony().placeCallback(request())).rejects.toThrow(
      /^Callback via Twilio for task CA0001:missed-call:0 \(agent \+7701\*{5}33\): could not reach the Twilio API/,
    );
  });
});
