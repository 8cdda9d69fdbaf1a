import { DateTime } from 'luxon';
import type { TransferResult } from './derive-outcome.js';
import type { AmdResult, CallStatusName } from './status-report.js';

/**
 * Twilio status callback `CallStatus` → normalised status. `queued` is a call Twilio has not
 * dialled yet, which for us is the same as `initiated`; `in-progress` is the `answered` event
 * (Twilio reports the answered event with CallStatus in-progress). Null for a value Twilio
 * does not document, so a new value is dropped rather than mistaken for another status.
 */
export function twilioCallStatus(callStatus: string): CallStatusName | null {
  switch (callStatus) {
    case 'queued':
    case 'initiated':
      return 'initiated';
    case 'ringing':
      return 'ringing';
    case 'in-progress':
      return 'answered';
    case 'completed':
    case 'busy':
    case 'no-answer':
    case 'failed':
    case 'canceled':
      return callStatus;
    default:
      return null;
  }
}

/**
 * Twilio `AnsweredBy` → AMD result. Every `machine_*` value is a machine, and so is `fax`:
 * either way no person heard the call. Null when AMD did not run (no AnsweredBy); an
 * undocumented value is `unknown`, because detection did run but we cannot read its verdict.
 */
export function twilioAmd(answeredBy: string | null | undefined): AmdResult | null {
  if (answeredBy === undefined || answeredBy === null || answeredBy === '') return null;
  if (answeredBy === 'human') return 'human';
  if (answeredBy === 'fax' || answeredBy.startsWith('machine')) return 'machine';
  return 'unknown';
}

/** Twilio `Direction` → direction. `outbound-api` and `outbound-dial` are both calls we placed. */
export function twilioDirection(
  direction: string | null | undefined,
): 'inbound' | 'outbound' | null {
  if (direction === 'inbound') return 'inbound';
  if (direction?.startsWith('outbound')) return 'outbound';
  return null;
}

/**
 * Twilio status callback `Timestamp` (RFC 2822, e.g. `Wed, 08 Oct 2025 13:54:12 +0000`) →
 * ISO-8601 UTC, or null when it does not parse.
 */
export function twilioTimestamp(rfc2822: string): string | null {
  const parsed = DateTime.fromRFC2822(rfc2822.trim(), { zone: 'utc' });
  return parsed.isValid ? parsed.toUTC().toISO() : null;
}

/**
 * `<Dial>` action `DialCallStatus` → how the transfer attempt ended. `completed` is an
 * answered and finished leg; `answered` only comes from conferences and means the same.
 */
export function twilioDialResult(dialCallStatus: string): TransferResult | null {
  switch (dialCallStatus) {
    case 'completed':
    case 'answered':
      return 'answered';
    case 'busy':
    case 'no-answer':
    case 'failed':
    case 'canceled':
      return dialCallStatus;
    default:
      return null;
  }
}

/**
 * Vonage event `status` → normalised status, or null for events that are not call statuses
 * (`human`/`machine` are AMD verdicts, see `vonageAmd`; `disconnected`, `transfer`, `input`,
 * `record`, … say nothing about how the call ends).
 *
 * - `started` is the call created on the platform: `initiated`.
 * - `cancelled` (the caller gave up before an answer) is spelled `canceled` like Twilio.
 * - `unanswered` and `timeout` (ringing_timeout exceeded) both mean nobody picked up.
 * - `rejected` is the callee declining the call (or the carrier relaying a busy line as a
 *   rejection, which Vonage warns about): for the customer that is "busy", not a fault of
 *   ours to retry differently, so it is `busy`, not `failed`.
 */
export function vonageCallStatus(status: string): CallStatusName | null {
  switch (status) {
    case 'started':
      return 'initiated';
    case 'ringing':
    case 'answered':
    case 'completed':
    case 'busy':
    case 'failed':
      return status;
    case 'cancelled':
      return 'canceled';
    case 'unanswered':
    case 'timeout':
      return 'no-answer';
    case 'rejected':
      return 'busy';
    default:
      return null;
  }
}

/**
 * Vonage `human` / `machine` events → AMD result; null for any other event. These events
 * carry `call_uuid` instead of `uuid`. AMD only runs on an answered call, so the adapter
 * records them as an `answered` report carrying `amd`: the merge then keeps the verdict
 * without ever letting it move the call's status.
 */
export function vonageAmd(status: string): AmdResult | null {
  if (status === 'human') return 'human';
  if (status === 'machine') return 'machine';
  return null;
}

/**
 * Event of a leg we connected (Vonage `connect` eventUrl) → how the transfer attempt ended,
 * or null while it is still starting or ringing. Same reading as `vonageCallStatus`:
 * `answered` and `completed` are a person on the line, `rejected` is busy.
 */
export function vonageLegResult(status: string): TransferResult | null {
  const normalised = vonageCallStatus(status);
  switch (normalised) {
    case 'answered':
    case 'completed':
      return 'answered';
    case 'busy':
    case 'no-answer':
    case 'failed':
    case 'canceled':
      return normalised;
    default:
      return null;
  }
}
