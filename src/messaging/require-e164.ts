import { maskPhone } from '../lib/mask.js';
import { SmsSendError } from './sms-send-error.js';
import type { SmsReceipt } from './sms-port.js';

const E164 = /^\+[1-9]\d{6,14}$/;

const LABELS: Record<SmsReceipt['channel'], string> = {
  outbox: 'outbox',
  twilio: 'Twilio',
  vonage: 'Vonage',
};

/**
 * Returns `to` when it is an E.164 number and rejects anything else before a provider sees
 * it: callers come from webhooks already normalised, so anything else is a bug upstream, and
 * a provider would bill the attempt or guess a country.
 *
 * @throws SmsSendError naming the channel, with the number masked.
 */
export function requireE164(to: string, channel: SmsReceipt['channel']): string {
  if (E164.test(to)) return to;
  throw new SmsSendError(
    `SMS via ${LABELS[channel]}: recipient ${maskPhone(to)} is not an E.164 number.`,
    {
      hint: 'Pass numbers as +<country code><number>, e.g. +77071234567.',
      context: { channel, to: maskPhone(to) },
    },
  );
}
