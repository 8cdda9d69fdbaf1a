import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizePhone } from '../../lib/normalize-phone.js';
import { queryToken, vonageConversationUuid, vonageUuid } from '../call-ids.js';

/**
 * Vonage sends numbers in international format without `+` (`447700900000`), sometimes with
 * stray spaces; SIP and app callers send other strings, which become "no number".
 */
function vonagePhone(region: CountryCode) {
  return z
    .string()
    .transform((s) => s.trim())
    .transform((s) => normalizePhone(/^\d{8,15}$/.test(s) ? `+${s}` : s, region));
}

/** `confidence` is a string in the NCCO reference and a number in the ASR guide: accept both. */
const confidence = z
  .union([z.number(), z.string()])
  .optional()
  .transform((c) => {
    const n = typeof c === 'string' ? Number(c) : c;
    return n === undefined || Number.isNaN(n) ? null : n;
  });

/** Vonage webhook payloads (developer.vonage.com/voice/voice-api/webhook-reference). */
export function vonageSchemas(region: CountryCode) {
  const phone = vonagePhone(region);
  const uuid = vonageUuid();
  return {
    answer: z.looseObject({
      uuid,
      conversation_uuid: vonageConversationUuid(),
      to: z.string().min(1),
      // Absent when a Client SDK user calls (`from_user` instead).
      from: phone.optional(),
    }),
    input: z.looseObject({
      uuid,
      // The parties: a call whose stored state is lost goes on with them (its caller's SMS).
      from: phone.optional(),
      to: z.string().optional(),
      dtmf: z
        .looseObject({
          digits: z.string().nullable().optional(),
          timed_out: z.boolean().optional(),
        })
        .optional(),
      speech: z
        .looseObject({
          results: z.array(z.looseObject({ text: z.string(), confidence })).optional(),
          timeout_reason: z.string().optional(),
          error: z.string().optional(),
        })
        .optional(),
    }),
    /**
     * The `record` action's event (NCCO reference, record): the file's URL (downloaded
     * with the application's JWT), its uuid, when it started and ended, its size in bytes.
     */
    recording: z.looseObject({
      recording_url: z.url({ protocol: /^https?$/ }),
      recording_uuid: uuid,
      start_time: z.iso.datetime({ offset: true }),
      end_time: z.iso.datetime({ offset: true }),
      size: z.number().int().min(0).optional(),
      conversation_uuid: vonageConversationUuid(),
      timestamp: z.string().optional(),
    }),
    /** Call and leg status events. AMD events (`human`/`machine`) name the leg `call_uuid`. */
    status: z
      .looseObject({
        uuid: uuid.optional(),
        call_uuid: uuid.optional(),
        status: z.string().min(1),
        duration: z
          .union([z.string(), z.number()])
          .nullable()
          .optional()
          .transform((d) => (d === null || d === undefined || d === '' ? null : Number(d))),
        /** ISO 8601, when Vonage saw the status: orders events that arrive out of order. */
        timestamp: z.string().optional(),
        direction: z.string().optional(),
        recording_url: z.string().optional(),
      })
      .refine((e) => e.uuid ?? e.call_uuid, { message: 'Required', path: ['uuid'] }),
    /**
     * The whisper NCCO requested for a transfer's answered leg (phone endpoint `onAnswer`):
     * the caller's uuid and the transfer target are in the query we wrote.
     */
    whisper: z.looseObject({ call: uuid, target: queryToken() }),
    /** Errors arrive at the event URL as `{ reason, conversation_uuid, timestamp }`. */
    error: z.looseObject({ reason: z.string(), conversation_uuid: z.string().optional() }),
    fallback: z.looseObject({
      // The fallback must still reach the operator: an odd uuid is only left out of the URLs.
      uuid: uuid.optional().catch(undefined),
      to: z.string().optional(),
      reason: z.string().optional(),
      original_request: z
        .looseObject({ url: z.string().optional(), type: z.string().optional() })
        .optional(),
    }),
  };
}
export type VonageSchemas = ReturnType<typeof vonageSchemas>;
