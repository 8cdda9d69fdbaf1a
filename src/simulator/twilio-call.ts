import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
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
}

/**
 * Plays the Twilio side of one inbound call against our webhooks: posts the documented
 * form parameters, signed like Twilio signs them, reads the TwiML we return, and posts the
 * next request to the URL that TwiML names (Gather action, Dial action, Redirect).
 */
export class TwilioCall {
  readonly callSid: string;
  private readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  private pending: { gatherAction?: string; dialAction?: string } = {};
  private sequence = 0;
  private startedAt = Date.now();

  constructor(private readonly opts: TwilioCallOptions) {
    this.callSid = opts.callSid ?? `CA${randomBytes(16).toString('hex')}`;
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
  async post(url: string, params: Record<string, string>): Promise<SimResponse> {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (this.opts.authToken) {
      headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
        this.opts.authToken,
        url,
        params,
      );
    }
    const body = new URLSearchParams(params).toString();
    return this.opts.transport({ method: 'POST', url, headers, body });
  }

  /** The call arrives: Twilio requests the number's Voice URL. */
  async start(): Promise<CallStep> {
    this.startedAt = Date.now();
    const res = await this.post(`${this.opts.publicUrl}/twilio/voice`, this.base('ringing'));
    return this.execute(res);
  }

  /** The caller presses keys during the current Gather. */
  press(digits: string): Promise<CallStep> {
    return this.answerGather({ Digits: digits });
  }

  /** The caller speaks; Twilio posts SpeechResult and (maybe) Confidence. */
  say(text: string, confidence?: number): Promise<CallStep> {
    return this.answerGather({
      SpeechResult: text,
      ...(confidence !== undefined ? { Confidence: String(confidence) } : {}),
    });
  }

  /** Nothing pressed or said: with actionOnEmptyResult Twilio still posts to the action. */
  silence(): Promise<CallStep> {
    return this.answerGather({});
  }

  private async answerGather(input: Record<string, string>): Promise<CallStep> {
    const action = this.pending.gatherAction;
    if (!action) throw new Error('No <Gather> is waiting for input');
    return this.execute(await this.post(action, { ...this.base('in-progress'), ...input }));
  }

  /** The dialled party answers and later hangs up, or does not answer. */
  async dialOutcome(
    status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled',
    durationSec = 42,
  ): Promise<CallStep> {
    const action = this.pending.dialAction;
    if (!action) throw new Error('No <Dial action> is waiting');
    const params: Record<string, string> = {
      ...this.base('in-progress'),
      DialCallStatus: status,
      DialCallSid: `CA${randomBytes(16).toString('hex')}`,
      ...(status === 'completed' ? { DialCallDuration: String(durationSec) } : {}),
    };
    return this.execute(await this.post(action, params));
  }

  /** The call ends: Twilio posts the status callback `completed` event. */
  async hangup(status = 'completed'): Promise<SimResponse> {
    const duration = Math.max(1, Math.round((Date.now() - this.startedAt) / 1000));
    return this.post(`${this.opts.publicUrl}/twilio/status`, {
      ...this.base(status),
      CallDuration: String(duration),
      Duration: String(Math.ceil(duration / 60)),
      Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
    });
  }

  /** Executes the TwiML verb by verb, as Twilio does, until it must wait or ends. */
  private async execute(res: SimResponse): Promise<CallStep> {
    this.pending = {};
    const step: CallStep = { status: res.status, raw: res.body, heard: [], waitingFor: 'end' };
    if (res.status !== 200) return step;
    for (const verb of readTwiml(res.body)) {
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          step.heard.push(heardOf(verb));
          break;
        case 'Gather':
          step.heard.push(...verb.children.map(heardOf));
          step.gather = {
            input: (verb.attrs.input ?? 'dtmf').split(' '),
            hints: verb.attrs.hints ? verb.attrs.hints.split(',') : [],
            ...(verb.attrs.language ? { speechLanguage: verb.attrs.language } : {}),
            ...(verb.attrs.timeout ? { timeoutSec: Number(verb.attrs.timeout) } : {}),
            ...(verb.attrs.numDigits ? { maxDigits: Number(verb.attrs.numDigits) } : {}),
          };
          this.pending.gatherAction = verb.attrs.action;
          step.waitingFor = 'input';
          return step;
        case 'Dial': {
          const number = verb.children.find((c) => c.name === 'Number')?.text;
          const sip = verb.children.find((c) => c.name === 'Sip')?.text;
          step.dial = {
            ...(number ? { number } : {}),
            ...(sip ? { sip } : {}),
            ...(verb.attrs.timeout ? { timeoutSec: Number(verb.attrs.timeout) } : {}),
            ...(verb.attrs.callerId ? { callerId: verb.attrs.callerId } : {}),
          };
          this.pending.dialAction = verb.attrs.action;
          step.waitingFor = 'dial';
          return step;
        }
        case 'Redirect': {
          const next = await this.post(verb.text, this.base('in-progress'));
          const rest = await this.execute(next);
          return { ...rest, heard: [...step.heard, ...rest.heard] };
        }
        case 'Hangup':
          return step;
        default:
          throw new Error(`The simulator does not know <${verb.name}>`);
      }
    }
    return step;
  }
}

function heardOf(node: TwimlNode): Heard {
  switch (node.name) {
    case 'Say':
      return {
        text: node.text,
        ...(node.attrs.language ? { language: node.attrs.language } : {}),
        ...(node.attrs.voice ? { voice: node.attrs.voice } : {}),
      };
    case 'Play':
      return { audioUrl: node.text };
    case 'Pause':
      return { pauseSec: Number(node.attrs.length ?? 1) };
    default:
      throw new Error(`<${node.name}> cannot be heard`);
  }
}
