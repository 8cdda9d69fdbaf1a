import { z } from 'zod';
import { destinationSchema } from '../flow/destination.js';
import {
  APPOINTMENT_STATUSES,
  CLAIM_STATUSES,
  ORDER_STATUSES,
  TICKET_STATUSES,
} from '../flow/customer-items.js';

const id = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('Stable id from your system, unique among items of this kind; the key of upserts.');

const text = (max: number, description: string) =>
  z.string().trim().min(1).max(max).describe(description);

const isoInstant = z.iso
  .datetime({ offset: true })
  .describe('ISO-8601 instant with a zone, e.g. 2026-11-20T14:00:00+05:00');

const isoDate = z.iso.date().describe('A day, YYYY-MM-DD.');

/** Major units as people write them; stored in minor units, so at most two decimals. */
const amount = (description: string) =>
  z
    .number()
    .nonnegative()
    // The shortest form JS prints a number in is what was written, give or take zeros.
    .refine((n) => /^\d+(\.\d{1,2})?$/.test(String(n)), {
      message: 'at most two decimals (major units, e.g. 45000 or 1250.50)',
    })
    .describe(description);

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as KZT, RUB, UAH')
  .describe('ISO 4217 currency code.');

/** An order of the customer. */
export const crmFileOrderSchema = z
  .strictObject({
    id,
    number: text(50, 'Order number the customer knows, e.g. 2026-004512.'),
    status: z
      .enum(ORDER_STATUSES)
      .describe('created, paid, in_delivery, ready_for_pickup, delivered or cancelled.'),
    createdAt: isoInstant.describe('When the order was placed.'),
    deliveryFrom: isoInstant.nullish().describe('Start of the promised delivery window.'),
    deliveryTo: isoInstant.nullish().describe('End of the promised delivery window.'),
  })
  .describe('An order; delivered and cancelled ones are kept but not offered to the IVR.');

/** An insurance claim of the customer. */
export const crmFileClaimSchema = z
  .strictObject({
    id,
    number: text(50, 'Claim number the customer knows.'),
    openedAt: isoInstant.describe('When the claim was filed.'),
    status: z
      .enum(CLAIM_STATUSES)
      .describe('submitted, in_review, awaiting_documents, approved, rejected or paid.'),
  })
  .describe('An insurance claim; rejected and paid ones are closed.');

/** A card transaction of the customer. */
export const crmFileCardTransactionSchema = z
  .strictObject({
    id,
    amount: amount('Amount in major units, e.g. 45000 (tenge).'),
    currency,
    at: isoInstant.describe('When the card was charged.'),
    merchant: text(200, 'Merchant as the statement shows it, with its city if known.'),
    suspicious: z
      .boolean()
      .optional()
      .describe('True while the bank wants the customer to confirm it; set false once settled.'),
    cardLast4: z
      .string()
      .regex(/^\d{4}$/, 'the last four digits of the card')
      .describe('Last four digits of the card; never the whole number.'),
  })
  .describe('A card transaction; the IVR sees suspicious ones and those of the last 72 hours.');

/** An appointment of the customer with a specialist. */
export const crmFileAppointmentSchema = z
  .strictObject({
    id,
    specialist: text(200, 'Who the appointment is with, as callers know them.'),
    at: isoInstant.describe('When the appointment starts.'),
    status: z.enum(APPOINTMENT_STATUSES).describe('scheduled, confirmed or cancelled.'),
  })
  .describe('An appointment; cancelled ones are closed.');

/** A support ticket of the customer. */
export const crmFileTicketSchema = z
  .strictObject({
    id,
    number: text(50, 'Ticket number the customer knows.'),
    openedAt: isoInstant.describe('When the ticket was opened.'),
    subject: text(500, 'What the ticket is about, in the words of the CRM.'),
    status: z.enum(TICKET_STATUSES).describe('open, pending or resolved.'),
  })
  .describe('A support ticket; resolved ones are closed.');

const money = (description: string) =>
  z.strictObject({ amount: amount('Amount in major units.'), currency }).describe(description);

/** Account facts of the customer; every field optional. */
export const crmFileAccountSchema = z
  .strictObject({
    // Checked with the flow's own parser, kept as written: the file stays a string.
    personalManager: z
      .string()
      .trim()
      .refine((d) => destinationSchema.safeParse(d).success, {
        message: 'expected an E.164 number (+77011234567) or a SIP URI (sip:user@host)',
      })
      .nullish()
      .describe("VIP's personal manager: E.164 number or SIP URI."),
    overdue: money('Overdue balance; more than 0 makes the customer a debtor.').nullish(),
    openComplaint: z.boolean().optional().describe('True while a complaint is open.'),
    paymentDue: z
      .strictObject({
        on: isoDate.describe('Day the next payment is due, YYYY-MM-DD.'),
        amount: amount('Amount due in major units.'),
        currency,
      })
      .nullish()
      .describe('The next payment due.'),
    policyExpires: z
      .strictObject({
        on: isoDate.describe('Day the policy expires, YYYY-MM-DD.'),
        policyNumber: text(50, 'Policy number; the IVR speaks its last four characters only.'),
      })
      .nullish()
      .describe('Insurance policy expiry.'),
    bonusPoints: z
      .number()
      .int()
      .nonnegative()
      .nullish()
      .describe('Bonus points balance, a whole number.'),
  })
  .describe("Account facts; they replace the customer's account facts on file.");

export type CrmFileOrder = z.infer<typeof crmFileOrderSchema>;
export type CrmFileClaim = z.infer<typeof crmFileClaimSchema>;
export type CrmFileCardTransaction = z.infer<typeof crmFileCardTransactionSchema>;
export type CrmFileAppointment = z.infer<typeof crmFileAppointmentSchema>;
export type CrmFileTicket = z.infer<typeof crmFileTicketSchema>;
export type CrmFileAccount = z.infer<typeof crmFileAccountSchema>;
