import { z } from 'zod';

const isoInstant = z.iso
  .datetime({ offset: true })
  .describe('ISO-8601 instant with a zone, e.g. 2026-11-21T18:00:00+05:00');

/** A trust credit already given on a contract (history decides whether a new one is allowed). */
export const crmFileTrustCreditSchema = z.strictObject({
  amount: z.number().positive().describe('Amount in major units, e.g. 500 (tenge).'),
  activatedAt: isoInstant,
  dueAt: isoInstant.describe('When it had to be repaid.'),
  repaidAt: isoInstant.nullish().describe('When it was repaid; absent or null while it is not.'),
});

/** A service contract: what balance-by-SMS and trust credit work on. */
export const crmFileContractSchema = z.strictObject({
  number: z
    .string()
    .regex(/^\d{4,16}$/, 'digits only, 4 to 16 of them')
    .describe('Contract number as callers type it on the keypad.'),
  customerId: z.string().trim().min(1).nullish().describe('The customer it belongs to, if known.'),
  balance: z.number().describe('Balance in major units; negative means debt, e.g. -150.50.'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as KZT, UAH, RUB')
    .describe('Currency of the balance.'),
  area: z
    .string()
    .trim()
    .min(1)
    .nullish()
    .describe('Service area of the address; outages are announced by area.'),
  address: z.string().trim().min(1).nullish().describe('Service address, for people.'),
  phones: z
    .array(z.string().trim().min(1))
    .describe('Numbers registered on the contract in the personal account, any format.'),
  trustCredits: z.array(crmFileTrustCreditSchema).optional(),
});

/** An outage in a service area. */
export const crmFileOutageSchema = z.strictObject({
  id: z.string().trim().min(1).describe('Stable id; importing it again updates it.'),
  area: z.string().trim().min(1),
  startsAt: isoInstant,
  endsAt: isoInstant.describe('Expected end; after it the outage is no longer announced.'),
  message: z.string().trim().min(1).nullish().describe('Extra words for callers, if any.'),
});

export type CrmFileContract = z.infer<typeof crmFileContractSchema>;
export type CrmFileOutage = z.infer<typeof crmFileOutageSchema>;
