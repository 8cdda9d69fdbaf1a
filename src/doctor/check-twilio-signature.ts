import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Config } from '../config/config.js';
import { TWILIO_PATHS } from '../providers/twilio/constants.js';
import { fail, notChecked, ok, type CheckResult } from './check-result.js';
import { describeFetchError, excerpt } from './describe-fetch-error.js';
import type { DoctorDeps } from './doctor-deps.js';
import { rejectedSignatureFix } from './rejected-signature-fix.js';

const LABEL = 'Twilio signature round-trip';

/**
 * Posts a Twilio status callback signed with TWILIO_AUTH_TOKEN exactly as Twilio signs it
 * (over PUBLIC_URL + path and the form fields) through PUBLIC_URL, and expects 204. The
 * status is `ringing`, which the server ignores, so the check leaves no trace.
 */
export async function checkTwilioSignature(
  config: Config,
  deps: Pick<DoctorDeps, 'fetch' | 'httpTimeoutMs'>,
): Promise<CheckResult> {
  const token = config.twilioAuthToken;
  if (!token) return notChecked(LABEL, 'TWILIO_AUTH_TOKEN is not set');
  const url = config.publicUrl + TWILIO_PATHS.status;
  const params: Record<string, string> = {
    AccountSid: config.twilioAccountSid ?? `AC${randomBytes(16).toString('hex')}`,
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    CallStatus: 'ringing',
    From: '+77071234567',
    To: '+77172123456',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  let status: number;
  let body: string;
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(token, url, params),
      },
      body: new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.httpTimeoutMs),
    });
    status = res.status;
    body = await res.text();
  } catch (err) {
    return fail(
      LABEL,
      `POST ${url}: ${describeFetchError(err, deps.httpTimeoutMs)}`,
      'See "PUBLIC_URL reachable" above.',
    );
  }
  if (status === 204) {
    const note = config.verifyWebhooks
      ? ''
      : ' (verification is off: the signature was not needed)';
    return ok(LABEL, `POST ${TWILIO_PATHS.status} signed with TWILIO_AUTH_TOKEN → 204${note}`);
  }
  if (status === 403) {
    return fail(
      LABEL,
      `POST ${url} → 403: ${excerpt(body)}`,
      rejectedSignatureFix({
        secretName: 'TWILIO_AUTH_TOKEN',
        serverReason: body,
        urlIsSigned: true,
      }),
    );
  }
  return fail(
    LABEL,
    `POST ${url} → HTTP ${status}: ${excerpt(body)}`,
    'Expected 204: is PUBLIC_URL this IVR server, and is it the same version as this checkout?',
  );
}
