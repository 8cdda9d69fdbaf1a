/**
 * Where the providers come back for a placed callback, relative to PUBLIC_URL. The answer
 * paths are new routes (they answer with TwiML / NCCO that announce the customer and dial
 * them); the status and event paths are the ones inbound calls already use.
 */
export const CALLBACK_PATHS = {
  twilio: { answer: '/twilio/callback', status: '/twilio/status' },
  vonage: { answer: '/vonage/callback', event: '/vonage/event' },
} as const;

/** `${publicUrl}${path}?task=<taskId>&attempt=<n>`, the task id URL-encoded. */
export function callbackAnswerUrl(
  publicUrl: string,
  path: string,
  taskId: string,
  attempt: number,
): string {
  const query = new URLSearchParams({ task: taskId, attempt: String(attempt) });
  return `${publicUrl.replace(/\/+$/, '')}${path}?${query.toString()}`;
}
