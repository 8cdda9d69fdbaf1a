import type { AnalyticsCounter } from '../analytics/analytics-counters.js';
import type { IvrBucketColumn } from '../analytics/ivr-time-buckets.js';
import type { Generated } from 'kysely';

/**
 * Tables of the app's own database as Kysely sees them: what the app owns (calls and their
 * steps, status reports, tasks, outboxes, the employee ranking) and, in the same file, the
 * embedded CRM's copy of the customer's data (customers, phones, open items, contracts),
 * which only `src/crm/embedded/` reads. Column names are snake_case so the same
 * migrations and queries work unchanged on PostgreSQL. Timestamps are ISO-8601 UTC text:
 * SQLite has no date type, and text compares and sorts correctly in both databases.
 */
export interface AppDatabase {
  customer_requests: CustomerRequestsTable;
  customers: CustomersTable;
  caller_languages: CallerLanguagesTable;
  customer_phones: CustomerPhonesTable;
  calls: CallsTable;
  call_steps: CallStepsTable;
  call_transfers: CallTransfersTable;
  call_status_reports: CallStatusReportsTable;
  contracts: ContractsTable;
  contract_phones: ContractPhonesTable;
  trust_credits: TrustCreditsTable;
  outages: OutagesTable;
  sms_outbox: SmsOutboxTable;
  employees: EmployeesTable;
  employee_absences: EmployeeAbsencesTable;
  crm_events: CrmEventsTable;
  client_employee_scores: ClientEmployeeScoresTable;
  tasks: TasksTable;
  call_outbox: CallOutboxTable;
  customer_orders: CustomerOrdersTable;
  customer_claims: CustomerClaimsTable;
  card_transactions: CardTransactionsTable;
  customer_appointments: CustomerAppointmentsTable;
  support_tickets: SupportTicketsTable;
  customer_accounts: CustomerAccountsTable;
  crm_writes: CrmWritesTable;
  analytics_daily: AnalyticsDailyTable;
  analytics_edges: AnalyticsEdgesTable;
  analytics_edges_monthly: AnalyticsEdgesMonthlyTable;
  analytics_monthly: AnalyticsMonthlyTable;
  campaigns: CampaignsTable;
  campaign_plays: CampaignPlaysTable;
  app_settings: AppSettingsTable;
}

/** The rollup key (migration 018): a company-zone day and the dimensions the views filter by. */
export interface AnalyticsKey {
  /** YYYY-MM-DD in COMPANY_TIME_ZONE. */
  day: string;
  provider: string;
  language: string;
  segment: string;
  /** `personalised`, `control`, or `none` for a call outside the pilot. */
  arm: string;
}

/** Daily counts per key (src/analytics/analytics-counters.ts) and the time-in-IVR histogram. */
export type AnalyticsDailyTable = AnalyticsKey &
  Record<AnalyticsCounter, number> &
  Record<IvrBucketColumn, number>;

/** The daily counts summed per month (`YYYY-MM`, migration 019). */
export type AnalyticsMonthlyTable = Omit<AnalyticsKey, 'day'> & { month: string } & Record<
    AnalyticsCounter,
    number
  > &
  Record<IvrBucketColumn, number>;

/** The same moves summed per month (`YYYY-MM`, migration 019): the path view over months. */
export interface AnalyticsEdgesMonthlyTable extends Omit<AnalyticsKey, 'day'> {
  month: string;
  from_node: string;
  to_node: string;
  moves: number;
}

/** Moves from one IVR node to the next per key: the path view. */
export interface AnalyticsEdgesTable extends AnalyticsKey {
  from_node: string;
  to_node: string;
  moves: number;
}

/** The payload of a `crm-write` task (migration 012): what to send to the customer's CRM. */
export interface CrmWritesTable {
  /** The task's id. */
  id: string;
  /** call, request, language, appointment, recording. */
  kind: string;
  call_id: string;
  payload_json: string;
  created_at: string;
}

