import { randomUUID } from 'node:crypto';
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
}

type Ncco = Array<Record<string, unknown>>;

/**
 * Plays the Vonage side of one inbound call: the answer webhook (GET query or POST JSON),
 * signed JWTs with payload_hash, executing the NCCO we return, posting input results to
 * the input's eventUrl, connect leg events to the connect's eventUrl, and call events to
 * /vonage/event, in the shapes of the Vonage webhook reference.
 */
export class VonageCall {
  readonly uuid = randomUUID().replace(/-/g, '');
  readonly conversationUuid = `CON-${randomUUID()}`;
  private pending: { inputUrl?: string; connectUrl?: string } = {};
  private startedAt = Date.now();

  constructor(private readonly opts: VonageCallOptions) {}

  private common() {
    return {
      from: this.opts.from,
      to: this.opts.to,
      uuid: this.uuid,
      conversation_uuid: this.conversationUuid,
      timestamp: new Date().toISOString(),
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

  /** The call is answered: Vonage requests the answer_url. */
  async start(): Promise<CallStep> {
    this.startedAt = Date.now();
    const answer = {
      from: this.opts.from,
      to: this.opts.to,
      uuid: this.uuid,
      conversation_uuid: this.conversationUuid,
      endpoint_type: 'phone',
      region_url: 'https://api-eu-1.vonage.com',
    };
    const url = `${this.opts.publicUrl}/vonage/answer`;
    if (this.opts.answerMethod === 'POST') return this.execute(await this.postJson(url, answer));
    const query = new URLSearchParams(answer).toString();
    const headers: Record<string, string> = {};
    if (this.opts.signatureSecret) {
      headers.Authorization = `Bearer ${await signVonageWebhook(this.opts.signatureSecret, '')}`;
    }
    return this.execute(
      await this.opts.transport({ method: 'GET', url: `${url}?${query}`, headers }),
    );
  }

  press(digits: string): Promise<CallStep> {
    return this.answerInput({
      dtmf: { digits, timed_out: false },
      speech: { results: [] },
    });
  }

  say(text: string, confidence = 0.9): Promise<CallStep> {
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

  private async answerInput(input: Record<string, unknown>): Promise<CallStep> {
    const url = this.pending.inputUrl;
    if (!url) throw new Error('No input action is waiting');
    return this.execute(await this.postJson(url, { ...input, ...this.common() }));
  }

  /**
   * The connected leg's events, in the order Vonage sends them; the last one's answer
   * (an NCCO on failure, 204 after a finished conversation) is executed.
   */
  async dialOutcome(
    status: 'completed' | 'busy' | 'unanswered' | 'timeout' | 'failed' | 'rejected',
  ): Promise<CallStep> {
    const url = this.pending.connectUrl;
    if (!url) throw new Error('No connect action is waiting');
    const leg = { ...this.common(), uuid: randomUUID().replace(/-/g, ''), direction: 'outbound' };
    const progress = status === 'completed' ? ['started', 'ringing', 'answered'] : ['started'];
    for (const s of progress) {
      const res = await this.postJson(url, { ...leg, status: s });
      if (res.status !== 204 && res.status !== 200) return this.execute(res);
    }
    const final =
      status === 'completed'
        ? { ...leg, status, duration: '42', start_time: leg.timestamp, end_time: leg.timestamp }
        : { ...leg, status, ...(status === 'busy' ? { sip_code: 486 } : {}) };
    return this.execute(await this.postJson(url, final));
  }

  /** The caller's leg ends: the `completed` event to the application's event_url. */
  hangup(status = 'completed'): Promise<SimResponse> {
    const duration = Math.max(1, Math.round((Date.now() - this.startedAt) / 1000));
    return this.postJson(`${this.opts.publicUrl}/vonage/event`, {
      headers: {},
      ...this.common(),
      status,
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

  /** Executes the NCCO action by action until it must wait or ends. */
  private async execute(res: SimResponse): Promise<CallStep> {
    this.pending = {};
    const step: CallStep = { status: res.status, raw: res.body, heard: [], waitingFor: 'end' };
    if (res.status !== 200) return step;
    const ncco = JSON.parse(res.body) as Ncco;
    if (!Array.isArray(ncco)) throw new Error(`Not an NCCO: ${res.body.slice(0, 200)}`);
    for (const action of ncco) {
      switch (action.action) {
        case 'talk':
          step.heard.push(talkHeard(action));
          break;
        case 'stream':
          step.heard.push({ audioUrl: (action.streamUrl as string[])[0]! });
          break;
        case 'input': {
          const speech = action.speech as { language?: string; context?: string[] } | undefined;
          const dtmf = action.dtmf as { timeOut?: number; maxDigits?: number } | undefined;
          step.gather = {
            input: action.type as string[],
            hints: speech?.context ?? [],
            ...(speech?.language ? { speechLanguage: speech.language } : {}),
            ...(dtmf?.timeOut !== undefined ? { timeoutSec: dtmf.timeOut } : {}),
            ...(dtmf?.maxDigits !== undefined ? { maxDigits: dtmf.maxDigits } : {}),
          };
          this.pending.inputUrl = (action.eventUrl as string[])[0];
          step.waitingFor = 'input';
          return step;
        }
        case 'connect': {
          const endpoint = (action.endpoint as Array<Record<string, string>>)[0]!;
          step.dial = {
            ...(endpoint.type === 'phone' ? { number: `+${endpoint.number}` } : {}),
            ...(endpoint.type === 'sip' ? { sip: endpoint.uri } : {}),
            ...(typeof action.timeout === 'number' ? { timeoutSec: action.timeout } : {}),
            ...(typeof action.from === 'string' ? { callerId: `+${action.from}` } : {}),
          };
          this.pending.connectUrl = (action.eventUrl as string[])[0];
          step.waitingFor = 'dial';
          return step;
        }
        case 'notify': {
          const next = await this.postJson((action.eventUrl as string[])[0]!, action.payload);
          const rest = await this.execute(next);
          return { ...rest, heard: [...step.heard, ...rest.heard] };
        }
        default:
          throw new Error(`The simulator does not know NCCO action ${String(action.action)}`);
      }
    }
    return step;
  }
}

function talkHeard(action: Record<string, unknown>): Heard {
  const text = String(action.text);
  const pause = /^<speak><break time="(\d+)s"\/><\/speak>$/.exec(text);
  if (pause) return { pauseSec: Number(pause[1]) };
  return {
    text,
    ...(typeof action.language === 'string' ? { language: action.language } : {}),
    ...(typeof action.style === 'number' ? { voice: `style-${action.style}` } : {}),
  };
}
