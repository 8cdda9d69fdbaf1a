import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TWILIO_AUTH_TOKEN: 'twilio-token',
};
const VONAGE = { VONAGE_API_KEY: 'abcd1234', VONAGE_API_SECRET: 'vonage-secret' };

describe('SMS configuration: SMS_PROVIDER and SMS_FROM', () => {
  it('defaults to the outbox, which needs no sender', () => {
    expect(parseConfig({})).toMatchObject({ smsProvider: 'outbox', smsFrom: null });
  });

  it.each([
    [{ SMS_PROVIDER: 'twilio', SMS_FROM: '+77172000000', ...TWILIO }, 'twilio', '+77172000000'],
    [{ SMS_PROVIDER: 'vonage', SMS_FROM: 'KazBank', ...VONAGE }, 'vonage', 'KazBank'],
    [{ SMS_PROVIDER: 'vonage', SMS_FROM: ' My Bank 24 ', ...VONAGE }, 'vonage', 'My Bank 24'],
    [{ SMS_FROM: 'KazBank' }, 'outbox', 'KazBank'],
  ])('%j → %s from %s', (env, provider, from) => {
    expect(parseConfig(env)).toMatchObject({ smsProvider: provider, smsFrom: from });
  });

  it.each([
    [{ SMS_PROVIDER: 'sendgrid' }, /SMS_PROVIDER: /],
    [{ SMS_FROM: 'TwelveLetter' }, /SMS_FROM: an E\.164 number .* up to 11 characters/],
    [{ SMS_FROM: '77172000000' }, /SMS_FROM: /],
    [{ SMS_FROM: '+0123456' }, /SMS_FROM: /],
    [{ SMS_FROM: 'Kaz-Bank' }, /SMS_FROM: /],
    [{ SMS_PROVIDER: 'twilio', ...TWILIO }, /SMS_FROM: required when SMS_PROVIDER=twilio/],
    [
      { SMS_PROVIDER: 'vonage', SMS_FROM: '', ...VONAGE },
      /SMS_FROM: required when SMS_PROVIDER=vonage/,
    ],
    [
      {
        SMS_PROVIDER: 'twilio',
        SMS_FROM: 'KazBank',
        TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID,
      },
      /^Invalid configuration:\n {2}TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio$/,
    ],
    [
      { SMS_PROVIDER: 'vonage', SMS_FROM: 'KazBank', ...TWILIO },
      /VONAGE_API_KEY: required when SMS_PROVIDER=vonage\n {2}VONAGE_API_SECRET: required/,
    ],
  ])('%j → ConfigError naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('names every missing variable of the chosen provider at once', () => {
    expect(() => parseConfig({ SMS_PROVIDER: 'twilio' })).toThrow(
      'Invalid configuration:\n' +
        '  SMS_FROM: required when SMS_PROVIDER=twilio\n' +
        '  TWILIO_ACCOUNT_SID: required when SMS_PROVIDER=twilio\n' +
        '  TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio',
    );
  });
});
