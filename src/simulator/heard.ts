/** Something the caller hears. */
export interface Heard {
  text?: string;
  audioUrl?: string;
  /** Provider language code (ru-RU…) and voice, as rendered. */
  language?: string;
  voice?: string;
  pauseSec?: number;
  /** The caller may answer while this plays (inside Gather, Vonage bargeIn). */
  interruptible?: boolean;
}

/** Where the call stands after a provider response was executed. */
export interface CallStep {
  /** HTTP status of the last response. */
  status: number;
  /** The raw response body (TwiML or NCCO JSON). */
  raw: string;
  heard: Heard[];
  /** What the call waits for next. */
  waitingFor: 'input' | 'dial' | 'end';
  gather?: {
    input: string[];
    speechLanguage?: string;
    hints: string[];
    timeoutSec?: number;
    maxDigits?: number;
  };
  dial?: {
    number?: string;
    sip?: string;
    timeoutSec?: number;
    callerId?: string;
    /** The transfer is recorded: Twilio's `record` value, or `split-conversation` (Vonage). */
    record?: string;
  };
  /**
   * What whoever answered the transfer heard before being bridged (the whisper: Twilio
   * `<Number url>`/`<Sip url>`, Vonage `onAnswer`), when the dial asked for one.
   */
  agentHeard?: Heard[];
  /** HTTP status the whisper request was answered with (what `agentHeard` came from). */
  agentStatus?: number;
}

/** All spoken text of a step, joined: handy for assertions. */
export function spoken(step: CallStep): string {
  return step.heard
    .map((h) => h.text)
    .filter(Boolean)
    .join(' ');
}
