import { Vonage } from '@vonage/server-sdk';
import { maskPhone } from '../lib/mask.js';
import { CALLBACK_PATHS, callbackAnswerUrl } from './callback-paths.js';
import { checkCallbackRequest, isSipUri } from './check-callback-request.js';
import { PlaceCallError } from './place-call-error.js';
import type { CallbackRequest, PlacedCall, TelephonyPort } from './telephony-port.js';
import { vonageErrorBody } from '../provision/vonage-error-body.js';

export interface VonageTelephonyOptions {
  /** The Vonage application that places the calls; its JWTs carry this id. */
  applicationId: string;
  /** The application's private key, PEM text (Config reads VONAGE_PRIVATE_KEY_PATH). */
  privateKey: string;
  /** PUBLIC_URL, no trailing slash: where Vonage fetches the NCCO and posts events. */
  publicUrl: string;
  /** How long the agent's phone rings before Vonage gives up, seconds (1-120). Default 30. */
  ringTimeoutSec?: number;
  /** Tests only: a local fake instead of https://api.nexmo.com (the SDK's `apiHost`). */
  apiHost?: string;
}

type VoiceClient = Vonage['voice'];
type OutboundCall = Parameters<VoiceClient['createOutboundCall']>[0];
/** The SDK types methods as an enum of the same strings. */
const POST = 'POST' as NonNullable<OutboundCall['eventMethod']>;

/**
 * Places callbacks with Vonage's Voice API (`POST {apiHost}/v1/calls`, JSON, a Bearer JWT
 * signed RS256 with the application's private key) through @vonage/server-sdk. Vonage calls
 * the agent (`to`: phone, digits without `+`, or SIP URI); when they answer it POSTs to
 * `/vonage/callback?task=…&attempt=…`, whose NCCO says who is being called and connects the
 * customer. `answer_method` is POST (the API also takes GET, its default) so Vonage's
 * answer fields travel in the body and our query string reaches the route untouched.
 * Progress goes to `/vonage/event`. The call id is the call's `uuid`.
 */
export class VonageTelephony implements TelephonyPort {
  private readonly voice: VoiceClient;
  private readonly publicUrl: string;
  private readonly ringTimeoutSec: number;

  constructor(options: VonageTelephonyOptions) {
    const { applicationId, privateKey, apiHost } = options;
    // The SDK has no timeout by default: a hung connection would hold the task forever.
    this.voice = new Vonage({ applicationId, privateKey }, { apiHost, timeout: 15_000 }).voice;
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.ringTimeoutSec = options.ringTimeoutSec ?? 30;
  }

  /** @throws PlaceCallError when Vonage refuses the call or cannot be reached. */
  async placeCallback(req: CallbackRequest): Promise<PlacedCall> {
    checkCallbackRequest(req, 'vonage');
    const to = isSipUri(req.agent)
      ? ({ type: 'sip', uri: req.agent } as const)
      : ({ type: 'phone', number: req.agent.slice(1) } as const);
    const call: OutboundCall = {
      to: [to],
      from: { type: 'phone', number: req.from.slice(1) },
      answerUrl: [
        callbackAnswerUrl(this.publicUrl, CALLBACK_PATHS.vonage.answer, req.taskId, req.attempt),
      ],
      answerMethod: POST,
      eventUrl: [this.publicUrl + CALLBACK_PATHS.vonage.event],
      eventMethod: POST,
      ringingTimer: this.ringTimeoutSec,
    };
    let uuid: unknown;
    try {
      uuid = (await this.voice.createOutboundCall(call)).uuid;
    } catch (err) {
      throw await vonageFailure(err, req);
    }
    if (typeof uuid !== 'string' || uuid === '') {
      throw new PlaceCallError(
        `Callback via Vonage for task ${req.taskId}: the Voice API accepted the call but returned no uuid.`,
        { context: { channel: 'vonage', taskId: req.taskId } },
      );
    }
    return { callId: uuid, channel: 'vonage' };
  }
}

/**
 * Turns what the SDK throws into a PlaceCallError: an HTTP error is a VetchError whose
 * `response` is the fetch Response (the body is a problem JSON: title, detail, …); anything
 * else never got an answer.
 */
async function vonageFailure(err: unknown, req: CallbackRequest): Promise<PlaceCallError> {
  const subject = `Callback via Vonage for task ${req.taskId} (agent ${maskPhone(req.agent)})`;
  const response = field(err, 'response');
  const status = field(response, 'status');
  if (typeof status === 'number') {
    let body = await vonageErrorBody(response);
    for (const n of [req.agent, req.agent.slice(1), req.from, req.from.slice(1)]) {
      body = body.split(n).join(maskPhone(n));
    }
    return new PlaceCallError(
      `${subject} was refused (HTTP ${status})${body ? `: ${body}` : ''}.`,
      {
        hint:
          status === 401
            ? 'Check VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH: the key must be the private key of that application.'
            : undefined,
        context: { channel: 'vonage', taskId: req.taskId, httpStatus: status },
      },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new PlaceCallError(`${subject}: could not reach the Vonage Voice API: ${detail}`, {
    hint: 'Check the network connection.',
    context: { channel: 'vonage', taskId: req.taskId },
  });
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
