import type { CallRecord } from '../flow/call-record.js';
import type { CustomerProfile } from '../flow/customer.js';
import type { ContractInfo, Money, Outage } from '../flow/self-service-data.js';

/**
 * What the IVR needs from a CRM. The embedded SQLite CRM implements it; a vendor CRM
 * (HTTP client) or PostgreSQL implementation can replace it without touching the flow.
 * Implementations may be slow or fail: the runtime wraps every call in a time budget.
 */
export interface CrmPort {
  /** The customer who owns this E.164 number, or null. */
  findCustomerByPhone(e164: string): Promise<CustomerProfile | null>;
  /** Outages in force at `at` where a contract registered to this number has its address. */
  findOutagesForPhone(e164: string, at: string): Promise<Outage[]>;
  /** A contract by its number (digits), with its registered numbers and trust credits. */
  findContract(number: string): Promise<ContractInfo | null>;
  /** Records a trust credit on the contract. */
  activateTrustCredit(credit: {
    contractNumber: string;
    amount: Money;
    activatedAt: string;
    dueAt: string;
    callId: string;
  }): Promise<void>;
  /** Stores the outcome and path of a finished call. Idempotent per callId. */
  recordCall(record: CallRecord): Promise<void>;
}
