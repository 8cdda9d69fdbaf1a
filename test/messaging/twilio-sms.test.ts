import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmsSendError } from '../../src/messaging/sms-send-error.js';
import { TwilioSms } from '../../src/messaging/twilio-sms.js';
import { startFakeTwilioApi, type FakeTwilioApi } from '../support/fake-twilio-api.js';
import { TWILIO_SID, TWILIO_TOKEN } from '../provision/provision-fixtures.js';

const FROM = '+77172000000';
const TO = '+77071234567';
const KAZAKH = 'Сәлеметсіз бе! Өтінішіңіз қабылданды, ұпай: 12 500 ₸.';
const MESSAGES_PATH = `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`;

describe('TwilioSms sends through the Messages API', () => {
  let api: FakeTwilioApi;
  beforeEach(async () => {
    api = await startFakeTwilioApi({
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      unsubscribed: ['+77019998877'],
    });
  });
  afterEach(() => api.close());

  const sms = (opts: { authToken?: string; from?: string } = {}) =>
    new TwilioSms({
      accountSid: TWILIO_SID,
      authToken: opts.authToken ?? TWILIO_TOKEN,
      from: opts.from ?? FROM,
      apiBaseUrl: api.url,
    });

  it('POSTs To, From and Body as a form with Basic auth; the receipt is the Message SID', async () => {
    const receipt = await sms().send(TO, KAZAKH);

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request).toMatchObject({ method: 'POST', path: MESSAGES_PATH, authorized: true });
    expect(request?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.form).toEqual({ To: TO, From: FROM, Body: KAZAKH });

    expect(receipt).toEqual({ id: api.messages[0]?.sid, channel: 'twilio' });
    expect(receipt.id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(api.messages[0]).toMatchObject({ to: TO, from: FROM, body: KAZAKH, status: 'queued' });
  });

  it('sends from an alphanumeric sender id unchanged', async () => {
    await sms({ from: 'KazBank' }).send(TO, 'Hello');
    expect(api.requests[0]?.form.From).toBe('KazBank');
  });

  it('rejects a refused message with the HTTP status, Twilio code and message, number masked', async () => {
    const sent = sms().send('+77019998877', 'x');
    await expect(sent).rejects.toThrow(SmsSendError);
    await expect(sent).rejects.toThrow(
      'SMS via Twilio to +7701*****77 was refused (HTTP 400, Twilio error 21610): Attempt to send to unsubscribed recipient',
    );
    await expect(sent).rejects.toMatchObject({
      hint: 'See https://www.twilio.com/docs/errors/21610.',
      context: { channel: 'twilio', status: 400, code: 21610 },
    });
  });

  it('rejects wrong credentials naming the variables to check', async () => {
    const sent = sms({ authToken: 'wrong-token' }).send(TO, 'x');
    await expect(sent).rejects.toThrow(/refused \(HTTP 401, Twilio error 20003\): Authenticate/);
    await expect(sent).rejects.toMatchObject({
      hint: expect.stringContaining('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN') as unknown,
    });
    expect(api.messages).toEqual([]);
  });

  it('rejects a recipient that is not E.164 before calling Twilio', async () => {
    await expect(sms().send('8 707 123 45 67', 'x')).rejects.toThrow(/not an E\.164 number/);
    expect(api.requests).toEqual([]);
  });

  it('rejects when the API cannot be reached', async () => {
    await api.close();
    await expect(sms().send(TO, 'x')).rejects.toThrow(
      /^SMS via Twilio to \+7707\*{5}67: could not reach the Twilio API/,
    );
  });
});
