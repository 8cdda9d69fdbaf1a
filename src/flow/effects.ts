import type { CallRecord } from './call-record.js';
import type { Money } from './self-service-data.js';

/**
 * Named side effects the flow asks for. The runtime executes them with a time budget and
 * feeds the outcome back as events: `crm.found`/`crm.notFound`/`crm.timeout`/`crm.failed`,
 * `crm.extensionFound`/`crm.extensionNotFound`/`crm.extensionFailed`,
 * `crm.contractFound`/`crm.contractNotFound`/`crm.contractFailed`,
 * `crm.trustCreditActivated`/`crm.trustCreditFailed`, `sms.sent`/`sms.failed`,
 * `crm.recorded`/`crm.recordFailed`.
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
  | { type: 'crm.recordCall'; record: CallRecord };
