import { randomUUID } from 'node:crypto';
import type { CallEngine, FarEnd, RecordingDone } from './call-engine.js';
import type { CallStep, Heard } from './heard.js';
import { signVonageWebhook } from './sign-vonage.js';
import type { SimResponse, Transport } from './transport.js';

export interface VonageCallOptions {
  transport: Transport;
  /** Base URL configured on the Vonage application (PUBLIC_URL). */
  publicUrl: string;
  /** Signature secret to sign with; null sends unsigned requests. */
  signatureSecret: string | null;
  /** `from` exactly as Vonage sends it: international digits without `+`. */
  from: string;
  /** Our Vonage number, same format. */
  to: string;
  /** Answer webhook method configured on the application. */
  answerMethod?: 'GET' | 'POST';
  /** The provider's clock (ms); tests share the app's fixed clock. Default Date.now. */
  now?: () => number;
  /** The call's uuid (a call we placed has the one the Voice API answered with). */
  uuid?: string;
}

type NccoAction = Record<string, unknown>;
type Pending = { kind: 'input' | 'connect'; action: NccoAction; rest: NccoAction[] } | null;

const LEG_STATUS: Record<FarEnd, string> = {
  answered: 'completed',
  busy: 'busy',
  'no-answer': 'unanswered',
  failed: 'failed',
};

/**
 * Plays Vonage's side of one inbound call: the answer webhook (GET query or POST JSON),
 * signed JWTs with payload_hash, and the NCCO executed action by action with Vonage's
 * semantics (developer.vonage.com/voice/voice-api/ncco-reference):
 * - `talk`/`stream` play (`bargeIn` lets the caller answer during them);
 * - `input` posts `dtmf` (`submitOnHash`, `maxDigits`) or `speech` results, or `timed_out`,
 *   to its `eventUrl`; an NCCO in the answer replaces the rest, an empty answer continues;
 * - `connect` reports the new leg's events to its `eventUrl`; with `eventType: synchronous`
 *   an NCCO answered there replaces the rest, otherwise the NCCO continues after the leg; a
 *   phone endpoint's `onAnswer` NCCO is run on the answered leg before it joins;
 * - `notify` posts its payload; an NCCO answered replaces the rest;
 * - when the NCCO runs out, the call ends.
 */
export class VonageCall implements CallEngine {
  readonly provider = 'vonage' as const;
  readonly uuid: string;
  readonly conversationUuid = `CON-${randomUUID()}`;
  private pending: Pending = null;
  /** The NCCO `record` action that ran, whose event is still to come. */
  private recording: NccoAction | null = null;
  private lastTalkSec = 0;
  private startedAt = 0;

  constructor(private readonly opts: VonageCallOptions) {
    this.uuid = opts.uuid ?? randomUUID().replace(/-/g, '');
  }

  get id(): string {
    return this.uuid;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private common() {
    return {
      from: this.opts.from,
      to: this.opts.to,
      uuid: this.uuid,
      conversation_uuid: this.conversationUuid,
      timestamp: new Date(this.now()).toISOString(),
    };
  }

  /** Signs and sends a JSON POST to an absolute URL. */
  async postJson(url: string, payload: unknown): Promise<SimResponse> {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.opts.signatureSecret) {
      headers.Authorization = `Bearer ${await signVonageWebhook(this.opts.signatureSecret, body)}`;
    }
    return this.opts.transport({ method: 'POST', url, headers, body });
  }

  /** What Vonage sends to an answer_url. */
  private answerPayload(): Record<string, string> {
    return {
      from: this.opts.from,
      to: this.opts.to,
      uuid: this.uuid,
      conversation_uuid: this.conversationUuid,
      endpoint_type: 'phone',
      region_url: 'https://api-eu-1.vonage.com',
    };
  }

  /** The call is answered: Vonage requests the answer_url. */
  async start(): Promise<CallStep> {
    this.startedAt = this.now();
    const answer = this.answerPayload();
    const url = `${this.opts.publicUrl}/vonage/answer`;
    if (this.opts.answerMethod === 'POST') {
      return this.runAnswer(await this.postJson(url, answer), []);
    }
    const headers: Record<string, string> = {};
    if (this.opts.signatureSecret) {
      headers.Authorization = `Bearer ${await signVonageWebhook(this.opts.signatureSecret, '')}`;
    }
    const query = new URLSearchParams(answer).toString();
    const res = await this.opts.transport({ method: 'GET', url: `${url}?${query}`, headers });
    return this.runAnswer(res, []);
  }

