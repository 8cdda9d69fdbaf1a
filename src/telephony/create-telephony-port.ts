import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { AppDatabase } from '../store/database-schema.js';
import { ConfigError } from '../errors/config-error.js';
import type { Clock } from '../runtime/clock.js';
import { OutboxTelephony } from './outbox-telephony.js';
import type { TelephonyPort } from './telephony-port.js';
import { TwilioTelephony } from './twilio-telephony.js';
import { VonageTelephony } from './vonage-telephony.js';

export interface TelephonyPortDeps {
  /** The embedded CRM database, migrated: the outbox records its calls there. */
  db: Kysely<AppDatabase>;
  /** Stamps outbox rows; the system clock by default. */
  clock?: Clock;
  /** Origin replacing https://api.twilio.com: TWILIO_API_URL (a regional edge), or a local fake. */
  twilioApiBaseUrl?: string;
  /** Tests only: origin of a local fake replacing https://api.nexmo.com. */
  vonageApiHost?: string;
}

/**
 * The TelephonyPort that TELEPHONY_PROVIDER names: the outbox (default), Twilio or Vonage.
 * The caller id (CALLBACK_FROM) travels with each request, not here. parseConfig already
 * refuses a provider without its credentials; the checks here only narrow the types, and
 * name the variables should a Config be built another way.
 */
export function createTelephonyPort(config: Config, deps: TelephonyPortDeps): TelephonyPort {
  switch (config.telephonyProvider) {
    case 'outbox':
      return new OutboxTelephony(deps.db, { clock: deps.clock });
    case 'twilio':
      return new TwilioTelephony({
        accountSid: required(config.twilioAccountSid, 'TWILIO_ACCOUNT_SID', 'twilio'),
        authToken: required(config.twilioAuthToken, 'TWILIO_AUTH_TOKEN', 'twilio'),
        publicUrl: config.publicUrl,
        apiBaseUrl: deps.twilioApiBaseUrl,
      });
    case 'vonage':
      return new VonageTelephony({
        applicationId: required(config.vonageApplicationId, 'VONAGE_APPLICATION_ID', 'vonage'),
        privateKey: required(config.vonagePrivateKey, 'VONAGE_PRIVATE_KEY_PATH', 'vonage'),
        publicUrl: config.publicUrl,
        apiHost: deps.vonageApiHost,
      });
  }
}

function required(value: string | null, variable: string, provider: string): string {
  if (value) return value;
  throw new ConfigError(
    `Invalid configuration:\n  ${variable}: required when TELEPHONY_PROVIDER=${provider}`,
    { hint: 'Set it in .env (see .env.example and docs/tasks.md).' },
  );
}
