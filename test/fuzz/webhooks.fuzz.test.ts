import twilio from 'twilio';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import type { SimResponse, Transport } from '../../src/simulator/transport.js';
import { PUBLIC_URL, TWILIO_TOKEN, VONAGE_SECRET } from '../support/test-app.js';
import {
  expectSafeAnswer,
  expectValidNcco,
  expectValidTwiml,
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzApp,
  hex,
  hostileText,
  mostly,
} from './fuzz-support.js';

/**
 * Signed requests with hostile content, through the real app on a real socket: whatever the
 * payload, no 500, no page, every 200 valid TwiML/NCCO, and no markup from input spoken.
 * Each case is a short call: its first webhook, then what the provider would post next.
 */
let app: Awaited<ReturnType<typeof fuzzApp>>;
beforeAll(async () => {
  app = await fuzzApp();
  for (const CallSid of twilioPool) {
    await postTwilio(app.transport, '/twilio/voice', {
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid,
      From: '+77071234567',
      To: '+77172123456',
    });
  }
  for (const uuid of vonagePool) {
    await postVonage(app.transport, '/vonage/answer', {
      uuid,
      conversation_uuid: `CON-${uuid}`,
      from: '77071234567',
      to: '77172123456',
    });
  }
}, 120_000);

/** Percent-encodes the UTF-8 bytes, as a client must: a lone surrogate becomes U+FFFD. */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
afterAll(() => app.close());

// Generous: a loaded machine is slow, and a timeout says nothing about the app.
const fuzzTimeout = Math.max(120_000, FUZZ_RUNS * 300);
const phone = mostly(
  fc.constantFrom('+77071234567', '+79165551234', '+15306666666', 'anonymous', 'client:alice'),
  hostileText,
);

// --- Twilio -----------------------------------------------------------------------------

