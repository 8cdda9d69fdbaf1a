/** Webhook paths. answer/event/fallback are set on the Vonage application; the rest come from our NCCOs. */
export const VONAGE_PATHS = {
  answer: '/vonage/answer',
  event: '/vonage/event',
  fallback: '/vonage/fallback',
  input: '/vonage/input',
  connect: '/vonage/connect',
  continue: '/vonage/continue',
  /** A callback we placed: the agent answered (answer_url of the created call). */
  callback: '/vonage/callback',
  /** Events of the callback's customer leg (connect eventUrl). */
  callbackEvent: '/vonage/callback/event',
  /** NCCO for whoever answers a transfer, before the leg joins (phone endpoint onAnswer). */
  whisper: '/vonage/whisper',
  /** A transfer's recording is ready (the `record` action's eventUrl). */
  recording: '/vonage/recording',
} as const;

/** `talk.text` is limited to 1,500 characters (NCCO reference); longer text is split. */
export const VONAGE_MAX_TALK_LENGTH = 1500;

/** `input.dtmf.timeOut` and `input.speech.startTimeout` accept 1–10 seconds. */
export const VONAGE_MAX_INPUT_TIMEOUT_SEC = 10;

/** `input.dtmf.maxDigits` accepts 1–20. */
export const VONAGE_MAX_DIGITS = 20;

/** Seconds of silence that end a spoken answer (`speech.endOnSilence`, 0.4–10, default 2). */
export const VONAGE_END_ON_SILENCE_SEC = 1;

/** Call/leg statuses that end a leg without it being answered (connect failures). */
export const VONAGE_FAILED_STATUSES = [
  'busy',
  'cancelled',
  'unanswered',
  'timeout',
  'failed',
  'rejected',
] as const;
