import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createTelephonyPort } from '../../src/telephony/create-telephony-port.js';
import { listCallOutbox, OutboxTelephony } from '../../src/telephony/outbox-telephony.js';
import { TwilioTelephony } from '../../src/telephony/twilio-telephony.js';
import { VonageTelephony } from '../../src/telephony/vonage-telephony.js';
import type { CallbackRequest } from '../../src/telephony/telephony-port.js';
import { tempCrms } from '../crm/temp-crm.js';
import { startFakeTwilioApi } from '../support/fake-twilio-api.js';
import { startFakeVonageApi } from '../support/fake-vonage-api.js';
import {
  APP_ID,
  PUBLIC_URL,
  TWILIO_SID,
  TWILIO_TOKEN,
  VONAGE_KEY,
  VONAGE_SECRET,
} from '../provision/provision-fixtures.js';
import { tempFile, testKeyPair } from './test-keys.js';

const REQUEST: CallbackRequest = {
  taskId: 'CA0001:missed-call:0',
  attempt: 1,
  agent: '+77011112233',
  customer: '+77071234567',
  from: '+77172000000',
  language: 'ru',
};

const crms = tempCrms();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await crms.closeAll();
});

describe('createTelephonyPort picks the implementation TELEPHONY_PROVIDER names', () => {
  it('outbox by default: the call lands in call_outbox', async () => {
    const { db } = await crms.open();
    const port = createTelephonyPort(parseConfig({}), { db });
    expect(port).toBeInstanceOf(OutboxTelephony);
    const placed = await port.placeCallback(REQUEST);
    expect(await listCallOutbox(db, { limit: 1 })).toMatchObject([{ id: placed.callId }]);
  });

  it('twilio: the account credentials, webhooks under PUBLIC_URL', async () => {
    const { db } = await crms.open();
    const api = await startFakeTwilioApi({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
    closers.push(() => api.close());
    const config = parseConfig({
      TELEPHONY_PROVIDER: 'twilio',
      CALLBACK_FROM: '+77172000000',
      PUBLIC_URL,
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    });
    const port = createTelephonyPort(config, { db, twilioApiBaseUrl: api.url });
    expect(port).toBeInstanceOf(TwilioTelephony);
    const placed = await port.placeCallback(REQUEST);
    expect(placed).toEqual({ callId: api.calls[0]?.sid, channel: 'twilio' });
    expect(api.requests[0]?.form.StatusCallback).toBe(`${PUBLIC_URL}/twilio/status`);
  });

  it('vonage: the application id and the key read from VONAGE_PRIVATE_KEY_PATH', async () => {
    const { db } = await crms.open();
    const keys = testKeyPair();
    const api = await startFakeVonageApi({
      apiKey: VONAGE_KEY,
      apiSecret: VONAGE_SECRET,
      applicationId: APP_ID,
      applicationPublicKey: keys.publicKey,
    });
    closers.push(() => api.close());
    const config = parseConfig({
      TELEPHONY_PROVIDER: 'vonage',
      CALLBACK_FROM: '+77172000000',
      PUBLIC_URL,
      VONAGE_APPLICATION_ID: APP_ID,
      VONAGE_PRIVATE_KEY_PATH: tempFile('private.key', keys.privateKeyPem),
    });
    const port = createTelephonyPort(config, { db, vonageApiHost: api.url });
    expect(port).toBeInstanceOf(VonageTelephony);
    const placed = await port.placeCallback(REQUEST);
    expect(placed).toEqual({ callId: api.calls[0]?.uuid, channel: 'vonage' });
    expect(api.calls[0]?.claims.application_id).toBe(APP_ID);
  });

  it('names the missing variable for a Config built without parseConfig', async () => {
    const { db } = await crms.open();
    const config = { ...parseConfig({}), telephonyProvider: 'vonage' as const };
    expect(() => createTelephonyPort(config, { db })).toThrow(
      /VONAGE_APPLICATION_ID: required when TELEPHONY_PROVIDER=vonage/,
    );
  });
});