/** A service contract. Money is in minor units (tiyn, kopecks) to stay exact. */
export interface ContractsTable {
  /** Digits only, as the caller types it. */
  number: string;
  customer_id: string | null;
  balance_minor: number;
  currency: string;
  /** Service area of the contract's address: outages are announced by area. */
  area: string | null;
  address: string | null;
}

/** A number registered on a contract in the personal account. */
export interface ContractPhonesTable {
  contract_number: string;
  e164: string;
}

/** A trust credit given on a contract; late repayment blocks the next one for a while. */
export interface TrustCreditsTable {
  contract_number: string;
  activated_at: string;
  amount_minor: number;
  currency: string;
  due_at: string;
  repaid_at: string | null;
  call_id: string | null;
}

/** An outage in a service area, from start to its expected end. */
export interface OutagesTable {
  id: string;
  area: string;
  starts_at: string;
  ends_at: string;
  message: string | null;
}

/** One customer. Text fields are whatever the CRM file said: untrusted for rendering. */
export interface CustomersTable {
  id: string;
  first_name: string;
  last_name: string | null;
  patronymic: string | null;
  /** `ru` | `kk` | `en` | `uk`, or null when unknown. */
  language: string | null;
  /** IANA zone such as `Asia/Almaty`, or null. */
  time_zone: string | null;
  segment: string | null;
  created_at: string;
  updated_at: string;
}

/** Phone numbers, one row each, so a lookup by caller number is a primary-key hit. */
export interface CustomerPhonesTable {
  /** E.164; a number belongs to one customer at most. */
  e164: string;
  customer_id: string;
}

/**
 * One call, written while it runs (docs/call-log.md): the facts known so far, then the
 * merged provider status and the derived outcome once it is over.
 */
export interface CallsTable {
  /**
   * The provider's call id (Twilio CallSid `CA…`, Vonage UUID). The two formats cannot
   * collide, so it is the key on its own; `provider` says which one it is.
   */
  call_id: string;
  provider: string;
  /** `inbound` (a caller rang a DID) or `outbound` (a callback we placed). */
  direction: Generated<string>;
  caller: string | null;
  called: string;
  /** Campaign or source of the DID (the automation settings' `campaigns`), or null. */
  campaign: string | null;
  customer_id: string | null;
  language: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  /** The merged provider status (`CallStatusName`): `ringing`, `answered`, `completed`, … */
  status: string | null;
  /** `CallOutcome` once the call is over: ANSWERED, MISSED, ABANDONED, … */
  outcome: string | null;
  /** 1 when an answered call lasted at least the full-contact threshold. */
  full_contact: number | null;
  duration_sec: number | null;
  talk_sec: number | null;
  ivr_sec: number | null;
  wait_sec: number | null;
  /** `self-served`, `transferred`, `abandoned`, `completed`. */
  ivr_outcome: string | null;
  /** The IVR step where the caller hung up, for `abandoned`. */
  ivr_abandoned_at: string | null;
  last_step: string | null;
  transferred_to: string | null;
  /** Who answered the transfer (`employee:<id>`, a menu option id, `operator`), or null. */
  answered_by: string | null;
  recording_url: string | null;
  /** The transfer's recording at the provider (Twilio RE…, Vonage file id); migration 023. */
  recording_id: string | null;
  recording_duration_sec: number | null;
  recording_channels: number | null;
  /** When the recording was deleted at the provider (RECORDING_RETENTION_DAYS). */
  recording_deleted_at: string | null;
  /** 1 when the caller finished a task in self-service, 0 when not. */
  self_served: number | null;
  /** The flow's own path as JSON (`PathEntry[]`). Text, not a JSON column, to stay portable. */
  path_json: string;
  /** For an outbound callback: the task that placed it, and which attempt it is. */
  task_id: string | null;
  attempt: number | null;
  /** When the automation rules were evaluated for this call (once per call). */
  rules_applied_at: string | null;
  /**
   * The last transfer's `TransferContext` as JSON (docs/operator-context.md), written when
   * the transfer starts; null for a call never transferred. Text to stay portable.
   */
  context_json: string | null;
  /** `segment` of the customer; `unknown` for a caller the CRM did not find (migration 017). */
  segment: string | null;
  /** The employee id the personal menu ranked first, or null when none was offered. */
  first_ranked: string | null;
  /** When the call was added to the analytics rollups (once; migration 017). */
  rolled_up_at: string | null;
  /** The pilot arm of a known caller (`personalised`, `control`; migration 016), else null. */
  pilot_arm: Generated<string | null>;
  updated_at: string;
}

