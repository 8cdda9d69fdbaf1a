import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitsGsm7 } from '../../src/messaging/fits-gsm7.js';
import { SmsSendError } from '../../src/messaging/sms-send-error.js';
import { VonageSms } from '../../src/messaging/vonage-sms.js';
import { startFakeVonageApi, type FakeVonageApi } from '../support/fake-vonage-api.js';
import { VONAGE_KEY, VONAGE_SECRET } from '../provision/provision-fixtures.js';

const TO = '+77071234567';
const KAZAKH = 'Сәлеметсіз бе! Өтінішіңіз қабылданды, ұпай: 12 500 ₸.';

describe('VonageSms sends through the SMS API', () => {
  let api: FakeVonageApi;
  beforeEach(async () => {
    api = await startFakeVonageApi({
      apiKey: VONAGE_KEY,
      apiSecret: VONAGE_SECRET,
      smsFailures: { '77019998877': { status: '9', errorText: 'Partner quota exceeded' } },
    });
  });
  afterEach(() => api.close());

  const sms = (opts: { apiSecret?: string; from?: string } = {}) =>
    new VonageSms({
      apiKey: VONAGE_KEY,
      apiSecret: opts.apiSecret ?? VONAGE_SECRET,
      from: opts.from ?? '+77172000000',
      restHost: api.url,
    });

  it('POSTs /sms/json with Basic auth, numbers without +, type unicode for Kazakh', async () => {
    const receipt = await sms().send(TO, KAZAKH);

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/sms/json', authorized: true });
    expect(request?.contentType).toBe('application/json');
    expect(request?.json).toEqual({
      to: '77071234567',
      from: '77172000000',
      text: KAZAKH,
      type: 'unicode',
    });
    expect(receipt).toEqual({ id: api.sms[0]?.messageId, channel: 'vonage' });
    expect(api.sms[0]).toMatchObject({ to: '77071234567', text: KAZAKH });
  });

  it('sends GSM-7 text as type text (160 characters a segment, not 70), sender id unchanged', async () => {
    await sms({ from: 'KazBank' }).send(TO, 'Your balance: 12 500 KZT. Thank you!');
    expect(api.requests[0]?.json).toMatchObject({ from: 'KazBank', type: 'text' });
  });

  it('rejects a non-zero status with the status and error-text, number masked', async () => {
    const sent = sms().send('+77019998877', 'x');
    await expect(sent).rejects.toThrow(SmsSendError);
    await expect(sent).rejects.toThrow(
      'SMS via Vonage to +7701*****77 was refused: status 9, Partner quota exceeded.',
    );
    await expect(sent).rejects.toMatchObject({
      hint: expect.stringContaining('top up') as unknown,
      context: { channel: 'vonage', status: '9' },
    });
  });

  it('rejects bad credentials (status 4) naming the variables to check', async () => {
    const sent = sms({ apiSecret: 'wrong' }).send(TO, 'x');
    await expect(sent).rejects.toThrow('was refused: status 4, Bad Credentials.');
    await expect(sent).rejects.toMatchObject({
      hint: expect.stringContaining('VONAGE_API_KEY and VONAGE_API_SECRET') as unknown,
    });
    expect(api.sms).toEqual([]);
  });

  it('rejects an HTTP error with its status and body', async () => {
    // Any path the fake does not serve answers 404 with a problem body.
    const sent = new VonageSms({
      apiKey: VONAGE_KEY,
      apiSecret: VONAGE_SECRET,
      from: 'KazBank',
      restHost: `${api.url}/nowhere`,
    }).send(TO, 'x');
    await expect(sent).rejects.toThrow(
      /^SMS via Vonage to \+7707\*{5}67 was refused \(HTTP 404\): \{/,
    );
  });

  it('rejects when the API cannot be reached', async () => {
    await api.close();
    await expect(sms().send(TO, 'x')).rejects.toThrow(/could not reach the Vonage SMS API/);
  });

  it('rejects a recipient that is not E.164 before calling Vonage', async () => {
    await expect(sms().send('77071234567', 'x')).rejects.toThrow(/not an E\.164 number/);
    expect(api.requests).toEqual([]);
  });
});

describe('fitsGsm7 decides between type text and unicode', () => {
  it.each([
    ['Hello, world! 12:30 (KZT)', true],
    ['Prix: 10€ [promo] {code} ~ ^ | \\', true],
    ['Ça va? Ä Ö Ñ Ü ä ö ñ ü à é è ß Ø Å ¿¡ £ ¥ §', true],
    ['Привет', false],
    ['Сәлем', false],
    ['ңғүұқөһі', false],
    ['ok 🙂', false],
    ['naïve', false],
  ])('%j → %s', (text, expected) => {
    expect(fitsGsm7(text)).toBe(expected);
  });
});
