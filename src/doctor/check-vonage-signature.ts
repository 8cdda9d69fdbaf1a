import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { VONAGE_PATHS } from '../providers/vonage/constants.js';
import { signVonageWebhook } from '../simulator/sign-vonage.js';
import { fail, notChecked, ok, type CheckResult } from './check-result.js';
import { describeFetchError, excerpt } from './describe-fetch-error.js';
import type { DoctorDeps } from './doctor-deps.js';
import { rejectedSignatureFix } from './rejected-signature-fix.js';

const LABEL = 'Vonage signature round-trip';

/**
 * Posts a Vonage call event with a signed-webhook JWT made with VONAGE_SIGNATURE_SECRET (as
 * Vonage signs it, payload_hash included) through PUBLIC_URL, and expects 204. The status is
 * `ringing`, which the server ignores, so the check leaves no trace.
 */
export async function checkVonageSignature(
  config: Config,
  deps: Pick<DoctorDeps, 'fetch' | 'httpTimeoutMs'>,
): Promise<CheckResult> {
  const secret = config.vonageSignatureSecret;
  if (!secret) return notChecked(LABEL, 'VONAGE_SIGNATURE_SECRET is not set');
  const url = config.publicUrl + VONAGE_PATHS.event;
  const body = JSON.stringify({
    uuid: randomUUID().replace(/-/g, ''),
    conversation_uuid: `CON-${randomUUID()}`,
    from: '77071234567',
    to: '77172123456',
    status: 'ringing',
    direction: 'inbound',
    timestamp: new Date().toISOString(),
  });
  let status: number;
  let text: string;
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await signVonageWebhook(secret, body)}`,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.httpTimeoutMs),
    });
    status = res.status;
    text = await res.text();
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
    return ok(LABEL, `POST ${VONAGE_PATHS.event} signed with VONAGE_SIGNATURE_SECRET → 204${note}`);
  }
  if (status === 403) {
    return fail(
      LABEL,
      `POST ${url} → 403: ${excerpt(text)}`,
      rejectedSignatureFix({
        secretName: 'VONAGE_SIGNATURE_SECRET',
        serverReason: text,
        urlIsSigned: false,
      }),
    );
  }
  return fail(
    LABEL,
    `POST ${url} → HTTP ${status}: ${excerpt(text)}`,
    'Expected 204: is PUBLIC_URL this IVR server, and is it the same version as this checkout?',
  );
}
