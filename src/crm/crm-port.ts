import type { CallRecord } from '../flow/call-record.js';
import type { CustomerProfile } from '../flow/customer.js';

/**
 * What the IVR needs from a CRM. The embedded SQLite CRM implements it; a vendor CRM
 * (HTTP client) or PostgreSQL implementation can replace it without touching the flow.
 * Implementations may be slow or fail: the runtime wraps every call in a time budget.
 */
export interface CrmPort {
  /** The customer who owns this E.164 number, or null. */
  findCustomerByPhone(e164: string): Promise<CustomerProfile | null>;
  /** Stores the outcome and path of a finished call. Idempotent per callId. */
  recordCall(record: CallRecord): Promise<void>;
}
