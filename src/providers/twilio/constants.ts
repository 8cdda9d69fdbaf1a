/** Webhook paths. The first three are configured on the number; the rest come from our TwiML. */
export const TWILIO_PATHS = {
  voice: '/twilio/voice',
  status: '/twilio/status',
  fallback: '/twilio/fallback',
  gather: '/twilio/gather',
  dial: '/twilio/dial',
  continue: '/twilio/continue',
  /** A callback we placed: the agent answered (Url of calls.create). */
  callback: '/twilio/callback',
  /** The callback's customer leg ended (Dial action). */
  callbackDial: '/twilio/callback/dial',
  /** Answering-machine verdict on the callback's customer leg. */
  callbackAmd: '/twilio/callback/amd',
  /** TwiML for whoever answers a transfer, before the bridge (`<Number url>`, `<Sip url>`). */
  whisper: '/twilio/whisper',
  /** A transfer's recording is ready (`<Dial recordingStatusCallback>`). */
  recording: '/twilio/recording',
} as const;

/** CallStatus values after which the call is over (status callback `completed` event). */
export const TWILIO_FINAL_STATUSES = [
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;

/**
 * `<Gather hints>`: a comma list, at most 500 entries of at most 100 characters
 * (twilio.com/docs/voice/twiml/gather#hints).
 */
export const TWILIO_MAX_HINTS = 500;
export const TWILIO_MAX_HINT_LENGTH = 100;
