import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { APP_ID, PUBLIC_URL, TWILIO_SID, TWILIO_TOKEN } from '../provision/provision-fixtures.js';
import { tempFile, testKeyPair } from './test-keys.js';

const TWILIO = {
  TELEPHONY_PROVIDER: 'twilio',
  CALLBACK_FROM: '+77172000000',
  PUBLIC_URL,
  TWILIO_ACCOUNT_SID: TWILIO_SID,
  TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
};

describe('telephony and scheduler configuration', () => {
  let keyPath: string;
  let privateKeyPem: string;
  beforeAll(() => {
    privateKeyPem = testKeyPair().privateKeyPem;
    keyPath = tempFile('private.key', privateKeyPem);
  });

  it('defaults: outbox, no caller id, no supervisor, a tick every 5 s', () => {
    expect(parseConfig({})).toMatchObject({
      telephonyProvider: 'outbox',
      callbackFrom: null,
      vonageApplicationId: null,
      vonagePrivateKeyPath: null,
      vonagePrivateKey: null,
      supervisorPhone: null,
      schedulerIntervalMs: 5000,
    });
  });

  it('twilio with its caller id, credentials and a public URL', () => {
    expect(parseConfig(TWILIO)).toMatchObject({
      telephonyProvider: 'twilio',
      callbackFrom: '+77172000000',
      publicUrl: PUBLIC_URL,
    });
  });

  it('vonage reads and keeps the private key at start', () => {
    const config = parseConfig({
      TELEPHONY_PROVIDER: 'vonage',
      CALLBACK_FROM: '+77172000000',
      PUBLIC_URL,
      VONAGE_APPLICATION_ID: APP_ID,
      VONAGE_PRIVATE_KEY_PATH: keyPath,
    });
    expect(config).toMatchObject({
      telephonyProvider: 'vonage',
      vonageApplicationId: APP_ID,
      vonagePrivateKeyPath: keyPath,
      vonagePrivateKey: privateKeyPem,
    });
  });

  it('SUPERVISOR_PHONE and SCHEDULER_INTERVAL_MS', () => {
    expect(
      parseConfig({ SUPERVISOR_PHONE: ' +77015550000 ', SCHEDULER_INTERVAL_MS: '250' }),
    ).toMatchObject({ supervisorPhone: '+77015550000', schedulerIntervalMs: 250 });
  });

  it('names every missing variable of the chosen provider at once', () => {
    expect(() => parseConfig({ TELEPHONY_PROVIDER: 'twilio' })).toThrow(
      'Invalid configuration:\n' +
        '  CALLBACK_FROM: required when TELEPHONY_PROVIDER=twilio\n' +
        '  PUBLIC_URL: required when TELEPHONY_PROVIDER=twilio\n' +
        '  TWILIO_ACCOUNT_SID: required when TELEPHONY_PROVIDER=twilio\n' +
        '  TWILIO_AUTH_TOKEN: required when TELEPHONY_PROVIDER=twilio',
    );
    expect(() =>
      parseConfig({ TELEPHONY_PROVIDER: 'vonage', CALLBACK_FROM: '+77172000000', PUBLIC_URL }),
    ).toThrow(
      /^Invalid configuration:\n {2}VONAGE_APPLICATION_ID: required when TELEPHONY_PROVIDER=vonage\n {2}VONAGE_PRIVATE_KEY_PATH: required when TELEPHONY_PROVIDER=vonage$/,
    );
  });

  it.each([
    [{ TELEPHONY_PROVIDER: 'sip' }, /TELEPHONY_PROVIDER: /],
    [{ CALLBACK_FROM: '87172000000' }, /CALLBACK_FROM: an E\.164 number/],
    [{ CALLBACK_FROM: 'KazBank' }, /CALLBACK_FROM: /],
    [{ SUPERVISOR_PHONE: '8 701 555 00 00' }, /SUPERVISOR_PHONE: an E\.164 number/],
    [{ SCHEDULER_INTERVAL_MS: '50' }, /SCHEDULER_INTERVAL_MS: /],
    [{ SCHEDULER_INTERVAL_MS: 'often' }, /SCHEDULER_INTERVAL_MS: /],
    [{ VONAGE_APPLICATION_ID: 'my-app' }, /VONAGE_APPLICATION_ID: the application id/],
    [
      { ...TWILIO, CALLBACK_FROM: undefined },
      /CALLBACK_FROM: required when TELEPHONY_PROVIDER=twilio/,
    ],
  ])('%j → ConfigError naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('refuses an unreadable or damaged key file, naming VONAGE_PRIVATE_KEY_PATH', () => {
    const vonage = (path: string) => ({
      TELEPHONY_PROVIDER: 'vonage',
      CALLBACK_FROM: '+77172000000',
      PUBLIC_URL,
      VONAGE_APPLICATION_ID: APP_ID,
      VONAGE_PRIVATE_KEY_PATH: path,
    });
    expect(() => parseConfig(vonage('/nonexistent/private.key'))).toThrow(
      /VONAGE_PRIVATE_KEY_PATH: cannot read \/nonexistent\/private\.key: ENOENT/,
    );
    const notAKey = tempFile('private.key', 'this is not a key');
    expect(() => parseConfig(vonage(notAKey))).toThrow(
      `VONAGE_PRIVATE_KEY_PATH: ${notAKey} is not a PEM RSA private key`,
    );
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => parseConfig(vonage(tempFile('ec.key', ecKey)))).toThrow(
      /is not a PEM RSA private key/,
    );
    // Other providers leave the file alone.
    expect(parseConfig({ VONAGE_PRIVATE_KEY_PATH: notAKey }).vonagePrivateKey).toBeNull();
  });
});
