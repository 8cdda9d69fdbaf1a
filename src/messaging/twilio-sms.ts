import type twilio from 'twilio';
import { maskPhone } from '../lib/mask.js';
import { createTwilioClient, type TwilioClientOptions } from '../provision/twilio-client.js';
import { readTwilioFailure } from '../provision/twilio-rest-failure.js';
import { requireE164 } from './require-e164.js';
import { SmsSendError } from './sms-send-error.js';
import type { SmsPort, SmsReceipt } from './sms-port.js';

export interface TwilioSmsOptions extends TwilioClientOptions {
  /** The sender: an E.164 number of the account, or an alphanumeric sender id. */
  from: string;
}

/**
 * Sends text messages through Twilio's Messages API (`POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json` with `To`, `From`, `Body`), using the
 * twilio package's client. Twilio picks the encoding itself (GSM-7, or UCS-2 for Cyrillic
 * and Kazakh text), so the body is sent as is. The receipt id is the Message SID (`SM…`).
 * Acceptance means queued, not delivered: delivery is reported later, if at all.
 */
export class TwilioSms implements SmsPort {
  private readonly client: twilio.Twilio;
  private readonly from: string;

  constructor(options: TwilioSmsOptions) {
    const { from, ...clientOptions } = options;
    this.client = createTwilioClient(clientOptions);
    this.from = from;
  }

  /** @throws SmsSendError when Twilio refuses the message or cannot be reached. */
  async send(to: string, text: string): Promise<SmsReceipt> {
    const recipient = requireE164(to, 'twilio');
    try {
      const message = await this.client.messages.create({
        to: recipient,
        from: this.from,
        body: text,
      });
      return { id: message.sid, channel: 'twilio' };
    } catch (err) {
      throw twilioFailure(err, recipient);
    }
  }
}

/** What twilio-node throws, as an SmsSendError with the recipient masked. */
function twilioFailure(err: unknown, to: string): SmsSendError {
  const failure = readTwilioFailure(err, {
    subject: `SMS via Twilio to ${maskPhone(to)}`,
    numbers: [to],
    context: { channel: 'twilio', to: maskPhone(to) },
    hint: (code) =>
      // 21212 invalid From, 21606 From cannot send SMS, 21612 route not reachable from it.
      code === 21212 || code === 21606 || code === 21612
        ? 'Check SMS_FROM: an SMS-capable number of this account, or a sender id allowed in the destination country.'
        : undefined,
  });
  return new SmsSendError(failure.message, { hint: failure.hint, context: failure.context });
}
