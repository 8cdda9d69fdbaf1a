import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';

/**
 * Webhook requests as the providers send them, signed, built synchronously so the load
 * generator spends as little as possible on each: Twilio form posts with X-Twilio-Signature,
 * Vonage JSON posts with an HS256 JWT (own jti, payload_hash of the body).
 */

// Not an example.com name: a production server refuses .env.example's placeholders.
export const BENCH_PUBLIC_URL = 'https://ivr-bench.callcentre.test';
export const BENCH_TWILIO_TOKEN = 'bench-twilio-auth-token-0123456789';
export const BENCH_VONAGE_SECRET = 'bench-vonage-signature-secret-0123456789';
/** Our number (DID) as each provider writes it. */
export const BENCH_DID = { twilio: '+77172123456', vonage: '77172123456' };

export interface BenchRequest {
  method: 'POST';
  /** Path and query below PUBLIC_URL. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const JWT_HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** A Vonage signed-webhook JWT (as src/simulator/sign-vonage.ts makes it), synchronously. */
export function vonageJwt(secret: string, body: string): string {
  const claims = {
    iss: 'Vonage',
    api_key: 'a1b2c3d4',
    application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
    payload_hash: createHash('sha256').update(body).digest('hex'),
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
  };
  const unsigned = `${JWT_HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export function twilioPost(path: string, params: Record<string, string>): BenchRequest {
  return {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(
        BENCH_TWILIO_TOKEN,
        BENCH_PUBLIC_URL + path,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  };
}

export function vonagePost(path: string, payload: unknown): BenchRequest {
  const body = JSON.stringify(payload);
  return {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${vonageJwt(BENCH_VONAGE_SECRET, body)}`,
    },
    body,
  };
}

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;
export const newVonageUuid = () => randomUUID().replace(/-/g, '');

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

/** The parameters Twilio sends with every voice request of call `callSid` from `from`. */
function twilioBase(callSid: string, from: string, status: string): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: status,
    Direction: 'inbound',
    From: from,
    Caller: from,
    To: BENCH_DID.twilio,
    Called: BENCH_DID.twilio,
  };
}

/** Twilio requests the number's Voice URL: a call from `e164` arrives. */
export function twilioIncoming(callSid: string, e164: string): BenchRequest {
  return twilioPost('/twilio/voice', twilioBase(callSid, e164, 'ringing'));
}

/** Vonage requests the answer URL (POST, so the body is signed too). */
export function vonageAnswer(uuid: string, e164: string): BenchRequest {
  return vonagePost('/vonage/answer', {
    from: e164.replace(/^\+/, ''),
    to: BENCH_DID.vonage,
    uuid,
    conversation_uuid: `CON-${uuid}`,
    endpoint_type: 'phone',
    region_url: 'https://api-eu-1.vonage.com',
  });
}

/**
 * A whole call's webhooks after the first, in order: the menu answered with key 2, the
 * transfer answered and over after 42 s, the call completed. `gatherPath` and `dialPath`
 * are the action URLs the IVR's own TwiML/NCCO named (read from a smoke call), with the
 * call id written as `{call}`.
 */
export interface WholeCallPaths {
  gather: string;
  dial: string;
}

export function twilioWholeCall(
  callSid: string,
  e164: string,
  paths: WholeCallPaths,
): Array<() => BenchRequest> {
  const at = (p: string) => p.replaceAll('{call}', callSid);
  return [
    () => twilioIncoming(callSid, e164),
    () =>
      twilioPost(at(paths.gather), { ...twilioBase(callSid, e164, 'in-progress'), Digits: '2' }),
    () =>
      twilioPost(at(paths.dial), {
        ...twilioBase(callSid, e164, 'in-progress'),
        DialCallStatus: 'completed',
        DialCallSid: newCallSid(),
        DialCallDuration: '42',
      }),
    () =>
      twilioPost('/twilio/status', {
        ...twilioBase(callSid, e164, 'completed'),
        CallDuration: '60',
        Duration: '1',
        Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
      }),
  ];
}

export function vonageWholeCall(
  uuid: string,
  e164: string,
  paths: WholeCallPaths,
): Array<() => BenchRequest> {
  const at = (p: string) => p.replaceAll('{call}', uuid);
  const common = () => ({
    from: e164.replace(/^\+/, ''),
    to: BENCH_DID.vonage,
    uuid,
    conversation_uuid: `CON-${uuid}`,
    timestamp: new Date().toISOString(),
  });
  return [
    () => vonageAnswer(uuid, e164),
    () =>
      vonagePost(at(paths.gather), {
        dtmf: { digits: '2', timed_out: false },
        speech: {},
        ...common(),
      }),
    () => {
      const leg = { ...common(), uuid: newVonageUuid(), direction: 'outbound' };
      return vonagePost(at(paths.dial), {
        ...leg,
        status: 'completed',
        duration: '42',
        start_time: leg.timestamp,
        end_time: leg.timestamp,
      });
    },
    () =>
      vonagePost('/vonage/event', {
        headers: {},
        ...common(),
        status: 'completed',
        direction: 'inbound',
        duration: '60',
        rate: '0.00720000',
        price: '0.00144000',
        network: 'GB-FIXED',
      }),
  ];
}