  /**
   * A call we placed (Voice API create call) is answered: Vonage requests its answer_url
   * (absolute, with its query) with a JSON body, the call going from `from` to `to`.
   */
  async answerOutbound(url: string): Promise<CallStep> {
    this.startedAt = this.now();
    const answer = this.answerPayload();
    return this.runAnswer(await this.postJson(url, answer), []);
  }

  press(digits: string): Promise<CallStep> {
    const { action } = this.waiting('input');
    const types = action.type as string[];
    if (!types.includes('dtmf')) return this.silence();
    const dtmf = (action.dtmf ?? {}) as { maxDigits?: number; submitOnHash?: boolean };
    // With submitOnHash, # ends the input and is not sent; without it, # is a key like any other.
    let keys = dtmf.submitOnHash && digits.includes('#') ? digits.split('#')[0]! : digits;
    keys = keys.slice(0, dtmf.maxDigits ?? 4);
    if (!keys) return this.silence();
    return this.answerInput({ dtmf: { digits: keys, timed_out: false }, speech: {} });
  }

  say(text: string, confidence = 0.9): Promise<CallStep> {
    const types = this.waiting('input').action.type as string[];
    if (!types.includes('speech')) return this.silence();
    return this.answerInput({
      dtmf: { digits: null, timed_out: false },
      speech: {
        timeout_reason: 'end_on_silence_timeout',
        results: [{ confidence: String(confidence), text }],
      },
    });
  }

  silence(): Promise<CallStep> {
    return this.answerInput({
      dtmf: { digits: null, timed_out: true },
      speech: { timeout_reason: 'start_timeout', results: [] },
    });
  }

  private async answerInput(result: Record<string, unknown>): Promise<CallStep> {
    const { action, rest } = this.waiting('input');
    this.pending = null;
    const url = (action.eventUrl as string[] | undefined)?.[0];
    if (!url) return this.run(rest, emptyStep());
    return this.runAnswer(await this.postJson(url, { ...result, ...this.common() }), rest);
  }

  /**
   * The connected leg's events, in the order Vonage sends them. A synchronous connect's
   * answer to a failure (an NCCO) takes over; otherwise the NCCO goes on after the connect.
   */
  async dialOutcome(outcome: FarEnd, talkSec = 42): Promise<CallStep> {
    this.lastTalkSec = talkSec;
    const { action, rest } = this.waiting('connect');
    this.pending = null;
    const url = (action.eventUrl as string[] | undefined)?.[0];
    const synchronous = action.eventType === 'synchronous';
    const leg = { ...this.common(), uuid: randomUUID().replace(/-/g, ''), direction: 'outbound' };
    const status = LEG_STATUS[outcome];
    let agent: { status: number; heard: Heard[] } | null = null;
    if (url) {
      const progress = outcome === 'answered' ? ['started', 'ringing', 'answered'] : ['started'];
      for (const s of progress) await this.postJson(url, { ...leg, status: s });
      if (outcome === 'answered') agent = await this.runOnAnswer(action, leg.uuid);
      const final =
        outcome === 'answered'
          ? {
              ...leg,
              status,
              duration: String(talkSec),
              start_time: leg.timestamp,
              end_time: leg.timestamp,
            }
          : { ...leg, status, ...(outcome === 'busy' ? { sip_code: 486 } : {}) };
      const res = await this.postJson(url, final);
      if (synchronous) return withAgent(await this.runAnswer(res, rest), agent);
    } else if (outcome === 'answered') {
      agent = await this.runOnAnswer(action, leg.uuid);
    }
    return withAgent(await this.run(rest, emptyStep()), agent);
  }

