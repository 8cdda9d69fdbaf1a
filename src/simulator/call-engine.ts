import type { CallStep } from './heard.js';
import type { SimResponse } from './transport.js';

/** What the far end of a transfer does. */
export type FarEnd = 'answered' | 'busy' | 'no-answer' | 'failed';

/**
 * One simulated call on either provider. Each method sends what the provider would send
 * and executes the answer until the call waits for the caller, for a transfer, or ends.
 */
export interface CallEngine {
  readonly provider: 'twilio' | 'vonage';
  /** The provider's id of the call (CallSid, uuid). */
  readonly id: string;
  start(): Promise<CallStep>;
  /** Keys typed at the current question, e.g. `1` or `123#`. */
  press(digits: string): Promise<CallStep>;
  /** Words said at the current question. */
  say(text: string, confidence?: number): Promise<CallStep>;
  /** Nothing pressed or said until the question times out. */
  silence(): Promise<CallStep>;
  /** The transfer's far end answers (and later hangs up) or does not. */
  dialOutcome(outcome: FarEnd, talkSec?: number): Promise<CallStep>;
  /** The caller hangs up while the transfer still rings (abandoned). */
  abandonTransfer(): Promise<SimResponse>;
  /** The caller's leg ends: the final status callback/event. */
  hangup(status?: 'completed' | 'canceled'): Promise<SimResponse>;
  /**
   * The recording of the last answered transfer is ready: the provider's recording
   * callback (Twilio recordingStatusCallback, Vonage `record` event), signed. Throws when
   * the transfer was not recorded.
   */
  recordingCompleted(): Promise<RecordingDone>;
}

/** What a recording callback said, for assertions. */
export interface RecordingDone {
  response: SimResponse;
  /** The provider's id of the recording (RecordingSid, the file id of recording_url). */
  recordingId: string;
  url: string;
  durationSec: number;
}
