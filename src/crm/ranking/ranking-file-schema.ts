import { z } from 'zod';
import { destinationSchema } from '../../flow/destination.js';
import { isIanaZoneName } from '../iana-zone-name.js';
import { eventTypeNameSchema } from './ranking-settings.js';
import { workingHoursSchema } from './working-hours.js';

const id = (description: string) => z.string().trim().min(1).max(100).describe(description);

const optionalText = (max: number, description: string) =>
  z.string().trim().max(max).nullish().describe(description);

const isoDate = z.iso.date().describe('A day, YYYY-MM-DD, in the employee time zone.');

/** A vacation, sick leave or other absence: whole days, both ends included. */
export const crmFileAbsenceSchema = z
  .strictObject({
    startsOn: isoDate.describe('First day absent, YYYY-MM-DD (employee time zone).'),
    endsOn: isoDate.describe('Last day absent, included, YYYY-MM-DD.'),
    kind: z.enum(['vacation', 'sick', 'other']).describe('vacation, sick or other.'),
  })
  .describe('An absence: the employee is not offered on these days.');

/** An employee callers can be put through to. */
export const crmFileEmployeeSchema = z
  .strictObject({
    id: id('Stable employee id from your system; importing the same id again updates it.'),
    firstName: z.string().trim().min(1).max(100).describe('Given name, spoken in the menu.'),
    lastName: optionalText(100, 'Family name.'),
    patronymic: optionalText(100, 'Patronymic, if any.'),
    extension: z
      .string()
      .regex(/^\d{2,6}$/, '2 to 6 digits (one digit would clash with the menu keys)')
      .describe('Internal extension, 2-6 digits, unique; callers may dial it.'),
    // Checked with the flow's own parser, kept as written: the file stays a string.
    destination: z
      .string()
      .trim()
      .refine((d) => destinationSchema.safeParse(d).success, {
        message: 'expected an E.164 number (+77011234567) or a SIP URI (sip:user@host)',
      })
      .describe('Where calls to the employee go: E.164 number or SIP URI.'),
    timeZone: z
      .string()
      .trim()
      .refine(isIanaZoneName, {
        message: 'not an IANA time zone; use a zone name such as Asia/Almaty (not UTC+5)',
      })
      .describe('IANA time zone of the working hours and absence days.'),
    workingHours: workingHoursSchema,
    dismissed: z.boolean().optional().describe('True once the employee has left.'),
    technical: z.boolean().optional().describe('True for technical accounts: never offered.'),
    absences: z
      .array(crmFileAbsenceSchema)
      .optional()
      .describe("Absences; they replace the employee's absences on file."),
  })
  .describe('An employee.');

/** One CRM event: the CRM file's `events[]` and the body of POST /api/crm-events. */
export const crmFileEventSchema = z
  .strictObject({
    id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "The CRM's event id; recording an id again changes nothing. Absent: a hash of the event.",
      ),
    type: eventTypeNameSchema.describe(
      'Event type from the ranking settings: invoice_sent, call_outgoing, call_incoming, email, meeting, support_reply, deal_stage_change by default.',
    ),
    clientId: id('The customer id (customers[].id).'),
    employeeId: id('The employee id (employees[].id).'),
    at: z.iso
      .datetime({ offset: true })
      .describe('When it happened: ISO-8601 instant with a zone, e.g. 2026-11-20T15:30:00+05:00'),
  })
  .describe('A CRM event between a client and an employee.');

export type CrmFileEmployee = z.infer<typeof crmFileEmployeeSchema>;
export type CrmFileAbsence = z.infer<typeof crmFileAbsenceSchema>;
export type CrmFileEvent = z.infer<typeof crmFileEventSchema>;
