import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber.js';
import type { Config } from '../config/config.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import { formatChanges, type FieldChange } from './format-changes.js';
import type { Output } from './output.js';
import { ProvisionError } from './provision-error.js';
import { createTwilioClient } from './twilio-client.js';
import { webhookTargets } from './webhook-targets.js';

/** What to provision: one number of the account. */
export interface TwilioProvisionRequest {
  /** The number as typed; normalised to E.164 (DEFAULT_REGION for national formats). */
  number: string;
  /** Read and report only: no write request is made. */
  dryRun: boolean;
}

export interface TwilioProvisionOptions {
  out: Output;
  /** Tests only: a local fake instead of https://api.twilio.com (see createTwilioClient). */
  apiBaseUrl?: string;
}

/**
 * The number's settings we manage, by their REST API names (also the names in Twilio's
 * docs), paired with the SDK's property names. VoiceApplicationSid is among them because
 * Twilio ignores a number's voice URLs while a TwiML App is attached: it is cleared only when
 * set, so the common case sends exactly the six webhook fields.
 */
const SETTINGS = [
  ['VoiceUrl', 'voiceUrl'],
  ['VoiceMethod', 'voiceMethod'],
  ['VoiceFallbackUrl', 'voiceFallbackUrl'],
  ['VoiceFallbackMethod', 'voiceFallbackMethod'],
  ['StatusCallback', 'statusCallback'],
  ['StatusCallbackMethod', 'statusCallbackMethod'],
  ['VoiceApplicationSid', 'voiceApplicationSid'],
] as const;

type SettingKey = (typeof SETTINGS)[number][1];
type Settings = Partial<Record<SettingKey, string>>;

/** Our routes read form-encoded POST bodies and the signature covers them: always POST. */
const METHOD = 'POST';

/**
 * Points one Twilio number at this server: VoiceUrl, VoiceFallbackUrl and StatusCallback
 * become PUBLIC_URL + TWILIO_PATHS (voice, fallback, status), each with method POST. Finds
 * the IncomingPhoneNumber by its E.164 number in the account of TWILIO_ACCOUNT_SID, prints a
 * before → after table, and (unless `dryRun`, or nothing differs) updates it with one request.
 *
 * @throws ProvisionError for a localhost PUBLIC_URL, missing or rejected credentials, a
 *   number that is not in the account or is routed to a SIP trunk, and API failures.
 * @returns the managed settings before and after (planned, for a dry run) and whether the
 *   number was written.
 */
export async function provisionTwilio(
  config: Config,
  request: TwilioProvisionRequest,
  options: TwilioProvisionOptions,
): Promise<{ changes: FieldChange[]; written: boolean }> {
  const targets = webhookTargets(config.publicUrl, 'Twilio').twilio;
  const { accountSid, authToken } = twilioCredentials(config);
  const phoneNumber = normalizePhone(request.number, config.defaultRegion);
  if (!phoneNumber) {
    throw new ProvisionError(`--number ${request.number} is not a phone number.`, {
      hint: 'Give it in international format, e.g. --number "+1 415 555 0100".',
    });
  }
  const client = createTwilioClient({ accountSid, authToken, apiBaseUrl: options.apiBaseUrl });

  // The PhoneNumber filter also matches partial numbers, so the exact one is picked here.
  const candidates = await callTwilio(() =>
    client.incomingPhoneNumbers.list({ phoneNumber, limit: 20 }),
  );
  const number = candidates.find((n) => n.phoneNumber === phoneNumber);
  if (!number) {
    throw new ProvisionError(
      `${phoneNumber} is not a phone number of the Twilio account ${maskSid(accountSid)}.`,
      {
        hint:
          'Check the number (Console → Phone Numbers → Manage → Active numbers) and that ' +
          'TWILIO_ACCOUNT_SID is the account that owns it.',
      },
    );
  }
  if (number.trunkSid) {
    // Not cleared automatically: detaching a trunk changes how the number works elsewhere.
    throw new ProvisionError(
      `${phoneNumber} belongs to SIP trunk ${number.trunkSid}: Twilio ignores its voice URLs while it does.`,
      {
        hint: 'Remove the number from the trunk (Console → Elastic SIP Trunking), then run this again.',
      },
    );
  }

  const desired: Settings = {
    voiceUrl: targets.voiceUrl,
    voiceMethod: METHOD,
    voiceFallbackUrl: targets.fallbackUrl,
    voiceFallbackMethod: METHOD,
    statusCallback: targets.statusCallback,
    statusCallbackMethod: METHOD,
    ...(number.voiceApplicationSid ? { voiceApplicationSid: '' } : {}),
  };
  const before = settingsOf(number);
  const planned = compare(before, desired, desired);
  const subject = `Twilio number ${phoneNumber} (${number.sid}):`;
  const differs = planned.some((c) => (c.before ?? '') !== (c.after ?? ''));

  if (request.dryRun || !differs) {
    options.out(formatChanges(subject, planned, request.dryRun ? 'dry-run' : 'unchanged'));
    return { changes: planned, written: false };
  }
  const updated = await callTwilio(() => client.incomingPhoneNumbers(number.sid).update(desired));
  // Report what Twilio now holds, not what we asked for.
  const applied = compare(before, settingsOf(updated), desired);
  options.out(formatChanges(subject, applied, 'applied'));
  return { changes: applied, written: true };
}

