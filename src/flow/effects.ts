import type { CallRecord } from './call-record.js';
import type { Language } from './language.js';
import type { Money } from './self-service-data.js';

/**
 * Named side effects the flow asks for. The runtime executes them with a time budget and
 * feeds the outcome back as events: `crm.found`/`crm.notFound`/`crm.timeout`/`crm.failed`,
 * `crm.extensionFound`/`crm.extensionNotFound`/`crm.extensionFailed`,
 * `crm.contractFound`/`crm.contractNotFound`/`crm.contractFailed`,
 * `crm.trustCreditActivated`/`crm.trustCreditFailed`, `sms.sent`/`sms.failed`,
 * `crm.recorded`/`crm.recordFailed`, `crm.requestRecorded`/`crm.requestFailed`,
 * `crm.appointmentConfirmed`/`crm.appointmentFailed`, `crm.languageSaved`/`crm.languageFailed`,
 * `store.languageRemembered`/`store.languageFailed`.
 */
export type Effect =
  | { type: 'crm.lookupCaller'; phone: string }
  | { type: 'crm.findContract'; number: string }
  | { type: 'crm.findExtension'; extension: string }
  | {
      type: 'crm.activateTrustCredit';
      contractNumber: string;
      amount: Money;
      activatedAt: string;
      dueAt: string;
      callId: string;
    }
  | { type: 'sms.send'; to: string; text: string }
  | { type: 'crm.recordCall'; record: CallRecord }
  /** A request the caller made in the IVR (block the card, reschedule), for the CRM to act on. */
  | { type: 'crm.recordRequest'; request: CustomerRequest }
  | { type: 'crm.confirmAppointment'; appointmentId: string; callId: string }
  /** The language a caller picked, so the next call uses it without asking. */
  | { type: 'crm.saveLanguage'; customerId: string; language: Language }
  /** The language a caller picked, kept for their number in our store (known to the CRM or not). */
  | { type: 'store.rememberLanguage'; phone: string; language: Language };

/**
 * A request recorded from the IVR for the CRM's people to act on: block the card of a
 * suspicious payment, find another time for an appointment.
 */
export interface CustomerRequest {
  kind: 'block-card' | 'reschedule-appointment';
  customerId: string | null;
  /** The open item it concerns (the suspicious transaction). */
  itemId: string;
  callId: string;
  at: string;
}
