import type twilio from 'twilio';
import { maskPhone } from '../lib/mask.js';
import { createTwilioClient, type TwilioClientOptions } from '../provision/twilio-client.js';
import { readTwilioFailure } from '../provision/twilio-rest-failure.js';
import { CALLBACK_PATHS, callbackAnswerUrl } from './callback-paths.js';
import { checkCallbackRequest } from './check-callback-request.js';
import { PlaceCallError } from './place-call-error.js';
import type { CallbackRequest, PlacedCall, TelephonyPort } from './telephony-port.js';

export interface TwilioTelephonyOptions extends TwilioClientOptions {
  /** PUBLIC_URL, no trailing slash: where Twilio fetches the TwiML and posts statuses. */
  publicUrl: string;
  /** How long the agent's phone rings before Twilio gives up, seconds. Default 30. */
  ringTimeoutSec?: number;
}

/**
 * Places callbacks with Twilio's Calls API (`POST /2010-04-01/Accounts/{Sid}/Calls.json`)
 * through the twilio package. Twilio calls the agent (`To`: number or SIP URI); when they
 * answer it POSTs to `/twilio/callback?task=…&attempt=…`, whose TwiML says who is being
 * called and dials the customer. The customer's number never goes into the request: the
 * webhook reads it from the task. Progress (initiated, ringing, answered, completed) is
 * posted to `/twilio/status`. The call id is the Call SID (`CA…`).
 */
export class TwilioTelephony implements TelephonyPort {
  private readonly client: twilio.Twilio;
  private readonly publicUrl: string;
  private readonly ringTimeoutSec: number;

  constructor(options: TwilioTelephonyOptions) {
    const { publicUrl, ringTimeoutSec, ...clientOptions } = options;
    this.client = createTwilioClient(clientOptions);
    this.publicUrl = publicUrl.replace(/\/+$/, '');
    this.ringTimeoutSec = ringTimeoutSec ?? 30;
  }

  /** @throws PlaceCallError when Twilio refuses the call or cannot be reached. */
  async placeCallback(req: CallbackRequest): Promise<PlacedCall> {
    checkCallbackRequest(req, 'twilio');
    try {
      const call = await this.client.calls.create({
        to: req.agent,
        from: req.from,
        url: callbackAnswerUrl(
          this.publicUrl,
          CALLBACK_PATHS.twilio.answer,
          req.taskId,
          req.attempt,
        ),
        method: 'POST',
        statusCallback: this.publicUrl + CALLBACK_PATHS.twilio.status,
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        statusCallbackMethod: 'POST',
        timeout: this.ringTimeoutSec,
      });
      return { callId: call.sid, channel: 'twilio' };
    } catch (err) {
      throw twilioFailure(err, req);
    }
  }
}

/** What twilio-node throws, as a PlaceCallError with the numbers masked. */
function twilioFailure(err: unknown, req: CallbackRequest): PlaceCallError {
  const failure = readTwilioFailure(err, {
    subject: `Callback via Twilio for task ${req.taskId} (agent ${maskPhone(req.agent)})`,
    numbers: [req.agent, req.from],
    context: { channel: 'twilio', taskId: req.taskId },
    hint: (code) => {
      // 21210 caller id not verified, 21212 invalid caller id, 21213 caller id missing.
      if (code === 21210 || code === 21212 || code === 21213) {
        return 'Check CALLBACK_FROM: a voice-capable number of this account or a verified caller id.';
      }
      // 21211 invalid To, 21214 To cannot be reached.
      if (code === 21211 || code === 21214) {
        return "Check the agent's destination (an E.164 number or sip: URI Twilio can reach).";
      }
      return undefined;
    },
  });
  return new PlaceCallError(failure.message, { hint: failure.hint, context: failure.context });
}
