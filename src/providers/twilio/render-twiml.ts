import { LRUCache } from 'lru-cache';
import twilio from 'twilio';
import type { CallAction, PauseAction, PlayAction, SayAction } from '../../flow/actions.js';
import { sanitizeSpeech } from '../../lib/sanitize-speech.js';
import { withQuestion } from '../question-query.js';
import { TWILIO_MAX_HINT_LENGTH, TWILIO_MAX_HINTS, TWILIO_PATHS } from './constants.js';
import type { TwilioVoices } from './voices.js';

type VoiceResponse = twilio.twiml.VoiceResponse;

/**
 * `<Gather hints>` per list of hints: a question's hints are the same on every call (built
 * once per settings), so each list is sanitised and checked once, not on every webhook.
 */
const HINTS = new LRUCache<string, string>({ max: 500 });

function hintsAttribute(list: readonly string[]): string {
  const key = list.join('\u0000');
  let attribute = HINTS.get(key);
  if (attribute === undefined) {
    attribute = list
      .map(sanitizeSpeech)
      .filter((h) => h.length > 0 && h.length <= TWILIO_MAX_HINT_LENGTH && !h.includes(','))
      .slice(0, TWILIO_MAX_HINTS)
      .join(',');
    HINTS.set(key, attribute);
  }
  return attribute;
}
type Gather = ReturnType<VoiceResponse['gather']>;
type SayAttributes = NonNullable<Parameters<VoiceResponse['say']>[0]>;
type GatherAttributes = NonNullable<Parameters<VoiceResponse['gather']>[0]>;

export interface TwimlContext {
  /** Public base URL; every action URL we emit is absolute and signed by Twilio against it. */
  publicUrl: string;
  voices: TwilioVoices;
  /**
   * The call's CallSid, for URLs that must name it (answering-machine callbacks, the
   * whisper). Without it no whisper is rendered: its URL could not say whose call it is.
   */
  callId?: string;
}

/**
 * Renders call actions as one TwiML document, through twilio's typed builder (which
 * escapes XML). Exhaustive over CallAction: a new kind does not compile until handled here.
 *
 * @example renderTwiml([{ kind: 'hangup' }], ctx) // '<?xml …?><Response><Hangup/></Response>'
 */
export function renderTwiml(actions: CallAction[], ctx: TwimlContext): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const action of actions) {
    switch (action.kind) {
      case 'say':
      case 'play':
      case 'pause':
        addPrompt(response, action, ctx);
        break;
      case 'gather': {
        const voice = ctx.voices[action.language];
        const attributes: GatherAttributes = {
          input: action.input,
          // Which question this answers, so a lost call state never misreads it.
          action: withQuestion(ctx.publicUrl + TWILIO_PATHS.gather, action.question),
          method: 'POST',
          // Silence posts to the action too, so the flow decides what happens (operator).
          actionOnEmptyResult: true,
          timeout: action.timeoutSec,
          numDigits: action.maxDigits,
          // An empty finishOnKey makes # an ordinary key (Twilio's default is #).
          finishOnKey: action.finishOnKey ?? '',
          language: voice.speechLanguage as GatherAttributes['language'],
          speechTimeout: 'auto',
        };
        const hints = hintsAttribute(action.hints);
        if (hints) attributes.hints = hints;
        const gather = response.gather(attributes);
        for (const p of action.prompts) addPrompt(gather, p, ctx);
        break;
      }
      case 'dial': {
        const callback = action.purpose === 'callback';
        const dial = response.dial({
          action: ctx.publicUrl + (callback ? TWILIO_PATHS.callbackDial : TWILIO_PATHS.dial),
          method: 'POST',
          timeout: action.timeoutSec,
          // The caller keeps hearing ringing, not silence, until someone picks up.
          answerOnBridge: true,
          ...(action.callerId !== null ? { callerId: action.callerId } : {}),
          // Both parties, each on its own channel, from the answer (not the ringing); the
          // file's URL, duration and channels come to the recording callback when ready.
          ...(action.record === true
            ? {
                record: 'record-from-answer-dual' as const,
                recordingStatusCallback: ctx.publicUrl + TWILIO_PATHS.recording,
                recordingStatusCallbackMethod: 'POST' as const,
                recordingStatusCallbackEvent: ['completed', 'absent'],
              }
            : {}),
        });
        // Run on the answering leg before the bridge: the whisper to whoever answers.
        const whisper =
          action.whisper && ctx.callId
            ? { url: whisperUrl(ctx, ctx.callId, action.whisper.target), method: 'POST' }
            : {};
        if (action.destination.type === 'number') {
          // AMD on the dialled leg; the verdict comes to a callback naming our call.
          const amd =
            action.machineDetection === true
              ? {
                  machineDetection: 'Enable',
                  amdStatusCallback: `${ctx.publicUrl}${TWILIO_PATHS.callbackAmd}?call=${encodeURIComponent(ctx.callId ?? '')}`,
                  amdStatusCallbackMethod: 'POST',
                }
              : {};
          dial.number({ ...amd, ...whisper }, action.destination.number);
        } else dial.sip(whisper, action.destination.uri);
        break;
      }
      case 'hangup':
        response.hangup();
        break;
      case 'redirect':
        response.redirect(
          { method: 'POST' },
          withQuestion(ctx.publicUrl + TWILIO_PATHS.continue, action.question),
        );
        break;
      default:
        return assertNever(action);
    }
  }
  return response.toString();
}

/**
 * The whisper document's URL. Query parameters in alphabetical order: Twilio has been
 * reported to sort the query of TwiML-supplied URLs before requesting them, and the
 * signature covers the URL as requested.
 */
function whisperUrl(ctx: TwimlContext, callId: string, target: string): string {
  const query = `call=${encodeURIComponent(callId)}&target=${encodeURIComponent(target)}`;
  return `${ctx.publicUrl}${TWILIO_PATHS.whisper}?${query}`;
}

function addPrompt(
  parent: VoiceResponse | Gather,
  action: SayAction | PlayAction | PauseAction,
  ctx: TwimlContext,
): void {
  switch (action.kind) {
    case 'say': {
      const voice = ctx.voices[action.language];
      const attributes: SayAttributes = { language: voice.language as SayAttributes['language'] };
      if (voice.voice !== undefined) attributes.voice = voice.voice as SayAttributes['voice'];
      parent.say(attributes, sanitizeSpeech(action.text));
      break;
    }
    case 'play':
      parent.play({}, action.url);
      break;
    case 'pause':
      parent.pause({ length: action.seconds });
      break;
    default:
      assertNever(action);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled call action: ${JSON.stringify(value)}`);
}