function postTwilio(transport: Transport, path: string, params: Record<string, string>) {
  const url = PUBLIC_URL + path;
  return transport({
    method: 'POST',
    url,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** Calls started before the run: most cases post the next webhook of one of them. */
const POOL = 16;
const twilioPool = Array.from({ length: POOL }, (_, i) => `CA${i.toString(16).padStart(32, 'f')}`);
const vonagePool = Array.from({ length: POOL }, (_, i) => i.toString(16).padStart(32, 'e'));

const twilioCase = fc.record({
  callSid: mostly(
    fc.oneof(
      hex(32).map((h) => `CA${h}`),
      fc.constantFrom(...twilioPool),
    ),
    hostileText,
  ),
  first: fc.boolean(),
  from: phone,
  to: mostly(fc.constant('+77172123456'), hostileText),
  name: hostileText,
  next: fc.oneof(
    fc.record({
      path: fc.constant('/twilio/gather'),
      params: fc.record(
        {
          Digits: mostly(fc.stringMatching(/^[0-9*#]{0,6}$/), hostileText),
          SpeechResult: hostileText,
          Confidence: hostileText,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      path: fc.constant('/twilio/status'),
      params: fc.record(
        {
          CallStatus: mostly(
            fc.constantFrom(
              'ringing',
              'in-progress',
              'completed',
              'busy',
              'no-answer',
              'failed',
              'canceled',
            ),
            hostileText,
          ),
          CallDuration: mostly(fc.nat(9999).map(String), hostileText),
          SequenceNumber: mostly(fc.nat(9).map(String), hostileText),
          Timestamp: mostly(fc.constant('Sat, 21 Nov 2026 07:00:05 +0000'), hostileText),
          AnsweredBy: hostileText,
        },
        { requiredKeys: ['CallStatus'] },
      ),
    }),
    fc.record({
      path: fc.constantFrom(
        '/twilio/dial',
        '/twilio/continue',
        '/twilio/fallback',
        '/twilio/callback/dial',
        '/twilio/whisper?call=CA0123456789abcdef0123456789abcdef&target=sales',
      ),
      params: fc.dictionary(
        fc.constantFrom('DialCallStatus', 'DialCallDuration', 'CallStatus', 'ErrorCode', 'To', 'x'),
        hostileText,
      ),
    }),
  ),
});

describe('fuzz: signed Twilio webhooks', () => {
  it(
    `${FUZZ_RUNS} hostile calls: no 500, valid TwiML, no markup spoken`,
    async () => {
      await fc.assert(
        fc.asyncProperty(twilioCase, async (c) => {
          app.crm.name = c.name;
          const base = {
            AccountSid: `AC${'0'.repeat(32)}`,
            CallSid: c.callSid,
            From: c.from,
            To: c.to,
          };
          const check = (res: SimResponse, what: string) => {
            expectSafeAnswer(res, what);
            if (res.status === 200) expectValidTwiml(res, what);
          };
          check(await postTwilio(app.transport, '/twilio/voice', base), 'voice');
          check(
            await postTwilio(app.transport, c.next.path, { ...base, ...c.next.params }),
            c.next.path,
          );
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
    },
    fuzzTimeout,
  );
});

// --- Vonage -----------------------------------------------------------------------------

async function postVonage(transport: Transport, path: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return transport({
    method: 'POST',
    url: PUBLIC_URL + path,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await signVonageWebhook(VONAGE_SECRET, body)}`,
    },
    body,
  });
}

const vonageId = mostly(fc.oneof(hex(32), fc.constantFrom(...vonagePool)), hostileText);
const vonageCase = fc.record({
  uuid: vonageId,
  first: fc.boolean(),
  conversation: mostly(
    hex(32).map((h) => `CON-${h}`),
    hostileText,
  ),
  from: mostly(fc.constantFrom('77071234567', '79165551234', '447700900000'), hostileText),
  to: mostly(fc.constant('77172123456'), hostileText),
  name: hostileText,
  next: fc.oneof(
    fc.record({
      path: fc.constant('/vonage/input'),
      extra: fc.record(
        {
          dtmf: fc.record({
            digits: mostly(fc.stringMatching(/^[0-9*#]{0,6}$/), hostileText),
            timed_out: fc.boolean(),
          }),
          speech: fc.record({
            results: fc.array(
              fc.record({ text: hostileText, confidence: fc.oneof(fc.double(), hostileText) }),
              { maxLength: 2 },
            ),
          }),
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      path: fc.constant('/vonage/event'),
      extra: fc.record(
        {
          status: mostly(
            fc.constantFrom(
              'started',
              'ringing',
              'answered',
              'completed',
              'busy',
              'unanswered',
              'failed',
              'rejected',
              'human',
              'machine',
            ),
            hostileText,
          ),
          duration: mostly(fc.nat(9999).map(String), hostileText),
          timestamp: mostly(fc.constant('2026-11-21T07:00:05.000Z'), hostileText),
          reason: hostileText,
          type: hostileText,
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record({
      path: fc.oneof(
        fc.constantFrom(
          '/vonage/fallback',
          '/vonage/continue',
          '/vonage/connect',
          '/vonage/whisper',
        ),
        fc
          .tuple(
            fc.constantFrom(
              '/vonage/connect',
              '/vonage/continue',
              '/vonage/callback/event',
              '/vonage/whisper',
              '/vonage/callback',
            ),
            vonageId,
            hostileText,
          )
          .map(
            ([p, call, extra]) => `${p}?call=${pct(call)}&target=${pct(extra)}&task=${pct(extra)}`,
          ),
      ),
      extra: fc.dictionary(fc.constantFrom('status', 'reason', 'duration', 'to', 'x'), hostileText),
    }),
  ),
});

describe('fuzz: signed Vonage webhooks', () => {
  it(
    `${FUZZ_RUNS} hostile calls: no 500, valid NCCO, no markup spoken`,
    async () => {
      await fc.assert(
        fc.asyncProperty(vonageCase, async (c) => {
          app.crm.name = c.name;
          const base = { uuid: c.uuid, conversation_uuid: c.conversation, from: c.from, to: c.to };
          const check = (res: SimResponse, what: string) => {
            expectSafeAnswer(res, what);
            if (res.status === 200) expectValidNcco(res, what);
          };
          check(await postVonage(app.transport, '/vonage/answer', base), 'answer');
          check(
            await postVonage(app.transport, c.next.path, { ...base, ...c.next.extra }),
            c.next.path,
          );
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
      );
    },
    fuzzTimeout,
  );
});
