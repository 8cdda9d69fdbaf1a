import { z } from 'zod';

/**
 * The providers' id formats. An id goes into URLs we write (`?call=…`), log lines and keys,
 * so anything else is refused at the schema (400 naming the field) rather than discovered
 * later by `encodeURIComponent` throwing on a lone surrogate.
 */

/** Twilio Call SID: `CA` and 32 hexadecimal digits (twilio.com/docs/glossary/what-is-a-sid). */
export const TWILIO_CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/**
 * Vonage call leg `uuid` (and `call_uuid`): a UUID, written with dashes in the API's answers
 * and without them in webhooks (`0779a56d002f1c7f47f82ef5fe84ab79`).
 */
export const VONAGE_UUID = /^[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}$/;

/** Vonage `conversation_uuid`: `CON-` and a UUID (a bare UUID in older payloads). */
export const VONAGE_CONVERSATION_UUID =
  /^(CON-)?[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}$/;

export const twilioCallSid = () => z.string().regex(TWILIO_CALL_SID, 'a Twilio Call SID (CA…)');
export const vonageUuid = () => z.string().regex(VONAGE_UUID, 'a Vonage call uuid');
export const vonageConversationUuid = () =>
  z.string().regex(VONAGE_CONVERSATION_UUID, 'a Vonage conversation uuid (CON-…)');

/**
 * A value we wrote into a URL ourselves (a task id, a transfer target) and get back in the
 * query: short, with no control characters and no lone surrogates.
 */
export const queryToken = () =>
  z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !/[\p{Cc}\p{Cs}]/u.test(s), 'no control characters or lone surrogates');
