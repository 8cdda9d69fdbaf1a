import { maskPhone } from '../lib/mask.js';
import { PlaceCallError } from './place-call-error.js';
import type { CallbackRequest, PlacedCall } from './telephony-port.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const SIP = /^sips?:[^\s@]+@\S+$/i;

const LABELS: Record<PlacedCall['channel'], string> = {
  outbox: 'outbox',
  twilio: 'Twilio',
  vonage: 'Vonage',
};

/** Whether the agent destination is a SIP URI rather than a phone number. */
export function isSipUri(destination: string): boolean {
  return SIP.test(destination);
}

/**
 * Refuses a request a provider would refuse or misroute before anything is dialled: the
 * numbers come from the CRM and configuration already normalised, so anything else is a bug
 * upstream, and a provider would bill the attempt or guess a country.
 *
 * @throws PlaceCallError naming the field, numbers masked.
 */
export function checkCallbackRequest(req: CallbackRequest, channel: PlacedCall['channel']): void {
  const subject = `Callback via ${LABELS[channel]} for task ${req.taskId}`;
  const refuse = (what: string, value: string, expected: string) =>
    new PlaceCallError(`${subject}: ${what} ${maskPhone(value)} is not ${expected}.`, {
      hint: 'Numbers are written +<country code><number>, e.g. +77071234567.',
      context: { channel, taskId: req.taskId, field: what },
    });
  if (!E164.test(req.agent) && !SIP.test(req.agent)) {
    throw refuse('agent', req.agent, 'an E.164 number or a sip: URI');
  }
  if (!E164.test(req.customer)) throw refuse('customer', req.customer, 'an E.164 number');
  // The outbox dials nothing, so it may run before CALLBACK_FROM is chosen.
  const noCallerIdAllowed = channel === 'outbox' && req.from === '';
  if (!E164.test(req.from) && !noCallerIdAllowed) {
    throw refuse('caller id', req.from, 'an E.164 number');
  }
  if (!Number.isInteger(req.attempt) || req.attempt < 1) {
    throw new PlaceCallError(`${subject}: attempt ${req.attempt} is not a positive integer.`, {
      context: { channel, taskId: req.taskId },
    });
  }
}
