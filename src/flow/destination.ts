import { z } from 'zod';

/** A transfer target: an E.164 number or a SIP URI. */
export type Destination = { type: 'number'; number: string } | { type: 'sip'; uri: string };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Parses `+77011234567` or `sip:agent@pbx.example.com` into a Destination. */
export const destinationSchema = z
  .string()
  .trim()
  .refine((s) => E164.test(s) || /^sips?:[^\s@]+@[^\s]+$/i.test(s), {
    message: 'expected an E.164 number (+77011234567) or a SIP URI (sip:user@host)',
  })
  .transform((s): Destination =>
    E164.test(s) ? { type: 'number', number: s } : { type: 'sip', uri: s },
  );

/** A readable form for logs and call records. */
export function describeDestination(d: Destination): string {
  return d.type === 'number' ? d.number : d.uri;
}
