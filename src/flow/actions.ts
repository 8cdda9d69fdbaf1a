import type { Destination } from './destination.js';
import type { Language } from './language.js';
import type { Question } from './question.js';

/**
 * What the caller should experience next, independent of the provider.
 * Each provider folder renders this union exhaustively (TwiML, NCCO); adding a kind breaks
 * both renderers' builds until they handle it.
 */
export type CallAction =
  SayAction | PlayAction | PauseAction | GatherAction | DialAction | HangupAction | RedirectAction;

/** Speak text with the provider voice configured for `language`. */
export interface SayAction {
  kind: 'say';
  /** Plain text (no SSML). Renderers strip control characters before building XML/JSON. */
  text: string;
  language: Language;
}

/** Play a recorded prompt instead of text-to-speech. */
export interface PlayAction {
  kind: 'play';
  /** Absolute http(s) URL of an mp3/wav file. */
  url: string;
}

/** Silence. */
export interface PauseAction {
  kind: 'pause';
  /** Seconds of silence, whole number ≥ 1. */
  seconds: number;
}

/** Prompts the caller may interrupt, then collects keypad and/or speech input. */
export interface GatherAction {
  kind: 'gather';
  /** Played while listening; the caller may barge in. */
  prompts: Array<SayAction | PlayAction | PauseAction>;
  /** Which inputs to accept. */
  input: Array<'dtmf' | 'speech'>;
  /** Language whose speech-recognition model listens. */
  language: Language;
  /** Seconds of silence after the prompts before the gather ends with no input. */
  timeoutSec: number;
  /** Stop after this many digits (1 for a one-key menu). */
  maxDigits: number;
  /**
   * `#` ends keypad input early and is not part of it (a number of any length); null makes
   * `#` an ordinary key (a menu where `#` is a choice).
   */
  finishOnKey: '#' | null;
  /** Words we expect, passed to the recogniser as hints. */
  hints: string[];
  /**
   * The question this gather asks, carried in its action URL so the answer is read right
   * even when the call's stored state is gone. The runtime stamps it from the snapshot.
   */
  question?: Question;
}

/** Bridge the caller to a person. The outcome comes back as a `dial.ended` event. */
export interface DialAction {
  kind: 'dial';
  destination: Destination;
  /** Seconds to let the far end ring before giving up (no-answer). */
  timeoutSec: number;
  /** Number shown to the far end, E.164. Must be one of our numbers for Vonage. */
  callerId: string | null;
  /**
   * `callback`: the customer leg of a callback we placed (agent first, then customer); its
   * result goes to the callback webhooks instead of the call flow. Default `transfer`.
   */
  purpose?: 'transfer' | 'callback';
  /** Answering-machine detection on the dialled leg (a callback's customer). */
  machineDetection?: boolean;
  /**
   * Whisper to whoever answers who is calling and why, before the parties are bridged
   * (docs/operator-context.md). `target` is the transfer's target (`sales`, `employee:<id>`,
   * `operator`, …), named in the whisper URL. Absent: the call is bridged at once. Where a
   * provider cannot run anything on the answering leg (a Vonage SIP endpoint) it is ignored.
   */
  whisper?: { target: string };
  /**
   * Record the conversation once answered, each party on its own channel (RECORDING=on);
   * the recording's URL comes back in a recording callback, not as a flow event.
   */
  record?: boolean;
}

/** End the call. */
export interface HangupAction {
  kind: 'hangup';
}

/** Come back to the flow with a `call.continue` event (Twilio Redirect, Vonage notify). */
export interface RedirectAction {
  kind: 'redirect';
  /** The question to ask again (see GatherAction.question). */
  question?: Question;
}
