/** Where an SMS went: the provider's message id, or the outbox row id. */
export interface SmsReceipt {
  id: string;
  channel: 'outbox' | 'twilio' | 'vonage';
}

/**
 * Sends text messages to callers (balance, trust-credit confirmation, "we saw your call").
 * Implementations: the embedded outbox (stores what would be sent; the default, works
 * offline), Twilio Messages and Vonage SMS. Failures reject; the runtime turns them into
 * `sms.failed` for the flow.
 */
export interface SmsPort {
  send(to: string, text: string): Promise<SmsReceipt>;
}