/** One prompt the caller heard at an IVR step and how they left it. */
export interface CallStepsTable {
  call_id: string;
  /** 1, 2, … in the order the prompts were played. */
  seq: number;
  step: string;
  entered_at: string;
  /** What was said (the texts of the prompt), or null for a silent step. */
  prompt: string | null;
  /** `digits` or `speech` when the caller answered. */
  input_kind: string | null;
  input: string | null;
  confidence: number | null;
  left_at: string | null;
  /** `input`, `no-input`, `hangup`, `transfer-ended`, `continue`, `completed`. */
  left_by: string | null;
  duration_ms: number | null;
}

/** One attempt to put the caller through to people. */
export interface CallTransfersTable {
  call_id: string;
  seq: number;
  /** Menu option id, `employee:<id>`, `operator`, `fallback`, or `customer` on a callback. */
  target: string;
  destination: string;
  started_at: string;
  ended_at: string | null;
  /** `answered`, `busy`, `no-answer`, `failed`, `canceled`; null while ringing. */
  result: string | null;
  talk_sec: number | null;
  /** Answering-machine detection on the leg: `human`, `machine`, `unknown`. */
  amd: string | null;
}

/** A provider status callback or event, as received. */
export interface CallStatusReportsTable {
  dedupe_key: string;
  call_id: string;
  provider: string;
  status: string;
  sequence: number | null;
  timestamp: string;
  duration_sec: number | null;
  direction: string | null;
  amd: string | null;
  recording_url: string | null;
  received_at: string;
}

/**
 * Text messages stored by the embedded outbox (`OutboxSms`) instead of being sent: what the
 * IVR would have texted, for operators and tests. `body` is personal data.
 */
export interface SmsOutboxTable {
  /** A random UUID, also the receipt id the sender got. */
  id: string;
  /** The recipient, E.164. */
  to_e164: string;
  body: string;
  /** ISO-8601 UTC, when the message was stored. */
  created_at: string;
  /** `SmsReceipt['channel']` of the port that stored it: `outbox`. */
  channel: string;
}

/** An employee callers can be put through to (docs/employee-ranking.md). */
export interface EmployeesTable {
  id: string;
  first_name: string;
  last_name: string | null;
  patronymic: string | null;
  /** Internal extension, digits only; unique. */
  extension: string;
  /** Where a call to them goes: E.164 number or SIP URI, as text. */
  destination: string;
  /** IANA zone of the working hours and the absence days. */
  time_zone: string;
  /** JSON `{"mon":["09:00","18:00"],…}`; a missing day is a day off. */
  working_hours: string;
  /** 1 when the employee has left: never offered. */
  dismissed: number;
  /** 1 for technical accounts (robots, test lines): never offered. */
  technical: number;
}

/** A vacation, sick leave or other absence, whole days in the employee's zone. */
export interface EmployeeAbsencesTable {
  employee_id: string;
  /** First day absent, `YYYY-MM-DD`. */
  starts_on: string;
  /** Last day absent (inclusive), `YYYY-MM-DD`. */
  ends_on: string;
  /** `vacation` | `sick` | `other`. */
  kind: string;
}

/** One CRM event (invoice sent, call, email …) between a client and an employee. */
export interface CrmEventsTable {
  /** The CRM's event id (or a hash of the event): recording it twice changes nothing. */
  id: string;
  type: string;
  /** The customer id (customers.id), not enforced: events may arrive first. */
  client_id: string;
  employee_id: string;
  /** ISO-8601 UTC instant. */
  at: string;
}

