/** Provider call statuses, normalised. Terminal: completed, busy, no-answer, failed, canceled. */
export type CallStatusName =
  'initiated' | 'ringing' | 'answered' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** Answering-machine detection, normalised: fax counts as a machine (no person heard us). */
export type AmdResult = 'human' | 'machine' | 'unknown';

/** One status callback/event as the adapters parse it (Twilio status callback, Vonage event). */
export interface StatusReport {
  /** `twilio` or `vonage`. */
  provider: string;
  /** Twilio CallSid, Vonage uuid (`call_uuid` on AMD events). */
  callId: string;
  status: CallStatusName;
  /** Twilio SequenceNumber (starts at 0); null for Vonage, which has none. */
  sequence: number | null;
  /**
   * The provider's own timestamp, ISO-8601 UTC: Twilio `Timestamp` (RFC 2822, converted with
   * `twilioTimestamp`), Vonage `timestamp`. Never the time the request reached us: retries and
   * queues would reorder the call.
   */
  timestamp: string;
  /** Total duration in seconds, terminal reports only (Twilio CallDuration, Vonage duration). */
  durationSec: number | null;
  direction: 'inbound' | 'outbound' | null;
  /** Twilio AnsweredBy, Vonage human/machine events (see `provider-statuses.ts`). */
  amd: AmdResult | null;
  recordingUrl: string | null;
}

/** The statuses after which a call is over. */
export const TERMINAL_STATUSES: readonly CallStatusName[] = [
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
];
const TERMINAL: ReadonlySet<CallStatusName> = new Set(TERMINAL_STATUSES);

/** Whether the call is over once this status is reported. */
export function isTerminalStatus(s: CallStatusName): boolean {
  return TERMINAL.has(s);
}
