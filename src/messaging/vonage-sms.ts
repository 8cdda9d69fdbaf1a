import { Vonage } from '@vonage/server-sdk';
import { maskPhone } from '../lib/mask.js';
import { fitsGsm7 } from './fits-gsm7.js';
import { requireE164 } from './require-e164.js';
import { SmsSendError } from './sms-send-error.js';
import type { SmsPort, SmsReceipt } from './sms-port.js';
import { vonageErrorBody } from '../provision/vonage-error-body.js';

export interface VonageSmsOptions {
  apiKey: string;
  apiSecret: string;
  /** The sender: an E.164 number of the account, or an alphanumeric sender id. */
  from: string;
  /**
   * Tests only: a local fake instead of https://rest.nexmo.com (the SDK's `restHost`, where
   * it posts `/sms/json`).
   */
  restHost?: string;
}

type SmsClient = Vonage['sms'];
type SmsParams = NonNullable<Parameters<SmsClient['send']>[0]>;
type SmsType = NonNullable<SmsParams['type']>;

/** A message part as the SDK returns it: the API's kebab-case keys in camelCase. */
interface VonageMessagePart {
  status?: string;
  errorText?: string;
  messageId?: string;
}

/**
 * Hints for the SMS API statuses an operator can fix (the API's `error-text` says what
 * happened, these say what to do).
 */
const HINTS: Record<string, string> = {
  '4': 'Check VONAGE_API_KEY and VONAGE_API_SECRET (Dashboard, API settings).',
  '9': 'The account balance or quota is exhausted: top up the Vonage account.',
  '15': 'Check SMS_FROM: a number of this account, or a sender id allowed in the destination country.',
  '29': 'Trial accounts may only text the numbers registered as test numbers in the Dashboard.',
};

/**
 * Sends text messages through Vonage's SMS API (`POST {restHost}/sms/json`) with
 * @vonage/server-sdk's SMS client. Vonage wants numbers without `+`, and needs
 * `type: unicode` for text outside the GSM-7 alphabet (Cyrillic, Kazakh): without it the
 * letters arrive as `?`. Latin text goes as `type: text`, which fits 160 characters per
 * segment instead of 70. The receipt id is the `message-id` of the first part (a long text
 * is split, one id per part).
 */
export class VonageSms implements SmsPort {
  private readonly sms: SmsClient;
  private readonly from: string;

  constructor(options: VonageSmsOptions) {
    const { apiKey, apiSecret, restHost } = options;
    // The SDK has no timeout by default: a hung connection would hold the message forever.
    this.sms = new Vonage({ apiKey, apiSecret }, { restHost, timeout: 15_000 }).sms;
    this.from = options.from.replace(/^\+/, '');
  }

  /** @throws SmsSendError when Vonage refuses the message or cannot be reached. */
  async send(to: string, text: string): Promise<SmsReceipt> {
    const recipient = requireE164(to, 'vonage');
    const params: SmsParams = {
      to: recipient.slice(1),
      from: this.from,
      text,
      type: (fitsGsm7(text) ? 'text' : 'unicode') as SmsType,
    };
    let parts: VonageMessagePart[];
    try {
      parts = (await this.sms.send(params)).messages ?? [];
    } catch (err) {
      throw await vonageFailure(err, recipient);
    }
    const id = parts[0]?.messageId;
    if (!id) {
      throw new SmsSendError(
        `SMS via Vonage to ${maskPhone(recipient)}: the SMS API accepted the request but returned no message-id.`,
        { context: { channel: 'vonage', to: maskPhone(recipient) } },
      );
    }
    return { id, channel: 'vonage' };
  }
}

/**
 * Turns what the SDK throws into an SmsSendError. A refused message comes back as HTTP 200
 * with a non-"0" `status` per part, which the SDK throws as MessageSendAllFailure or
 * MessageSendPartialFailure (its `response.messages`); an HTTP error is a VetchError whose
 * `response` is the fetch Response; anything else never got an answer.
 */
async function vonageFailure(err: unknown, to: string): Promise<SmsSendError> {
  const subject = `SMS via Vonage to ${maskPhone(to)}`;
  const response = field(err, 'response');
  const messages = field(response, 'messages');
  if (Array.isArray(messages)) {
    const parts = messages as VonageMessagePart[];
    const failed = parts.find((p) => p.status !== '0') ?? {};
    const status = failed.status ?? '?';
    const reason = (failed.errorText || 'no error-text')
      .split(to.slice(1))
      .join(maskPhone(to))
      .replace(/\.$/, '');
    const partial = parts.some((p) => p.status === '0') ? ' (some parts were sent)' : '';
    return new SmsSendError(`${subject} was refused: status ${status}, ${reason}${partial}.`, {
      hint: HINTS[status],
      context: { channel: 'vonage', to: maskPhone(to), status },
    });
  }
  const httpStatus = field(response, 'status');
  if (typeof httpStatus === 'number') {
    const body = await vonageErrorBody(response);
    return new SmsSendError(
      `${subject} was refused (HTTP ${httpStatus})${body ? `: ${body}` : ''}.`,
      {
        hint: httpStatus === 401 ? HINTS['4'] : undefined,
        context: { channel: 'vonage', to: maskPhone(to), httpStatus },
      },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SmsSendError(`${subject}: could not reach the Vonage SMS API: ${detail}`, {
    hint: 'Check the network connection.',
    context: { channel: 'vonage', to: maskPhone(to) },
  });
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