function twilioCredentials(config: Config): { accountSid: string; authToken: string } {
  const { twilioAccountSid: accountSid, twilioAuthToken: authToken } = config;
  if (accountSid && authToken) return { accountSid, authToken };
  const missing = [!accountSid && 'TWILIO_ACCOUNT_SID', !authToken && 'TWILIO_AUTH_TOKEN'];
  throw new ProvisionError(
    `Twilio credentials missing: set ${missing.filter(Boolean).join(' and ')} in .env.`,
    {
      hint:
        'Both are on the Twilio Console home page (Account Info). Use the primary Auth Token: ' +
        'the server checks webhook signatures with it too.',
    },
  );
}

function settingsOf(n: IncomingPhoneNumberInstance): Settings {
  const settings: Settings = {};
  for (const [, key] of SETTINGS) settings[key] = n[key] ?? '';
  return settings;
}

/** Rows for the settings listed in `managed`, in SETTINGS order. */
function compare(before: Settings, after: Settings, managed: Settings): FieldChange[] {
  return SETTINGS.filter(([, key]) => key in managed).map(([field, key]) => ({
    field,
    before: before[key] || null,
    after: after[key] || null,
  }));
}

/** `AC12ab…9f3e`: enough to tell accounts apart in a message. */
function maskSid(sid: string): string {
  return `${sid.slice(0, 6)}…${sid.slice(-4)}`;
}

/**
 * Runs one SDK call and turns its failures into ProvisionErrors. twilio-node throws
 * RestException (legacy JSON errors) or TwilioServiceException (RFC 9457); both carry the
 * HTTP `status` and Twilio's `code`, which is all that is needed here.
 */
async function callTwilio<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const status = numberProp(err, 'status');
    const code = numberProp(err, 'code');
    const detail = err instanceof Error ? err.message : String(err);
    const twilioCode = code === undefined ? '' : `, Twilio error ${code}`;
    if (status === 401) {
      throw new ProvisionError(
        `Twilio rejected TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN (HTTP 401${twilioCode}: ${detail}).`,
        {
          hint: 'Copy both again from the Twilio Console (Account Info); the Auth Token may have been rotated.',
        },
      );
    }
    if (status !== undefined) {
      throw new ProvisionError(
        `The Twilio API refused the request (HTTP ${status}${twilioCode}: ${detail}).`,
      );
    }
    throw new ProvisionError(`Could not reach the Twilio API: ${detail}`, {
      hint: 'Check the network connection (and HTTP_PROXY, if one is needed).',
    });
  }
}

function numberProp(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : undefined;
}
