import type { CallRecord } from '../flow/call-record.js';
import type { CustomerRequest } from '../flow/effects.js';
import type { Language } from '../flow/language.js';
import type { CustomerProfile } from '../flow/customer.js';
import type { EmployeeContact, RankedEmployee } from '../flow/employee-data.js';
import type { ContractInfo, Money, Outage } from '../flow/self-service-data.js';

/**
 * What the IVR needs from a CRM. The embedded SQLite CRM implements it; a vendor CRM
 * (HTTP client) or PostgreSQL implementation can replace it without touching the flow.
 * Implementations may be slow or fail: the runtime wraps every call in a time budget.
 */
export interface CrmPort {
  /**
   * The customer who owns this E.164 number, with their open items and account facts, or
   * null. `at` (the call's clock, default now) decides which items are still recent.
   */
  findCustomerByPhone(e164: string, at?: string): Promise<CustomerProfile | null>;
  /**
   * The employees dealing with this customer, best first, at most `limit`, from the
   * precomputed ranking (one indexed read, never a computation over events), leaving out
   * the dismissed, technical accounts, the absent today and those off shift at `at`.
   */
  findRankedEmployees(customerId: string, at: string, limit: number): Promise<RankedEmployee[]>;
  /** The employee with this extension who can take a call at `at`, or null. */
  findAvailableEmployeeByExtension(extension: string, at: string): Promise<EmployeeContact | null>;
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
  /** Records a request the caller made in the IVR (block the card). */
  recordRequest(request: CustomerRequest): Promise<void>;
  /** Marks the appointment confirmed by the customer. */
  confirmAppointment(appointmentId: string, callId: string): Promise<void>;
  /** Stores the language the customer chose, for their next calls. */
  saveLanguage(customerId: string, language: Language): Promise<void>;
  /** Stores the outcome and path of a finished call. Idempotent per callId. */
  recordCall(record: CallRecord): Promise<void>;
}
