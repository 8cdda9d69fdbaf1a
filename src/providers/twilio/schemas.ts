import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizePhone } from '../../lib/normalize-phone.js';
import { queryToken, twilioCallSid } from '../call-ids.js';
import { TWILIO_FINAL_STATUSES } from './constants.js';

/**
 * Twilio posts application/x-www-form-urlencoded fields (twilio.com/docs/voice/twiml#request-parameters).
 * Only the fields we use are declared; the rest pass through untouched (they are signed too).
 */
export function twilioSchemas(region: CountryCode) {
  // `From` may be `anonymous`, `client:alice` or a SIP URI: those are callers without a number.
  const phone = z.string().transform((s) => normalizePhone(s, region));
  const base = z.looseObject({ CallSid: twilioCallSid() });
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
      // The parties: a call whose stored state is lost goes on with them (its caller's SMS).
      From: phone.optional(),
      To: z.string().optional(),
      Digits: z.string().optional(),
      SpeechResult: z.string().optional(),
      Confidence: decimal,
    }),
    dialResult: base.extend({
      DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']),
      DialCallDuration: decimal,
      /** The caller's own leg: `completed` when they hung up while the transfer rang. */
      CallStatus: z.string().optional(),
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
      /** Starts at 0; callbacks are separate requests and can arrive out of order. */
      SequenceNumber: decimal,
      /** RFC 2822 UTC, when Twilio saw the status. */
      Timestamp: z.string().optional(),
      Direction: z.string().optional(),
      AnsweredBy: z.string().optional(),
      RecordingUrl: z.string().optional(),
    }),
    /**
     * `<Dial recordingStatusCallback>` (twilio.com/docs/voice/twiml/dial#recordingstatuscallback):
     * the recording of a transfer, posted when it is completed, absent (nothing recorded) or
     * failed. CallSid is the caller's call, the parent of the dialled leg.
     */
    recordingStatus: base.extend({
      AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID (AC…)'),
      RecordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/, 'a Twilio Recording SID (RE…)'),
      RecordingUrl: z.url({ protocol: /^https?$/ }),
      RecordingStatus: z.enum(['in-progress', 'completed', 'absent', 'failed']),
      RecordingDuration: decimal,
      RecordingChannels: decimal,
      RecordingSource: z.string().optional(),
      RecordingStartTime: z.string().optional(),
      ErrorCode: z.string().optional(),
    }),
    /** The agent answered a callback we placed; `task` is in the Url's query. */
    callbackAnswer: base.extend({ task: queryToken() }),
    /**
     * The whisper document requested for a transfer's answering leg (`<Number url>`): the
     * caller's CallSid and the transfer target are in the query we wrote; the form fields
     * describe the answering leg and are only signed, not read.
     */
    whisper: z.looseObject({ call: twilioCallSid(), target: queryToken() }),
    /** amdStatusCallback of the callback's customer leg; `call` (our CallSid) in the query. */
    amdResult: z.looseObject({ call: twilioCallSid(), AnsweredBy: z.string().min(1) }),
    fallback: z.looseObject({
      CallSid: z.string().optional(),
      To: z.string().optional(),
      ErrorCode: z.string().optional(),
      ErrorUrl: z.string().optional(),
    }),
  };
}
export type TwilioSchemas = ReturnType<typeof twilioSchemas>;
