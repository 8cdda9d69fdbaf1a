import { LRUCache } from 'lru-cache';
import type { CallAction, PauseAction, PlayAction, SayAction } from '../../flow/actions.js';
import { plainTalkText } from '../../lib/sanitize-speech.js';
import { withQuestion } from '../question-query.js';
import {
  VONAGE_END_ON_SILENCE_SEC,
  VONAGE_MAX_DIGITS,
  VONAGE_MAX_INPUT_TIMEOUT_SEC,
  VONAGE_MAX_TALK_LENGTH,
  VONAGE_PATHS,
} from './constants.js';
import type { NccoAction } from './ncco.js';
import type { VonageVoices } from './voices.js';

/**
 * `speech.context` per list of hints: a question's hints are the same on every call (built
 * once per settings), so each list is sanitised once, not on every webhook.
 */
const CONTEXTS = new LRUCache<string, readonly string[]>({ max: 500 });

function speechContext(hints: readonly string[]): string[] {
  const key = hints.join('\u0000');
  let context = CONTEXTS.get(key);
  if (!context) {
    context = hints.map(plainTalkText).filter((h) => h.length > 0);
    CONTEXTS.set(key, context);
  }
  return [...context];
}

export interface NccoContext {
  publicUrl: string;
  voices: VonageVoices;
  /** The caller's leg uuid: connect and notify callbacks carry other ids, so we add it. */
  callId: string;
}

/**
 * Renders call actions as an NCCO (a JSON array). Exhaustive over CallAction.
 * Fields are copied when defined, so `false` and `0` survive (`bargeIn: false` is a value).
 * NCCO has no hangup: the call ends when the NCCO does, so `hangup` ends rendering and
 * an NCCO with nothing left is returned empty (the caller answers 204 where that is allowed).
 */
export function renderNcco(actions: CallAction[], ctx: NccoContext): NccoAction[] {
  const ncco: NccoAction[] = [];
  const callQuery = `?call=${encodeURIComponent(ctx.callId)}`;
  for (const action of actions) {
    switch (action.kind) {
      case 'say':
      case 'play':
      case 'pause':
        ncco.push(...renderPrompt(action, ctx, false));
        break;
      case 'gather': {
        // bargeIn: true lets the caller answer during the prompts; Vonage requires the next
        // non-talk action after a barge-in talk to be the input, which it is here.
        for (const p of action.prompts) ncco.push(...renderPrompt(p, ctx, true));
        const timeout = clamp(action.timeoutSec, 1, VONAGE_MAX_INPUT_TIMEOUT_SEC);
        const voice = ctx.voices[action.language];
        const context = speechContext(action.hints);
        ncco.push({
          action: 'input',
          type: action.input,
          ...(action.input.includes('dtmf')
            ? {
                dtmf: {
                  timeOut: timeout,
                  maxDigits: clamp(action.maxDigits, 1, VONAGE_MAX_DIGITS),
                  submitOnHash: action.finishOnKey === '#',
                },
              }
            : {}),
          ...(action.input.includes('speech')
            ? {
                speech: {
                  language: voice.speechLanguage,
                  ...(context.length > 0 ? { context } : {}),
                  startTimeout: timeout,
                  endOnSilence: VONAGE_END_ON_SILENCE_SEC,
                },
              }
            : {}),
          // Which question this answers, so a lost call state never misreads it.
          eventUrl: [withQuestion(ctx.publicUrl + VONAGE_PATHS.input, action.question)],
          eventMethod: 'POST',
        });
        break;
      }
      case 'dial':
        if (action.record === true) {
          // Recording starts here and goes on through the connect; split into the
          // conversation's two sides. Its event (recording_url, …) names our call in the query.
          ncco.push({
            action: 'record',
            format: 'mp3',
            split: 'conversation',
            channels: 2,
            eventUrl: [ctx.publicUrl + VONAGE_PATHS.recording + callQuery],
            eventMethod: 'POST',
          });
        }
        ncco.push({
          action: 'connect',
          endpoint: [
            action.destination.type === 'number'
              ? {
                  type: 'phone',
                  number: action.destination.number.replace(/^\+/, ''),
                  // Run on the answered leg before it joins: the whisper. A SIP endpoint
                  // has no onAnswer, so SIP transfers are bridged without one.
                  ...(action.whisper
                    ? { onAnswer: { url: whisperUrl(ctx, action.whisper.target) } }
                    : {}),
                }
              : { type: 'sip', uri: action.destination.uri },
          ],
          // Vonage only lets one of our own numbers be the caller ID.
          ...(action.callerId !== null
            ? { from: action.callerId.replace(/^\+/, '') }
            : { randomFromNumber: true }),
          timeout: action.timeoutSec,
          // Synchronous: a busy/unanswered leg is reported to eventUrl, whose NCCO takes over.
          eventType: 'synchronous',
          eventUrl: [
            ctx.publicUrl +
              (action.purpose === 'callback' ? VONAGE_PATHS.callbackEvent : VONAGE_PATHS.connect) +
              callQuery,
          ],
          // Vonage reports `human`/`machine` for the leg to eventUrl and keeps the call up.
          ...(action.machineDetection === true ? { machineDetection: 'continue' } : {}),
          eventMethod: 'POST',
        });
        break;
      case 'hangup':
        return ncco;
      case 'redirect':
        ncco.push({
          action: 'notify',
          payload: { callId: ctx.callId },
          eventUrl: [
            withQuestion(ctx.publicUrl + VONAGE_PATHS.continue + callQuery, action.question),
          ],
          eventMethod: 'POST',
        });
        break;
      default:
        return assertNever(action);
    }
  }
  return ncco;
}

function renderPrompt(
  action: SayAction | PlayAction | PauseAction,
  ctx: NccoContext,
  bargeIn: boolean,
): NccoAction[] {
  switch (action.kind) {
    case 'say': {
      const voice = ctx.voices[action.language];
      return splitText(plainTalkText(action.text), VONAGE_MAX_TALK_LENGTH).map((text) => ({
        action: 'talk',
        text,
        language: voice.language,
        style: voice.style,
        bargeIn,
      }));
    }
    case 'play':
      return [{ action: 'stream', streamUrl: [action.url], bargeIn }];
    case 'pause':
      // NCCO has no pause inside an input's prompts; an SSML break works everywhere.
      return [
        { action: 'talk', text: `<speak><break time="${action.seconds}s"/></speak>`, bargeIn },
      ];
    default:
      return assertNever(action);
  }
}

/** The whisper NCCO's URL: the caller's leg uuid and the transfer target. */
function whisperUrl(ctx: NccoContext, target: string): string {
  const query = `call=${encodeURIComponent(ctx.callId)}&target=${encodeURIComponent(target)}`;
  return `${ctx.publicUrl}${VONAGE_PATHS.whisper}?${query}`;
}

/** Splits at word boundaries so each part fits Vonage's talk limit. */
function splitText(text: string, max: number): string[] {
  if (text.length === 0) return [];
  const parts: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (next.length <= max) current = next;
    else {
      if (current) parts.push(current);
      current = word.slice(0, max);
    }
  }
  if (current) parts.push(current);
  return parts;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

function assertNever(value: never): never {
  throw new Error(`Unhandled call action: ${JSON.stringify(value)}`);
}
