import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { CallEngine, FarEnd, RecordingDone } from './call-engine.js';
import type { CallStep, Heard } from './heard.js';
import type { SimResponse, Transport } from './transport.js';
import { readTwiml, type TwimlNode } from './twiml-reader.js';

export interface TwilioCallOptions {
  transport: Transport;
  /** Base URL configured on the number (PUBLIC_URL); requests are signed against it. */
  publicUrl: string;
  /** Auth token to sign with; null sends unsigned requests. */
  authToken: string | null;
  /** `From` exactly as Twilio would send it (`+77071234567`, `anonymous`, …). */
  from: string;
  /** The Twilio number called. */
  to: string;
  callSid?: string;
  /** The provider's clock (ms); tests share the app's fixed clock. Default Date.now. */
  now?: () => number;
}

/** Verbs still to run after the one the call waits on, and the document they came from. */
interface Rest {
  verbs: TwimlNode[];
  documentUrl: string;
}

type Pending = { kind: 'gather' | 'dial'; node: TwimlNode; rest: Rest } | null;

const DIAL_STATUS: Record<FarEnd, string> = {
  answered: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
};

/**
 * Plays Twilio's side of one inbound call against our webhooks: the documented form
 * parameters, signed as Twilio signs them; the TwiML executed verb by verb with Twilio's
 * semantics (twilio.com/docs/voice/twiml):
 * - `<Gather>` with no input falls through to the next verb, unless `actionOnEmptyResult`
 *   is true, when it posts to `action` without Digits; no `action` means the document URL;
 *   `finishOnKey` (default `#`) ends and is not sent; `numDigits` caps the digits;
 * - `<Dial action>` posts `DialCallStatus`; without `action` the next verb runs; a
 *   `<Number url>`/`<Sip url>` is run on the answering leg before the bridge;
 * - `<Redirect>` fetches the next document; `<Hangup>` or the end of the document ends the call.
 */
export class TwilioCall implements CallEngine {
  readonly provider = 'twilio' as const;
  readonly callSid: string;
  private readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  private pending: Pending = null;
  private sequence = 0;
  private startedAt = 0;
  /** The answered, recorded transfer whose recording callback is still to come. */
  private recorded: { callbackUrl: string; channels: number; talkSec: number } | null = null;

  constructor(private readonly opts: TwilioCallOptions) {
    this.callSid = opts.callSid ?? `CA${randomBytes(16).toString('hex')}`;
  }