  /**
   * A phone endpoint's `onAnswer.url`, requested for the answered leg like an answer URL
   * (GET with the leg's `from`, `to`, `uuid`, `conversation_uuid`, signed); the NCCO's talk
   * and stream actions are what the agent hears before the leg joins. Null without one.
   */
  private async runOnAnswer(
    connect: NccoAction,
    legUuid: string,
  ): Promise<{ status: number; heard: Heard[] } | null> {
    const endpoint = (connect.endpoint as Array<Record<string, unknown>>)[0];
    const onAnswer = endpoint?.onAnswer as { url?: string } | undefined;
    if (!onAnswer?.url) return null;
    const query = new URLSearchParams({
      from: typeof connect.from === 'string' ? connect.from : this.opts.to,
      to: String(endpoint!.number),
      uuid: legUuid,
      conversation_uuid: this.conversationUuid,
      endpoint_type: 'phone',
    });
    const headers: Record<string, string> = {};
    if (this.opts.signatureSecret) {
      headers.Authorization = `Bearer ${await signVonageWebhook(this.opts.signatureSecret, '')}`;
    }
    const target = new URL(onAnswer.url);
    for (const [k, v] of query) target.searchParams.set(k, v);
    const res = await this.opts.transport({ method: 'GET', url: target.toString(), headers });
    if (res.status !== 200) return { status: res.status, heard: [] };
    const ncco = JSON.parse(res.body) as NccoAction[];
    const heard = ncco.map((a) => {
      if (a.action === 'talk') return talkHeard(a);
      if (a.action === 'stream') return { audioUrl: (a.streamUrl as string[])[0]! };
      throw new Error(`The simulator does not run NCCO action ${String(a.action)} on onAnswer`);
    });
    return { status: res.status, heard };
  }

  /**
   * The caller hangs up while the connected leg still rings: Vonage cancels the leg (its
   * `cancelled` event to the connect eventUrl), then ends the caller's leg.
   */
  async abandonTransfer(): Promise<SimResponse> {
    const { action } = this.waiting('connect');
    this.pending = null;
    const url = (action.eventUrl as string[] | undefined)?.[0];
    if (url) {
      const leg = { ...this.common(), uuid: randomUUID().replace(/-/g, ''), direction: 'outbound' };
      await this.postJson(url, { ...leg, status: 'started' });
      await this.postJson(url, { ...leg, status: 'cancelled' });
    }
    return this.hangup();
  }

  /**
   * The `record` action's event, signed: recording_url (a Media API file), recording_uuid,
   * start_time, end_time, size, conversation_uuid, timestamp (NCCO reference, record).
   */
  async recordingCompleted(): Promise<RecordingDone> {
    const action = this.recording;
    const url = (action?.eventUrl as string[] | undefined)?.[0];
    if (!action || !url) throw new Error('No NCCO record action with an eventUrl ran');
    this.recording = null;
    const durationSec = this.lastTalkSec;
    const end = this.now();
    const fileId = randomUUID();
    const recordingUrl = `https://api.nexmo.com/v1/files/${fileId}`;
    const response = await this.postJson(url, {
      start_time: new Date(end - durationSec * 1000).toISOString(),
      recording_url: recordingUrl,
      size: 16000 * durationSec,
      recording_uuid: randomUUID(),
      end_time: new Date(end).toISOString(),
      conversation_uuid: this.conversationUuid,
      timestamp: new Date(end).toISOString(),
    });
    return { response, recordingId: fileId, url: recordingUrl, durationSec };
  }

  /** The caller's leg ends: the `completed` event to the application's event_url. */
  hangup(status: 'completed' | 'canceled' = 'completed'): Promise<SimResponse> {
    this.pending = null;
    const duration = Math.max(1, Math.round((this.now() - this.startedAt) / 1000));
    return this.postJson(`${this.opts.publicUrl}/vonage/event`, {
      headers: {},
      ...this.common(),
      status: status === 'canceled' ? 'cancelled' : 'completed',
      direction: 'inbound',
      ...(status === 'completed'
        ? {
            duration: String(duration),
            rate: '0.00720000',
            price: '0.00144000',
            network: 'GB-FIXED',
          }
        : {}),
    });
  }

  private waiting(kind: 'input' | 'connect'): Exclude<Pending, null> {
    if (this.pending?.kind !== kind) throw new Error(`No ${kind} action is waiting`);
    return this.pending;
  }