/**
 * The precomputed ranking: per (client, employee, event type), ln Σ w·2^((tₑ − T0)/h) over
 * the recorded events (src/crm/ranking/decay.ts). The score at t is exp(log_sum − (t − T0)/h·ln 2).
 */
export interface ClientEmployeeScoresTable {
  client_id: string;
  employee_id: string;
  event_type: string;
  log_sum: number;
}

/**
 * A task an automation rule scheduled after a call (docs/tasks.md): a callback, a text to
 * the caller, a supervisor notification. The scheduler runs it once `due_at` has come.
 */
export interface TasksTable {
  /** `${callId}:${ruleId}:${index}`, given by the draft: the same rules never add it twice. */
  id: string;
  /** `callback` | `sms` | `notify-supervisor`. */
  kind: string;
  rule_id: string;
  /** The call that caused it. */
  call_id: string;
  /** `pending` | `running` | `done` | `failed`. */
  status: string;
  /** ISO-8601 UTC; when a pending task may run (a retry moves it later). */
  due_at: string;
  /** `normal` | `high`: high runs first among the due. */
  priority: string;
  /** E.164, or null. Personal data. */
  customer_phone: string | null;
  customer_id: string | null;
  /** For callbacks: which attempt this is, from 1. */
  attempt: number;
  template: string | null;
  /** When the same rule's callback is due (a notification's `{due}`), or null. */
  callback_due_at: string | null;
  /** The call's wait for a person, seconds (a notification's `{waitSec}`), or null. */
  wait_sec: number | null;
  language: string;
  created_at: string;
  updated_at: string;
  /** How many times it was started (claimed). */
  runs: number;
  last_error: string | null;
  /** What it produced: the outbound call id, the SMS receipt id, `log-only`. */
  result_ref: string | null;
  /** ISO-8601 UTC, when it succeeded. */
  done_at: string | null;
}

/**
 * Callback calls recorded by the offline telephony port (`OutboxTelephony`) instead of being
 * dialled: what would have been placed, for operators and tests. Numbers are personal data.
 */
export interface CallOutboxTable {
  /** `outbox-<uuid>`, also the call id the task got. */
  id: string;
  task_id: string;
  /** E.164 or SIP URI: who would have been called first. */
  agent: string;
  /** E.164: who the agent would have been put through to. */
  customer: string;
  /** The caller id the call would have shown. */
  from_number: string;
  language: string;
  /** ISO-8601 UTC. */
  created_at: string;
  /** `outbox`. */
  channel: string;
}

/** An order of a customer (src/flow/customer-items.ts). */
export interface CustomerOrdersTable {
  id: string;
  customer_id: string;
  /** The order number the customer knows. */
  number: string;
  /** `created` | `paid` | `in_delivery` | `ready_for_pickup` | `delivered` | `cancelled`. */
  status: string;
  /** ISO-8601 UTC. */
  created_at: string;
  /** Promised delivery window, ISO-8601 UTC, or null. */
  delivery_from: string | null;
  delivery_to: string | null;
}

/** An insurance claim of a customer. */
export interface CustomerClaimsTable {
  id: string;
  customer_id: string;
  number: string;
  /** ISO-8601 UTC. */
  opened_at: string;
  /** `submitted` | `in_review` | `awaiting_documents` | `approved` | `rejected` | `paid`. */
  status: string;
}

/** A card transaction of a customer. Only the card's last four digits are kept. */
export interface CardTransactionsTable {
  id: string;
  customer_id: string;
  amount_minor: number;
  currency: string;
  /** ISO-8601 UTC. */
  at: string;
  merchant: string;
  /** 1 when the bank flagged it as suspicious. */
  suspicious: number;
  card_last4: string;
}