  get id(): string {
    return this.callSid;
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** The standard parameters Twilio sends with every voice request. */
  private base(callStatus: string): Record<string, string> {
    const { from, to } = this.opts;
    return {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: callStatus,
      Direction: 'inbound',
      From: from,
      Caller: from,
      To: to,
      Called: to,
    };
  }

  /** Signs and posts form parameters to an absolute URL. */
  post(url: string, params: Record<string, string>): Promise<SimResponse> {
    return this.request('POST', url, params);
  }

  /** A request as Twilio makes it: POST form, or GET with the parameters in the query. */
  async request(method: string, url: string, params: Record<string, string>): Promise<SimResponse> {
    const get = method.toUpperCase() === 'GET';
    const target = get ? withQuery(url, params) : url;
    const headers: Record<string, string> = get
      ? {}
      : { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (this.opts.authToken) {
      headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
        this.opts.authToken,
        target,
        get ? {} : params,
      );
    }
    const body = get ? undefined : new URLSearchParams(params).toString();
    return this.opts.transport({
      method: get ? 'GET' : 'POST',
      url: target,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  }

  /** The call arrives: Twilio requests the number's Voice URL. */
  async start(): Promise<CallStep> {
    this.startedAt = this.now();
    const url = `${this.opts.publicUrl}/twilio/voice`;
    return this.fetchAndRun('POST', url, this.base('ringing'));
  }

  /**
   * A call we placed (REST calls.create) is answered: Twilio requests the call's `Url`
   * (absolute, with its query) as an `outbound-api` call from `from` to `to`.
   */
  async answerOutbound(url: string): Promise<CallStep> {
    this.startedAt = this.now();
    return this.fetchAndRun('POST', url, {
      ...this.base('in-progress'),
      Direction: 'outbound-api',
    });
  }

  press(digits: string): Promise<CallStep> {
    const gather = this.waitingGather();
    if (!accepts(gather.node, 'dtmf')) return this.silence();
    const finishOnKey = gather.node.attrs.finishOnKey ?? '#';
    let keys = finishOnKey && digits.includes(finishOnKey) ? digits.split(finishOnKey)[0]! : digits;
    const numDigits = Number(gather.node.attrs.numDigits ?? 0);
    if (numDigits > 0) keys = keys.slice(0, numDigits);
    return keys ? this.answerGather({ Digits: keys }) : this.silence();
  }

  say(text: string, confidence?: number): Promise<CallStep> {
    if (!accepts(this.waitingGather().node, 'speech')) return this.silence();
    return this.answerGather({
      SpeechResult: text,
      ...(confidence !== undefined ? { Confidence: String(confidence) } : {}),
    });
  }

  silence(): Promise<CallStep> {
    const gather = this.waitingGather();
    if (gather.node.attrs.actionOnEmptyResult !== 'true') {
      this.pending = null;
      return this.runVerbs(gather.rest, emptyStep());
    }
    return this.answerGather({});
  }

  private answerGather(input: Record<string, string>): Promise<CallStep> {
    const { node, rest } = this.waitingGather();
    const url = node.attrs.action
      ? absolute(node.attrs.action, rest.documentUrl)
      : rest.documentUrl;
    return this.fetchAndRun(node.attrs.method ?? 'POST', url, {
      ...this.base('in-progress'),
      ...input,
    });
  }

  /**
   * The far end answers or not. An answering `<Number url>`/`<Sip url>` leg first runs the
   * document at `url` (the whisper) and is bridged when it ends; the Dial action follows
   * when the bridged call is over.
   */
  async dialOutcome(outcome: FarEnd, talkSec = 42): Promise<CallStep> {
    const pending = this.pending;
    if (pending?.kind !== 'dial') throw new Error('No <Dial> is waiting for its far end');
    this.pending = null;
    const childSid = `CA${randomBytes(16).toString('hex')}`;
    const { record, recordingStatusCallback } = pending.node.attrs;
    if (outcome === 'answered' && record && record !== 'do-not-record' && recordingStatusCallback) {
      this.recorded = {
        callbackUrl: absolute(recordingStatusCallback, pending.rest.documentUrl),
        channels: record.endsWith('-dual') ? 2 : 1,
        talkSec,
      };
    }
    const agent =
      outcome === 'answered'
        ? await this.runWhisper(pending.node, pending.rest.documentUrl, childSid)
        : null;
    const step = await this.afterDial(pending, outcome, talkSec, childSid);
    return agent ? { ...step, agentHeard: agent.heard, agentStatus: agent.status } : step;
  }

  private async afterDial(
    pending: Exclude<Pending, null>,
    outcome: FarEnd,
    talkSec: number,
    childSid: string,
  ): Promise<CallStep> {
    if (!pending.node.attrs.action) return this.runVerbs(pending.rest, emptyStep());
    const url = absolute(pending.node.attrs.action, pending.rest.documentUrl);
    return this.fetchAndRun(pending.node.attrs.method ?? 'POST', url, {
      ...this.base('in-progress'),
      DialCallStatus: DIAL_STATUS[outcome],
      DialCallSid: childSid,
      ...(outcome === 'answered' ? { DialCallDuration: String(talkSec) } : {}),
    });
  }

  /**
   * The `url` of the dialled `<Number>`/`<Sip>`, requested as Twilio does for the answered
   * child leg (its own CallSid, `ParentCallSid`, `Direction` outbound-dial), signed; the
   * answer's Say/Play/Pause are what the agent hears. Null when the noun has no url.
   */
  private async runWhisper(
    dial: TwimlNode,
    documentUrl: string,
    childSid: string,
  ): Promise<{ status: number; heard: Heard[] } | null> {
    const noun = dial.children.find((c) => c.name === 'Number' || c.name === 'Sip');
    if (!noun?.attrs.url) return null;
    const to = noun.text;
    const from = dial.attrs.callerId ?? this.opts.from;
    const res = await this.request(
      noun.attrs.method ?? 'POST',
      absolute(noun.attrs.url, documentUrl),
      {
        AccountSid: this.accountSid,
        ApiVersion: '2010-04-01',
        CallSid: childSid,
        ParentCallSid: this.callSid,
        CallStatus: 'in-progress',
        Direction: 'outbound-dial',
        From: from,
        Caller: from,
        To: to,
        Called: to,
      },
    );
    if (res.status !== 200) return { status: res.status, heard: [] };
    const heard = readTwiml(res.body).map((verb) => {
      if (verb.name === 'Say' || verb.name === 'Play' || verb.name === 'Pause') {
        return heardOf(verb, false);
      }
      throw new Error(`The simulator does not run <${verb.name}> on an answering leg`);
    });
    return { status: res.status, heard };
  }

  /**
   * The caller hangs up while the transfer still rings: Twilio requests the Dial action (the
   * caller's leg already `completed`), then posts the final status callback.
   */
  async abandonTransfer(): Promise<SimResponse> {
    const pending = this.pending;
    if (pending?.kind !== 'dial') throw new Error('No <Dial> is waiting for its far end');
    this.pending = null;
    if (pending.node.attrs.action) {
      const url = absolute(pending.node.attrs.action, pending.rest.documentUrl);
      await this.post(url, { ...this.base('completed'), DialCallStatus: 'no-answer' });
    }
    return this.hangup();
  }

  /**
   * The transfer's recording is ready: Twilio posts the recordingStatusCallback parameters
   * (AccountSid, CallSid of the parent call, RecordingSid, RecordingUrl, RecordingStatus,
   * RecordingDuration, RecordingChannels, RecordingStartTime, RecordingSource), signed.
   */
  async recordingCompleted(): Promise<RecordingDone> {
    const rec = this.recorded;
    if (!rec) throw new Error('No answered <Dial record> transfer to report a recording of');
    this.recorded = null;
    const recordingId = `RE${randomBytes(16).toString('hex')}`;
    const url = `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${recordingId}`;
    const response = await this.post(rec.callbackUrl, {
      AccountSid: this.accountSid,
      CallSid: this.callSid,
      RecordingSid: recordingId,
      RecordingUrl: url,
      RecordingStatus: 'completed',
      RecordingDuration: String(rec.talkSec),
      RecordingChannels: String(rec.channels),
      RecordingStartTime: new Date(this.now()).toUTCString().replace('GMT', '+0000'),
      RecordingSource: 'DialVerb',
    });
    return { response, recordingId, url, durationSec: rec.talkSec };
  }

  /** The call ends: Twilio posts the status callback `completed` event. */
  async hangup(status: 'completed' | 'canceled' = 'completed'): Promise<SimResponse> {
    this.pending = null;
    const duration = Math.max(1, Math.round((this.now() - this.startedAt) / 1000));
    return this.post(`${this.opts.publicUrl}/twilio/status`, {
      ...this.base(status),
      CallDuration: String(duration),
      Duration: String(Math.ceil(duration / 60)),
      Timestamp: new Date(this.now()).toUTCString().replace('GMT', '+0000'),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
    });
  }

  private waitingGather(): Exclude<Pending, null> {
    if (this.pending?.kind !== 'gather') throw new Error('No <Gather> is waiting for input');
    return this.pending;
  }

  private async fetchAndRun(
    method: string,
    url: string,
    params: Record<string, string>,
  ): Promise<CallStep> {
    this.pending = null;
    const res = await this.request(method, url, params);
    const step: CallStep = { status: res.status, raw: res.body, heard: [], waitingFor: 'end' };
    // Twilio plays its application-error message and ends the call on a non-200 answer.
    if (res.status !== 200) return step;
    return this.runVerbs({ verbs: readTwiml(res.body), documentUrl: url }, step);
  }

  /** Executes verbs in order until one waits for the caller or a transfer, or the call ends. */
  private async runVerbs(rest: Rest, step: CallStep): Promise<CallStep> {
    for (let i = 0; i < rest.verbs.length; i += 1) {
      const verb = rest.verbs[i]!;
      const after: Rest = { verbs: rest.verbs.slice(i + 1), documentUrl: rest.documentUrl };
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          step.heard.push(heardOf(verb, false));
          break;
        case 'Gather':
          step.heard.push(...verb.children.map((c) => heardOf(c, true)));
          step.gather = gatherInfo(verb);
          step.waitingFor = 'input';
          this.pending = { kind: 'gather', node: verb, rest: after };
          return step;
        case 'Dial':
          step.dial = dialInfo(verb);
          step.waitingFor = 'dial';
          this.pending = { kind: 'dial', node: verb, rest: after };
          return step;
        case 'Redirect': {
          const next = await this.fetchAndRun(
            verb.attrs.method ?? 'POST',
            absolute(verb.text, rest.documentUrl),
            this.base('in-progress'),
          );
          return { ...next, heard: [...step.heard, ...next.heard] };
        }
        case 'Hangup':
          step.waitingFor = 'end';
          return step;
        default:
          throw new Error(`The simulator does not know <${verb.name}>`);
      }
    }
    step.waitingFor = 'end';
    return step;
  }
}

const emptyStep = (): CallStep => ({ status: 200, raw: '', heard: [], waitingFor: 'end' });

function accepts(gather: TwimlNode, kind: 'dtmf' | 'speech'): boolean {
  return (gather.attrs.input ?? 'dtmf').split(' ').includes(kind);
}

function absolute(url: string, base: string): string {
  return new URL(url, base).toString();
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function gatherInfo(verb: TwimlNode): NonNullable<CallStep['gather']> {
  const a = verb.attrs;
  return {
    input: (a.input ?? 'dtmf').split(' '),
    hints: a.hints ? a.hints.split(',') : [],
    ...(a.language ? { speechLanguage: a.language } : {}),
    timeoutSec: a.timeout ? Number(a.timeout) : 5,
    ...(a.numDigits ? { maxDigits: Number(a.numDigits) } : {}),
  };
}

function dialInfo(verb: TwimlNode): NonNullable<CallStep['dial']> {
  const number = verb.children.find((c) => c.name === 'Number')?.text ?? (verb.text || undefined);
  const sip = verb.children.find((c) => c.name === 'Sip')?.text;
  return {
    ...(number ? { number } : {}),
    ...(sip ? { sip } : {}),
    timeoutSec: verb.attrs.timeout ? Number(verb.attrs.timeout) : 30,
    ...(verb.attrs.callerId ? { callerId: verb.attrs.callerId } : {}),
    ...(verb.attrs.record ? { record: verb.attrs.record } : {}),
  };
}

function heardOf(node: TwimlNode, interruptible: boolean): Heard {
  switch (node.name) {
    case 'Say':
      return {
        text: node.text,
        ...(node.attrs.language ? { language: node.attrs.language } : {}),
        ...(node.attrs.voice ? { voice: node.attrs.voice } : {}),
        ...(interruptible ? { interruptible } : {}),
      };
    case 'Play':
      return { audioUrl: node.text, ...(interruptible ? { interruptible } : {}) };
    case 'Pause':
      return { pauseSec: Number(node.attrs.length ?? 1) };
    default:
      throw new Error(`<${node.name}> cannot be heard`);
  }
}
