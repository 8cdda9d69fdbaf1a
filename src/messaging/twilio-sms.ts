import type twilio from 'twilio';
import { maskPhone } from '../lib/mask.js';
import { createTwilioClient, type TwilioClientOptions } from '../provision/twilio-client.js';
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

/**
 * Turns what twilio-node throws into an SmsSendError. RestException (legacy JSON errors)
 * and TwilioServiceException (RFC 9457) both carry the HTTP `status`, Twilio's `code` and a
 * message; anything without a status never got an answer. Twilio's messages may quote the
 * recipient, so it is masked there too: the error ends up in logs.
 */
function twilioFailure(err: unknown, to: string): SmsSendError {
  const status = numberField(err, 'status');
  const code = numberField(err, 'code');
  const moreInfo = stringField(err, 'moreInfo');
  const detail = (err instanceof Error ? err.message : String(err)).split(to).join(maskPhone(to));
  const context = { channel: 'twilio', to: maskPhone(to), status, code, moreInfo };
  const subject = `SMS via Twilio to ${maskPhone(to)}`;
  if (status === undefined) {
    return new SmsSendError(`${subject}: could not reach the Twilio API: ${detail}`, {
      hint: 'Check the network connection (and HTTP_PROXY, if one is needed).',
      context,
    });
  }
  const twilioCode = code === undefined ? '' : `, Twilio error ${code}`;
  return new SmsSendError(`${subject} was refused (HTTP ${status}${twilioCode}): ${detail}`, {
    hint: hintFor(status, code, moreInfo),
    context,
  });
}

function hintFor(
  status: number,
  code: number | undefined,
  moreInfo: string | undefined,
): string | undefined {
  if (status === 401) {
    return 'Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Console, Account Info).';
  }
  // 21212 invalid From, 21606 From cannot send SMS, 21612 route not reachable from it.
  if (code === 21212 || code === 21606 || code === 21612) {
    return 'Check SMS_FROM: an SMS-capable number of this account, or a sender id allowed in the destination country.';
  }
  return moreInfo ? `See ${moreInfo}.` : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const v = field(value, key);
  return typeof v === 'number' ? v : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}
