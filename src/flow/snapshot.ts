import type { CustomerProfile } from './customer.js';
import type { OpenItem } from './customer-items.js';
import type { Destination } from './destination.js';
import type { Language } from './language.js';
import type { RankedEmployee } from './employee-data.js';
import type { Money } from './self-service-data.js';

export type Step =
  | 'lookup'
  | 'language'
  | 'menu'
  | 'personal-menu'
  | 'predict'
  | 'appointment'
  | 'reminder'
  | 'contract-entry'
  | 'contract-confirm'
  | 'self-service'
  | 'transfer'
  | 'ended';

/** One thing that happened on the call, kept for the call record. */
export interface PathEntry {
  step: Step;
  at: string;
  /** What the caller entered or said, if anything. */
  input: string | null;
  /** Short outcome label: `greeted`, `invalid`, `no-input`, `chosen:sales`, `busy`, … */
  result: string;
}

/**
 * The persisted state of one call: plain JSON, so any session store can keep it.
 * Restoring a snapshot never replays effects: effects live only in transition results.
 */
export interface CallSnapshot {
  version: 1;
  provider: string;
  callId: string;
  caller: string | null;
  called: string;
  startedAt: string;
  step: Step;
  language: Language;
  zone: string;
  crm: 'pending' | 'found' | 'notFound' | 'timeout' | 'failed' | 'skipped';
  customer: CustomerProfile | null;
  /** Invalid answers at the current question. */
  tries: number;
  transfer: {
    /** Menu option id, `operator` or `fallback`. */
    target: string;
    destination: Destination;
    /** Who to try next if this one does not answer. */
    remaining: Array<{ target: string; destination: Destination }>;
  } | null;
  path: PathEntry[];
  /** The self-service task under way: what the caller asked for and the contract typed. */
  selfService: {
    task: 'balance' | 'trust';
    contract: string | null;
    /** Wrong or missing answers in this task. */
    tries: number;
    /** The trust credit being written, once it is allowed. */
    credit?: { amount: Money; dueAt: string };
  } | null;
  /** The caller finished a task in self-service during this call. */
  selfServed: boolean;
  /** The employees offered in the personal menu, best first (empty: no personal menu). */
  employees: RankedEmployee[];
  /** The transfer target that answered (`employee:<id>`, `sales`, `operator`), if any. */
  answeredBy: string | null;
  /**
   * The predicted reason for the call: the item asked about, and the caller's answer; null
   * until something predicts. Optional so snapshots stored by earlier versions still load.
   */
  predicted?: {
    /** The item kind (`order`, `card_transaction`, …): what the operator is told. */
    reason: string;
    item?: OpenItem;
    answer: 'yes' | 'no' | 'silence' | null;
  } | null;
  /** The segment routing rule that fired, recorded on the call. */
  segmentRule: string | null;
  /** A reminder was spoken (at most one per call). */
  reminded: boolean;
  /**
   * The pilot arm of a known caller (docs/campaigns.md): `control` hears the classic menu.
   * Null for callers the CRM does not know; optional for snapshots of earlier versions.
   */
  pilotArm?: PilotArm | null;
}

export type PilotArm = 'personalised' | 'control';
