import type { Destination } from '../flow/destination.js';

/**
 * The answers of last resort, built without any renderer, template or id: what the error
 * handler sends when even the apology could not be rendered. They only connect the operator
 * (no prompt text, so nothing from settings can break them).
 */
export function constantTwilioFailure(operator: Destination): string {
  const target =
    operator.type === 'number'
      ? `<Number>${escapeXml(operator.number)}</Number>`
      : `<Sip>${escapeXml(operator.uri)}</Sip>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial>${target}</Dial></Response>`;
}

/** The Vonage counterpart: one `connect` to the operator. */
export function constantVonageFailure(operator: Destination) {
  return [
    {
      action: 'connect' as const,
      endpoint: [
        operator.type === 'number'
          ? { type: 'phone' as const, number: operator.number.replace(/^\+/, '') }
          : { type: 'sip' as const, uri: operator.uri },
      ],
      randomFromNumber: true,
    },
  ];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
