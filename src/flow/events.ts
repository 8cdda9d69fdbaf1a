import type { CustomerProfile } from './customer.js';
import type { EmployeeContact, RankedEmployee } from './employee-data.js';
import type { Language } from './language.js';
import type { ContractInfo, Outage } from './self-service-data.js';

/** How a transfer attempt ended. */
export type DialOutcome = 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** How the whole call ended, as the provider reports it. */
export type CallEndStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/**
 * Everything that can happen to a call, already parsed out of the provider payloads and
 * effect results. `at` is an ISO-8601 UTC instant stamped by the runtime's clock.
 */
export type CallEvent =
  | {
      type: 'call.started';
      at: string;
      /** Provider name, kept on the call record (`twilio`, `vonage`). */
      provider: string;
      callId: string;
      /** Caller in E.164, or null when withheld or not a phone number. */
      from: string | null;
      /** The number that was called (DID), E.164 when it parses, else as received. */
      to: string;
    }
  | {
      type: 'crm.found';
      at: string;
      customer: CustomerProfile;
      outages: Outage[];
      /** The employees dealing with the customer, best first (empty without history). */
      employees: RankedEmployee[];
      /** The language this number's caller chose on an earlier call (our store), if any. */
      rememberedLanguage?: Language | null;
    }
  | {
      type: 'crm.notFound';
      at: string;
      outages: Outage[];
      /** The language this number's caller chose on an earlier call (our store), if any. */
      rememberedLanguage?: Language | null;
    }
  | { type: 'crm.timeout'; at: string }
  | { type: 'crm.failed'; at: string; error: string }
  | { type: 'crm.extensionFound'; at: string; employee: EmployeeContact }
  | { type: 'crm.extensionNotFound'; at: string; extension: string }
  | { type: 'crm.extensionFailed'; at: string; error: string }
  | { type: 'crm.contractFound'; at: string; contract: ContractInfo }
  | { type: 'crm.contractNotFound'; at: string }
  | { type: 'crm.contractFailed'; at: string; error: string }
  | { type: 'crm.trustCreditActivated'; at: string }
  | { type: 'crm.trustCreditFailed'; at: string; error: string }
  | { type: 'sms.sent'; at: string }
  | { type: 'sms.failed'; at: string; error: string }
  | { type: 'crm.recorded'; at: string }
  | { type: 'crm.requestRecorded'; at: string }
  | { type: 'crm.requestFailed'; at: string; error: string }
  | { type: 'crm.appointmentConfirmed'; at: string }
  | { type: 'crm.appointmentFailed'; at: string; error: string }
  | { type: 'crm.languageSaved'; at: string }
  | { type: 'crm.languageFailed'; at: string; error: string }
  | { type: 'crm.recordFailed'; at: string; error: string }
  | { type: 'store.languageRemembered'; at: string }
  | { type: 'store.languageFailed'; at: string; error: string }
  | {
      type: 'input.received';
      at: string;
      digits: string | null;
      speech: { text: string; confidence: number | null } | null;
    }
  | { type: 'input.empty'; at: string }
  | { type: 'dial.ended'; at: string; outcome: DialOutcome; durationSec: number | null }
  | { type: 'call.continue'; at: string }
  | { type: 'call.ended'; at: string; status: CallEndStatus; durationSec: number | null };

export type CallEventType = CallEvent['type'];
