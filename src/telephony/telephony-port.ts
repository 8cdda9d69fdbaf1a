/**
 * A callback to place: the provider calls the agent first; when the agent answers, our
 * webhook (`/twilio/callback` or `/vonage/callback`, with `task` and `attempt` in the query)
 * tells them who is being called and dials the customer.
 */
export interface CallbackRequest {
  taskId: string;
  attempt: number;
  /** Who is called first: E.164 number or `sip:` URI. */
  agent: string;
  /** Who the agent is put through to, E.164. Not sent to the provider with the call. */
  customer: string;
  /** Our number, shown as caller id (E.164). */
  from: string;
  language: string;
}

/** The call the provider accepted: its id (Twilio Call SID, Vonage UUID, outbox id). */
export interface PlacedCall {
  callId: string;
  channel: 'outbox' | 'twilio' | 'vonage';
}

/**
 * Places outbound callback calls. Implementations: the embedded outbox (records what would
 * be dialled; the default, works offline), Twilio's Calls API and Vonage's Voice API.
 * Resolving means the provider accepted the call, not that anyone answered: how it went
 * arrives later on the status / event webhooks. Failures reject with PlaceCallError.
 */
export interface TelephonyPort {
  placeCallback(req: CallbackRequest): Promise<PlacedCall>;
}
