import { z } from 'zod';
import { languageSchema } from '../flow/language.js';
import {
  crmFileAccountSchema,
  crmFileAppointmentSchema,
  crmFileCardTransactionSchema,
  crmFileClaimSchema,
  crmFileOrderSchema,
  crmFileTicketSchema,
} from './customer-items-file-schema.js';
import { isIanaZoneName } from './iana-zone-name.js';
import { crmFileEmployeeSchema, crmFileEventSchema } from './ranking/ranking-file-schema.js';
import { crmFileContractSchema, crmFileOutageSchema } from './self-service-file-schema.js';

/** Optional text: absent or null both mean "unknown". */
const optionalText = (max: number, description: string) =>
  z.string().trim().max(max).nullish().describe(description);

/** One customer of a CRM file, as people write it: phones in any human format. */
export const crmFileCustomerSchema = z
  .strictObject({
    id: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Stable customer id from your system; importing the same id again updates it.'),
    firstName: z.string().trim().min(1).max(100).describe('Given name, used in the greeting.'),
    lastName: optionalText(100, 'Family name.'),
    patronymic: optionalText(100, 'Patronymic (Петрович, Қайратұлы), if any.'),
    language: languageSchema
      .nullish()
      .describe('Preferred language: ru, kk, en or uk. Absent: the caller is asked.'),
    timeZone: z
      .string()
      .trim()
      // Empty means unknown, as for the other optional text fields.
      .refine((zone) => zone === '' || isIanaZoneName(zone), {
        message: 'not an IANA time zone; use a zone name such as Asia/Almaty (not UTC+5)',
      })
      .nullish()
      .describe('IANA time zone such as Asia/Almaty, for the part-of-day greeting.'),
    segment: optionalText(50, 'Free-form label: regular, vip, corporate, debtor, …'),
    phones: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(40)
          .describe(
            'Phone number in any human format: +7 (707) 123-45-67, 8 707 123 45 67, 87071234567.',
          ),
      )
      .min(1)
      .describe('Every number of the customer; each number belongs to one customer.'),
    // Items and account facts belong to one customer and go with them, so they are written
    // inside it. A section present replaces that kind of the customer's items; absent, the
    // items on file are kept (a customers-only file does not erase them).
    account: crmFileAccountSchema.optional(),
    orders: z
      .array(crmFileOrderSchema)
      .optional()
      .describe("The customer's orders; they replace the orders on file."),
    claims: z
      .array(crmFileClaimSchema)
      .optional()
      .describe("The customer's insurance claims; they replace the claims on file."),
    cardTransactions: z
      .array(crmFileCardTransactionSchema)
      .optional()
      .describe("The customer's card transactions; they replace the transactions on file."),
    appointments: z
      .array(crmFileAppointmentSchema)
      .optional()
      .describe("The customer's appointments; they replace the appointments on file."),
    tickets: z
      .array(crmFileTicketSchema)
      .optional()
      .describe("The customer's support tickets; they replace the tickets on file."),
  })
  .describe('A customer.');

/**
 * The CRM import/export file (docs/crm-file.md). Strict: an unknown field is an error,
 * so a typo such as `timezone` is reported instead of silently dropped.
 */
export const crmFileSchema = z
  .strictObject({
    // Lets editors find the JSON Schema; allowed so the strict format does not refuse it.
    $schema: z.string().optional().describe('Path or URL of crm-file.schema.json, for editors.'),
    version: z.literal(1).describe('Format version; this one is 1.'),
    customers: z.array(crmFileCustomerSchema).describe('The customers to create or update.'),
    contracts: z
      .array(crmFileContractSchema)
      .optional()
      .describe('Service contracts for self-service (balance by SMS, trust credit).'),
    outages: z.array(crmFileOutageSchema).optional().describe('Outages by service area.'),
    employees: z
      .array(crmFileEmployeeSchema)
      .optional()
      .describe('Employees callers can be put through to, with their absences.'),
    events: z
      .array(crmFileEventSchema)
      .optional()
      .describe('CRM events between clients and employees: they rank the employees per client.'),
  })
  .meta({
    title: 'CRM file',
    description: 'Customers for the IVR embedded CRM: npm run crm:import -- file.json',
  });

/** A parsed CRM file (phones still as written). */
export type CrmFile = z.infer<typeof crmFileSchema>;
/** One customer of a parsed CRM file. */
export type CrmFileCustomer = z.infer<typeof crmFileCustomerSchema>;
