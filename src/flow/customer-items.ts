import type { Money } from './self-service-data.js';

/** Where an order is; `delivered` and `cancelled` close it. */
export const ORDER_STATUSES = [
  'created',
  'paid',
  'in_delivery',
  'ready_for_pickup',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where an insurance claim is; `approved` stays open until it is `paid`. */
export const CLAIM_STATUSES = [
  'submitted',
  'in_review',
  'awaiting_documents',
  'approved',
  'rejected',
  'paid',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const TICKET_STATUSES = ['open', 'pending', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Something of the caller's still under way, from which the IVR can guess why they call.
 * Only open items reach the flow (see CLOSED_STATUSES); card transactions only when they
 * are flagged suspicious or recent (RECENT_TRANSACTION_HOURS). Instants are ISO-8601 UTC;
 * text fields are untrusted CRM data.
 */
export type OpenItem =
  | {
      kind: 'order';
      id: string;
      /** The order number the customer knows. */
      number: string;
      status: OrderStatus;
      createdAt: string;
      /** Promised delivery window, or null while it is not set. */
      deliveryFrom: string | null;
      deliveryTo: string | null;
    }
  | {
      kind: 'claim';
      id: string;
      number: string;
      openedAt: string;
      status: ClaimStatus;
    }
  | {
      kind: 'card_transaction';
      id: string;
      amount: Money;
      at: string;
      merchant: string;
      suspicious: boolean;
      /** Only the last four digits of the card are ever stored. */
      cardLast4: string;
    }
  | {
      kind: 'appointment';
      id: string;
      /** Who the appointment is with, as the CRM names them. */
      specialist: string;
      at: string;
      status: AppointmentStatus;
    }
  | {
      kind: 'ticket';
      id: string;
      number: string;
      openedAt: string;
      subject: string;
      status: TicketStatus;
    };

/** The kinds of open items, in the order a profile lists them. */
export type OpenItemKind = OpenItem['kind'];

/**
 * Statuses that close an item: such items are kept in the CRM but never reach the flow.
 * One list, so the SQL filter and anything else that decides "open" agree.
 */
export const CLOSED_STATUSES = {
  order: ['delivered', 'cancelled'],
  claim: ['rejected', 'paid'],
  appointment: ['cancelled'],
  ticket: ['resolved'],
} as const satisfies {
  order: readonly OrderStatus[];
  claim: readonly ClaimStatus[];
  appointment: readonly AppointmentStatus[];
  ticket: readonly TicketStatus[];
};

/** A card transaction not flagged suspicious is shown for this long after it happened. */
export const RECENT_TRANSACTION_HOURS = 72;

/** Account-level facts about the caller, each null (or false) when the CRM does not say. */
export interface AccountFacts {
  /** Personal manager for VIPs: E.164 or sip: URI, or null. */
  personalManager: string | null;
  /** Overdue balance in minor units (> 0 means a debtor), currency. */
  overdue: Money | null;
  openComplaint: boolean;
  /** Next payment due date (ISO date) and amount. */
  paymentDue: { on: string; amount: Money } | null;
  /** Insurance/policy expiry (ISO date) and policy number (only last 4 may be spoken). */
  policyExpires: { on: string; policyNumber: string } | null;
  bonusPoints: number | null;
}

/** What a customer without any account facts on file has. Frozen: profiles share it. */
export const NO_ACCOUNT_FACTS: Readonly<AccountFacts> = Object.freeze({
  personalManager: null,
  overdue: null,
  openComplaint: false,
  paymentDue: null,
  policyExpires: null,
  bonusPoints: null,
});