  /** An answer with an NCCO replaces what was left; an empty one (204) lets it go on. */
  private async runAnswer(res: SimResponse, rest: NccoAction[]): Promise<CallStep> {
    const step: CallStep = { status: res.status, raw: res.body, heard: [], waitingFor: 'end' };
    if (res.status === 204 || (res.status === 200 && res.body.trim() === '')) {
      return this.run(rest, step);
    }
    // An error answer to a call-control webhook ends the call (after Vonage's fallback).
    if (res.status !== 200) return step;
    const ncco = JSON.parse(res.body) as unknown;
    if (!Array.isArray(ncco)) throw new Error(`Not an NCCO: ${res.body.slice(0, 200)}`);
    return this.run(ncco as NccoAction[], step);
  }

  /** Executes actions in order until one waits, or the NCCO runs out (the call ends). */
  private async run(actions: NccoAction[], step: CallStep): Promise<CallStep> {
    for (let i = 0; i < actions.length; i += 1) {
      const action = actions[i]!;
      const rest = actions.slice(i + 1);
      switch (action.action) {
        case 'talk':
          step.heard.push(talkHeard(action));
          break;
        case 'stream':
          step.heard.push({
            audioUrl: (action.streamUrl as string[])[0]!,
            ...(action.bargeIn === true ? { interruptible: true } : {}),
          });
          break;
        case 'input':
          step.gather = inputInfo(action);
          step.waitingFor = 'input';
          this.pending = { kind: 'input', action, rest };
          return step;
        case 'connect':
          step.dial = {
            ...connectInfo(action),
            ...(this.recording?.split === 'conversation' ? { record: 'split-conversation' } : {}),
          };
          step.waitingFor = 'dial';
          this.pending = { kind: 'connect', action, rest };
          return step;
        case 'record':
          // Recording runs alongside what follows; its event comes when the call is over.
          this.recording = action;
          break;
        case 'notify': {
          const url = (action.eventUrl as string[])[0]!;
          const next = await this.runAnswer(await this.postJson(url, action.payload), rest);
          return { ...next, heard: [...step.heard, ...next.heard] };
        }
        default:
          throw new Error(`The simulator does not know NCCO action ${String(action.action)}`);
      }
    }
    step.waitingFor = 'end';
    return step;
  }
}

const emptyStep = (): CallStep => ({ status: 204, raw: '', heard: [], waitingFor: 'end' });

function withAgent(step: CallStep, agent: { status: number; heard: Heard[] } | null): CallStep {
  return agent ? { ...step, agentHeard: agent.heard, agentStatus: agent.status } : step;
}

function inputInfo(action: NccoAction): NonNullable<CallStep['gather']> {
  const speech = action.speech as { language?: string; context?: string[] } | undefined;
  const dtmf = action.dtmf as { timeOut?: number; maxDigits?: number } | undefined;
  return {
    input: action.type as string[],
    hints: speech?.context ?? [],
    ...(speech?.language ? { speechLanguage: speech.language } : {}),
    timeoutSec: dtmf?.timeOut ?? 3,
    maxDigits: dtmf?.maxDigits ?? 4,
  };
}

function connectInfo(action: NccoAction): NonNullable<CallStep['dial']> {
  const endpoint = (action.endpoint as Array<Record<string, string>>)[0]!;
  return {
    ...(endpoint.type === 'phone' ? { number: `+${endpoint.number}` } : {}),
    ...(endpoint.type === 'sip' ? { sip: endpoint.uri } : {}),
    timeoutSec: typeof action.timeout === 'number' ? action.timeout : 60,
    ...(typeof action.from === 'string' ? { callerId: `+${action.from}` } : {}),
  };
}

function talkHeard(action: NccoAction): Heard {
  const text = String(action.text);
  const pause = /^<speak><break time="(\d+)s"\/><\/speak>$/.exec(text);
  if (pause) return { pauseSec: Number(pause[1]) };
  return {
    text,
    ...(typeof action.language === 'string' ? { language: action.language } : {}),
    ...(typeof action.style === 'number' ? { voice: `style ${action.style}` } : {}),
    ...(action.bargeIn === true ? { interruptible: true } : {}),
  };
}
