import type { CallRecord } from '../../flow/call-record.js';
import type { CustomerProfile } from '../../flow/customer.js';
import type { CustomerRequest } from '../../flow/effects.js';
import type { EmployeeContact } from '../../flow/employee-data.js';
import type { Language } from '../../flow/language.js';
import type { ContractInfo, Money } from '../../flow/self-service-data.js';

/** A caller as a connector found them: the profile and, where the CRM says, who deals with them. */
export interface ConnectorCustomer {
  customer: CustomerProfile;
  /** The contact's responsible user, reachable by their internal number (Bitrix24, amoCRM). */
  responsible: EmployeeContact | null;
}

/** A recording of a call's transfer, as stored with the call (docs/crm-connectors.md). */
export interface CallRecording {
  callId: string;
  provider: string;
  /** The provider's id of the recording (Twilio RE…, Vonage recording uuid). */
  recordingId: string;
  url: string;
  durationSec: number | null;
  channels: number | null;
}

/**
 * What the IVR writes into the customer's CRM. Each is sent by the durable task runner,
 * never on the call path, and is idempotent by its key (the call id for a call record).
 */
export type CrmWrite =
  | {
      kind: 'call';
      record: CallRecord;
      /** The call as GET /api/calls/:id returns it, read when the write runs; null without a call log. */
      detail: unknown;
    }
  | { kind: 'request'; request: CustomerRequest }
  | { kind: 'language'; customerId: string; language: Language; callId: string; at: string }
  | { kind: 'appointment'; appointmentId: string; callId: string; at: string }
  | { kind: 'recording'; recording: CallRecording; customerId: string | null };

export type CrmWriteKind = CrmWrite['kind'];

/** A trust credit as the flow activates it. */
export interface TrustCreditActivation {
  contractNumber: string;
  amount: Money;
  activatedAt: string;
  dueAt: string;
  callId: string;
}

/**
 * One external CRM (HTTP contract, Bitrix24, amoCRM). Every call gets an AbortSignal that
 * is aborted when the time budget runs out: the connector must pass it to its requests so
 * that an abandoned request is really cancelled. Throws on anything but a clear answer;
 * the caller (ConnectedCrm) turns that into the classic menu and counts it for the breaker.
 */
export interface CrmConnector {
  /** `http`, `bitrix24`, `amocrm`: the label of its logs and metrics. */
  readonly name: string;
  findCustomer(e164: string, at: string, signal: AbortSignal): Promise<ConnectorCustomer | null>;
  /** Absent: this CRM has no contracts; the embedded CRM's are used. */
  findContract?(number: string, signal: AbortSignal): Promise<ContractInfo | null>;
  activateTrustCredit?(credit: TrustCreditActivation, signal: AbortSignal): Promise<void>;
  write(write: CrmWrite, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** An answer the CRM gave that is a failure (status, body), for logs and the breaker. */
export class CrmRequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'status' | 'schema' | 'network' | 'timeout' | 'rate-limit',
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'CrmRequestError';
  }
}