/** An appointment of a customer with a specialist. */
export interface CustomerAppointmentsTable {
  id: string;
  customer_id: string;
  specialist: string;
  /** ISO-8601 UTC. */
  at: string;
  /** `scheduled` | `confirmed` | `cancelled`. */
  status: string;
  /** The call in which the customer confirmed it, if they did in the IVR (011). */
  confirmed_call_id: Generated<string | null>;
}

/** A request a caller made in the IVR, for the CRM's people to act on. */
export interface CustomerRequestsTable {
  /** `<callId>:<kind>:<itemId>`: the same request in the same call is stored once. */
  id: string;
  /** `block-card`. */
  kind: string;
  customer_id: string | null;
  item_id: string;
  call_id: string;
  created_at: string;
}

/** A support ticket of a customer. */
export interface SupportTicketsTable {
  id: string;
  customer_id: string;
  number: string;
  /** ISO-8601 UTC. */
  opened_at: string;
  subject: string;
  /** `open` | `pending` | `resolved`. */
  status: string;
}

/**
 * Account facts of a customer, one row at most. A null column is "unknown"; an amount and
 * its currency are both set or both null.
 */
export interface CustomerAccountsTable {
  customer_id: string;
  /** E.164 or SIP URI of the VIP's personal manager. */
  personal_manager: string | null;
  overdue_minor: number | null;
  overdue_currency: string | null;
  /** 1 while a complaint of the customer is open. */
  open_complaint: number;
  /** `YYYY-MM-DD`. */
  payment_due_on: string | null;
  payment_due_minor: number | null;
  payment_due_currency: string | null;
  /** `YYYY-MM-DD`. */
  policy_expires_on: string | null;
  /** Personal data: only its last four characters may be spoken. */
  policy_number: string | null;
  bonus_points: number | null;
}

/** A caller's language choice by number (ours, not the CRM's): migration 012. */
export interface CallerLanguagesTable {
  /** E.164. */
  phone: string;
  /** `ru` | `kk` | `en` | `uk`. */
  language: string;
  chosen_at: string;
  /** After this instant the choice is ignored and swept. */
  expires_at: string;
}

/** A campaign message attached to a control point of the menu (migration 014). */
export interface CampaignsTable {
  id: string;
  name: string;
  control_point: string;
  /** `{ "ru": "text" | { "audioUrl": "…" }, … }`: at least one language. */
  messages_json: string;
  /** The optional action (`CampaignAction`) as JSON, or null. */
  action_json: string | null;
  /** First and last day (YYYY-MM-DD, inclusive) in the company's zone. */
  starts_on: string;
  ends_on: string;
  /** Target segments as a JSON array (`unknown`: callers the CRM does not know). */
  segments_json: string;
  /** Languages heard in (JSON array), or null: all. */
  languages_json: string | null;
  /** An explicit list of customer ids (JSON array), or null. */
  customer_ids_json: string | null;
  priority: number;
  max_plays_per_customer: number | null;
  /** `active` or `stopped`. */
  status: string;
  created_at: string;
  updated_at: string;
}

/** A campaign message a caller reached, and how they left it (migration 015). */
export interface CampaignPlaysTable {
  id: string;
  call_id: string;
  campaign_id: string;
  provider: string;
  control_point: string;
  /** The customer id, or `phone:<hash>` for a caller the CRM does not know (the limit's key). */
  customer_key: string;
  customer_id: string | null;
  segment: string;
  language: string;
  /** The day it was reached, YYYY-MM-DD in the company's zone. */
  day: string;
  reached_at: string;
  ended_at: string | null;
  /** `playing`, `listened`, `interrupted`, `hung-up` (`CampaignPlayOutcome`). */
  outcome: string;
  /** The key or words that interrupted it or answered its action. */
  input: string | null;
  /** 1 when the caller took the campaign's action. */
  responded: number;
}

/** Settings changed at run time through the API (migration 016): the pilot's share. */
export interface AppSettingsTable {
  name: string;
  value_json: string;
  updated_at: string;
}
