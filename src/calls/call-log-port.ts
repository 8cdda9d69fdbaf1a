import type { CallProgress } from './call-progress.js';
import type { CallFacts, OutcomeSummary } from './derive-outcome.js';
import type { MergedStatus } from './merge-status-reports.js';
import type { StatusReport } from './status-report.js';

/** How a write recomputes the call's outcome (the automation settings' threshold). */
export interface RecordOptions {
  outcome?: { fullContactSec: number };
}

/** An outbound call we placed (a callback), registered before its webhooks arrive. */
export interface OutboundCall {
  callId: string;
  provider: string;
  /** Our number, shown to the customer. */
  caller: string;
  /** The customer called back. */
  called: string;
  customerId: string | null;
  language: string;
  startedAt: string;
  taskId: string;
  attempt: number;
}

/** What the outcome and the automation rules need of a stored call. */
export interface StoredCallFacts {
  facts: CallFacts;
  caller: string | null;
  called: string;
  customerId: string | null;
  language: string;
  attempt: number | null;
  taskId: string | null;
  /** When the rules were evaluated, or null: they run once per call. */
  rulesAppliedAt: string | null;
}

/**
 * The call log, written through the CRM (embedded SQLite now). Every webhook's change is
 * stored before the webhook is answered; the provider's status reports are kept as
 * received and merged, so duplicates and any arrival order give one record.
 */
export interface CallLogPort {
  /**
   * Stores a webhook's progress; with `outcome`, the call's outcome is recomputed from
   * everything stored and saved in the same transaction (one commit per webhook instead of
   * two, docs/performance.md).
   */
  recordProgress(progress: CallProgress, options?: RecordOptions): Promise<void>;
  recordOutbound(call: OutboundCall): Promise<void>;
  /** Stores a report (an exact duplicate is ignored); answers all reports of the call. */
  recordStatus(report: StatusReport, receivedAt: string): Promise<StatusReport[]>;
  /** A leg's answering-machine verdict (the customer leg of a callback). */
  recordLegAmd(callId: string, amd: 'human' | 'machine' | 'unknown'): Promise<void>;
  loadFacts(callId: string): Promise<StoredCallFacts | null>;
  saveOutcome(
    callId: string,
    merged: MergedStatus | null,
    summary: OutcomeSummary,
    at: string,
  ): Promise<void>;
  /**
   * Calls that are over (an outcome is stored) but whose automation rules have not run,
   * ended at or before `endedBefore`, oldest first.
   */
  listAwaitingRules(endedBefore: string, limit: number): Promise<string[]>;
  /** Marks the rules evaluated; true for the first caller only (one evaluation per call). */
  markRulesApplied(callId: string, at: string): Promise<boolean>;
}
