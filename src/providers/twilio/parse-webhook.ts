import {
  twilioAmd,
  twilioCallStatus,
  twilioDirection,
  twilioTimestamp,
} from '../../calls/provider-statuses.js';
import type { StatusReport } from '../../calls/status-report.js';
import type { DialOutcome } from '../../flow/events.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import type { IncomingEvent } from '../../runtime/call-runtime.js';
import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import type { TwilioSchemas } from './schemas.js';

type Payload<K extends keyof TwilioSchemas> = z.infer<TwilioSchemas[K]>;

/** Voice URL request → `call.started`. */
export function parseIncomingCall(p: Payload<'incomingCall'>, region: CountryCode): IncomingEvent {
  return {
    type: 'call.started',
    provider: 'twilio',
    callId: p.CallSid,
    from: p.From,
    to: normalizePhone(p.To, region) ?? p.To,
  };
}

/**
 * Gather action → input. We set actionOnEmptyResult, so silence also arrives here,
 * with neither Digits nor SpeechResult.
 */
export function parseGatherResult(p: Payload<'gatherResult'>): IncomingEvent {
  const digits = p.Digits?.trim() || null;
  const speech = p.SpeechResult?.trim() || null;
  if (!digits && !speech) return { type: 'input.empty' };
  return {
    type: 'input.received',
    digits,
    // Twilio says Confidence may be missing or inaccurate: null means "not given".
    speech: speech ? { text: speech, confidence: p.Confidence } : null,
  };
}

const DIAL_OUTCOME: Record<Payload<'dialResult'>['DialCallStatus'], DialOutcome> = {
  completed: 'answered',
  answered: 'answered',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

/** Dial action → `dial.ended`. */
export function parseDialResult(p: Payload<'dialResult'>): IncomingEvent {
  const outcome = DIAL_OUTCOME[p.DialCallStatus];
  return {
    type: 'dial.ended',
    // The caller's leg already completed while nobody had answered: the caller hung up
    // waiting (abandoned), which is not the far end's no-answer.
    outcome: p.CallStatus === 'completed' && outcome !== 'answered' ? 'canceled' : outcome,
    durationSec: p.DialCallDuration,
  };
}

/** Status callback → `call.ended` for a final status, null for progress events. */
export function parseStatusCallback(p: Payload<'statusCallback'>): IncomingEvent | null {
  switch (p.CallStatus) {
    case 'completed':
    case 'busy':
    case 'no-answer':
    case 'failed':
    case 'canceled':
      return { type: 'call.ended', status: p.CallStatus, durationSec: p.CallDuration };
    default:
      return null;
  }
}

/**
 * Status callback → a status report for the call log (every status, not just the last).
 * Null for a CallStatus Twilio does not document. `receivedAt` stands in for a missing
 * Timestamp.
 */
export function parseStatusReport(
  p: Payload<'statusCallback'>,
  receivedAt: string,
): StatusReport | null {
  const status = twilioCallStatus(p.CallStatus);
  if (!status) return null;
  return {
    provider: 'twilio',
    callId: p.CallSid,
    status,
    sequence: p.SequenceNumber,
    timestamp: (p.Timestamp && twilioTimestamp(p.Timestamp)) || receivedAt,
    durationSec: p.CallDuration,
    direction: twilioDirection(p.Direction),
    amd: twilioAmd(p.AnsweredBy),
    recordingUrl: p.RecordingUrl || null,
  };
}
