import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizePhone } from '../../lib/normalize-phone.js';
import { TWILIO_FINAL_STATUSES } from './constants.js';

/**
 * Twilio posts application/x-www-form-urlencoded fields (twilio.com/docs/voice/twiml#request-parameters).
 * Only the fields we use are declared; the rest pass through untouched (they are signed too).
 */
export function twilioSchemas(region: CountryCode) {
  // `From` may be `anonymous`, `client:alice` or a SIP URI: those are callers without a number.
  const phone = z.string().transform((s) => normalizePhone(s, region));
  const base = z.looseObject({
    CallSid: z.string().regex(/^CA[0-9a-zA-Z]{2,64}$/, 'a Twilio Call SID (CA…)'),
  });
  const decimal = z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === '' || Number.isNaN(Number(s)) ? null : Number(s)));

  return {
    incomingCall: base.extend({
      AccountSid: z.string().min(1),
      From: phone,
      To: z.string().min(1),
    }),
    gatherResult: base.extend({
      Digits: z.string().optional(),
      SpeechResult: z.string().optional(),
      Confidence: decimal,
    }),
    dialResult: base.extend({
      DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
      DialCallDuration: decimal,
    }),
    statusCallback: base.extend({
      CallStatus: z.enum([
        'queued',
        'initiated',
        'ringing',
        'in-progress',
        ...TWILIO_FINAL_STATUSES,
      ]),
      CallDuration: decimal,
    }),
    fallback: z.looseObject({
      CallSid: z.string().optional(),
      To: z.string().optional(),
      ErrorCode: z.string().optional(),
      ErrorUrl: z.string().optional(),
    }),
  };
}
export type TwilioSchemas = ReturnType<typeof twilioSchemas>;
