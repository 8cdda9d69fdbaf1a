import type { AccountFacts, OpenItem } from './customer-items.js';
import type { Language } from './language.js';

/** What the flow knows about a caller found in the CRM. Text fields are untrusted CRM data. */
export interface CustomerProfile {
  id: string;
  firstName: string;
  lastName: string | null;
  patronymic: string | null;
  /** Preferred language, or null when the CRM does not know it yet. */
  language: Language | null;
  /** IANA zone such as `Asia/Almaty`, or null. Never a fixed offset. */
  timeZone: string | null;
  /** Free-form segment label (`regular`, `vip`, `corporate`, …). */
  segment: string | null;
  /** Every phone number on file, E.164. */
  phones: string[];
  /**
   * What is under way for the caller: open orders, claims, appointments and tickets, and
   * card transactions that are suspicious or recent, by kind, then by time (see
   * customer-items.ts). The flow predicts the reason for the call from these.
   */
  items: OpenItem[];
  /** Account facts (personal manager, overdue balance, payment due, …). */
  account: AccountFacts;
  /**
   * True when the CRM did not answer and this is the profile remembered from an earlier
   * call: good for the greeting (name, language, zone, segment) only, so it comes without
   * open items or money facts (docs/crm-connectors.md).
   */
  stale?: boolean;
}
