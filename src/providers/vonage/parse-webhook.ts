import { vonageAmd, vonageCallStatus } from '../../calls/provider-statuses.js';
import type { StatusReport } from '../../calls/status-report.js';
import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import type { CallEndStatus, DialOutcome } from '../../flow/events.js';
import { normalizePhone } from '../../lib/normalize-phone.js';
import type { IncomingEvent } from '../../runtime/call-runtime.js';
import type { VonageSchemas } from './schemas.js';

type Payload<K extends keyof VonageSchemas> = z.infer<VonageSchemas[K]>;

/** Answer webhook → `call.started`. */
export function parseAnswer(p: Payload<'answer'>, region: CountryCode): IncomingEvent {
  const to = p.to.trim();
  return {
    type: 'call.started',
    provider: 'vonage',
    callId: p.uuid,
    from: p.from ?? null,
    to: normalizePhone(/^\d{8,15}$/.test(to) ? `+${to}` : to, region) ?? to,
  };
}

/**
 * Input webhook → input. Digits win over speech; the best-ranked speech result is used.
 * Nothing pressed and nothing said (`timed_out`, `start_timeout`) is `input.empty`.
 */
export function parseInput(p: Payload<'input'>): IncomingEvent {
  const digits = p.dtmf?.digits?.trim() || null;
  const best = p.speech?.results?.[0];
  const text = best?.text.trim() || null;
  if (!digits && !text) return { type: 'input.empty' };
  return {
    type: 'input.received',
    digits,
    speech: !digits && text ? { text, confidence: best?.confidence ?? null } : null,
  };
}

// `rejected` is the callee declining (or a carrier relaying a busy line as a rejection):
// busy, as in the call log's reading of Vonage statuses (src/calls/provider-statuses.ts).
const LEG_OUTCOME: Record<string, DialOutcome> = {
  busy: 'busy',
  unanswered: 'no-answer',
  timeout: 'no-answer',
  failed: 'failed',
  rejected: 'busy',
  cancelled: 'canceled',
  completed: 'answered',
};

/**
 * Event of the leg we connected → `dial.ended` when it is over (answered and finished, or
 * failed); null while it is still starting, ringing or talking.
 */
export function parseConnectEvent(p: Payload<'status'>): IncomingEvent | null {
  const outcome = LEG_OUTCOME[p.status];
  if (!outcome) return null;
  return { type: 'dial.ended', outcome, durationSec: p.duration };
}

const CALL_END: Record<string, CallEndStatus> = {
  completed: 'completed',
  busy: 'busy',
  unanswered: 'no-answer',
  timeout: 'no-answer',
  failed: 'failed',
  rejected: 'busy',
  cancelled: 'canceled',
};

/** Event of the caller's own leg → `call.ended` when final; null for progress events. */
export function parseCallEvent(p: Payload<'status'>): IncomingEvent | null {
  const status = CALL_END[p.status];
  return status ? { type: 'call.ended', status, durationSec: p.duration } : null;
}

/**
 * Event of the caller's own leg → a status report for the call log. AMD verdicts
 * (`human`/`machine`) become an `answered` report carrying the verdict, so they never move
 * the status. Null for events that say nothing about the call's state.
 */
export function parseStatusReport(p: Payload<'status'>, receivedAt: string): StatusReport | null {
  const amd = vonageAmd(p.status);
  const status = amd ? 'answered' : vonageCallStatus(p.status);
  if (!status) return null;
  const stamp = p.timestamp ? new Date(p.timestamp) : null;
  return {
    provider: 'vonage',
    callId: (p.uuid ?? p.call_uuid)!,
    status,
    sequence: null,
    timestamp: stamp && !Number.isNaN(stamp.getTime()) ? stamp.toISOString() : receivedAt,
    durationSec: p.duration,
    direction: p.direction === 'inbound' || p.direction === 'outbound' ? p.direction : null,
    amd,
    recordingUrl: p.recording_url || null,
  };
}
