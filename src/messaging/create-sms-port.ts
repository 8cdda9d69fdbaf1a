import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { AppDatabase } from '../store/database-schema.js';
import { ConfigError } from '../errors/config-error.js';
import { OutboxSms } from './outbox-sms.js';
import type { SmsPort } from './sms-port.js';
import { TwilioSms } from './twilio-sms.js';
import { VonageSms } from './vonage-sms.js';

export interface SmsPortDeps {
  /** The embedded CRM database, migrated: the outbox stores its messages there. */
  db: Kysely<AppDatabase>;
  /** Origin replacing https://api.twilio.com: TWILIO_API_URL (a regional edge), or a local fake. */
  twilioApiBaseUrl?: string;
  /** Tests only: origin of a local fake replacing https://rest.nexmo.com. */
  vonageRestHost?: string;
}

/**
 * The SmsPort that SMS_PROVIDER names: the outbox (default), Twilio or Vonage, with SMS_FROM
 * as sender. parseConfig already refuses a provider without its sender and credentials; the
 * checks here only narrow the types, and name the variables should a Config be built
 * another way.
 */
export function createSmsPort(config: Config, deps: SmsPortDeps): SmsPort {
  switch (config.smsProvider) {
    case 'outbox':
      return new OutboxSms(deps.db);
    case 'twilio':
      return new TwilioSms({
        accountSid: required(config.twilioAccountSid, 'TWILIO_ACCOUNT_SID', 'twilio'),
        authToken: required(config.twilioAuthToken, 'TWILIO_AUTH_TOKEN', 'twilio'),
        from: required(config.smsFrom, 'SMS_FROM', 'twilio'),
        apiBaseUrl: deps.twilioApiBaseUrl,
      });
    case 'vonage':
      return new VonageSms({
        apiKey: required(config.vonageApiKey, 'VONAGE_API_KEY', 'vonage'),
        apiSecret: required(config.vonageApiSecret, 'VONAGE_API_SECRET', 'vonage'),
        from: required(config.smsFrom, 'SMS_FROM', 'vonage'),
        restHost: deps.vonageRestHost,
      });
  }
}

function required(value: string | null, variable: string, provider: string): string {
  if (value) return value;
  throw new ConfigError(
    `Invalid configuration:\n  ${variable}: required when SMS_PROVIDER=${provider}`,
    { hint: 'Set it in .env (see .env.example and docs/sms.md).' },
  );
}
