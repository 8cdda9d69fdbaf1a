import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createSmsPort } from '../../src/messaging/create-sms-port.js';
import { listOutbox, OutboxSms } from '../../src/messaging/outbox-sms.js';
import { TwilioSms } from '../../src/messaging/twilio-sms.js';
import { VonageSms } from '../../src/messaging/vonage-sms.js';
import { tempCrms } from '../crm/temp-crm.js';
import { startFakeTwilioApi } from '../support/fake-twilio-api.js';
import { startFakeVonageApi } from '../support/fake-vonage-api.js';
import {
  TWILIO_SID,
  TWILIO_TOKEN,
  VONAGE_KEY,
  VONAGE_SECRET,
} from '../provision/provision-fixtures.js';

const TO = '+77071234567';
const TEXT = 'Сәлем!';

const crms = tempCrms();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await crms.closeAll();
});

describe('createSmsPort picks the implementation SMS_PROVIDER names', () => {
  it('outbox by default: the message lands in sms_outbox', async () => {
    const { db } = await crms.open();
    const port = createSmsPort(parseConfig({}), { db });
    expect(port).toBeInstanceOf(OutboxSms);
    const receipt = await port.send(TO, TEXT);
    expect(await listOutbox(db, { limit: 1 })).toMatchObject([
      { id: receipt.id, to: TO, text: TEXT },
    ]);
  });

  it('twilio: sends from SMS_FROM with the account credentials', async () => {
    const { db } = await crms.open();
    const api = await startFakeTwilioApi({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    closers.push(() => api.close());
    const config = parseConfig({
      SMS_PROVIDER: 'twilio',
      SMS_FROM: '+77172000000',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    });
    const port = createSmsPort(config, { db, twilioApiBaseUrl: api.url });
    expect(port).toBeInstanceOf(TwilioSms);
    const receipt = await port.send(TO, TEXT);
    expect(receipt).toEqual({ id: api.messages[0]?.sid, channel: 'twilio' });
    expect(api.requests[0]?.form).toEqual({ To: TO, From: '+77172000000', Body: TEXT });
    expect(await listOutbox(db, { limit: 1 })).toEqual([]);
  });

  it('vonage: sends from SMS_FROM with the API key and secret', async () => {
    const { db } = await crms.open();
    const api = await startFakeVonageApi({ apiKey: VONAGE_KEY, apiSecret: VONAGE_SECRET });
    closers.push(() => api.close());
    const config = parseConfig({
      SMS_PROVIDER: 'vonage',
      SMS_FROM: 'KazBank',
      VONAGE_API_KEY: VONAGE_KEY,
      VONAGE_API_SECRET: VONAGE_SECRET,
    });
    const port = createSmsPort(config, { db, vonageRestHost: api.url });
    expect(port).toBeInstanceOf(VonageSms);
    const receipt = await port.send(TO, TEXT);
    expect(receipt).toEqual({ id: api.sms[0]?.messageId, channel: 'vonage' });
    expect(api.requests[0]).toMatchObject({ path: '/sms/json', authorized: true });
    expect(api.requests[0]?.json).toMatchObject({ from: 'KazBank', type: 'unicode' });
  });

  it('names the missing variable for a Config built without parseConfig', async () => {
    const { db } = await crms.open();
    const config = { ...parseConfig({}), smsProvider: 'vonage' as const, smsFrom: 'KazBank' };
    expect(() => createSmsPort(config, { db })).toThrow(
      /VONAGE_API_KEY: required when SMS_PROVIDER=vonage/,
    );
  });
});
