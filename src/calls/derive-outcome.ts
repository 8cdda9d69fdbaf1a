import type { MergedStatus } from './merge-status-reports.js';
import type { AmdResult } from './status-report.js';

/** How a call ended for the business. The table is in docs/call-outcomes.md. */
export const CALL_OUTCOMES = [
  'ANSWERED',
  'NO_ANSWER',
  'BUSY',
  'FAILED',
  'VOICEMAIL',
  'MISSED',
  'ABANDONED',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** How one transfer attempt (a leg to a person) ended. */
export type TransferResult = 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface TransferAttempt {
  /** Menu option id, `operator`, `fallback`, `employee:<id>`; for a callback, `customer`. */
  target: string;
  /** The number or address dialled. */
  destination: string;
  startedAt: string;
  endedAt: string | null;
  /** null: the leg was still ringing (or talking) when the call ended. */
  result: TransferResult | null;
  talkSec: number | null;
  /** AMD verdict on this leg (an outbound callback's customer leg), when detection ran. */
  amd?: AmdResult | null;
}

export interface CallFacts {
  direction: 'inbound' | 'outbound';
  startedAt: string;
  /** null: no status callback yet. */
  status: MergedStatus | null;
  endedAt: string | null;
  /** Inbound: transfers to people in order; outbound agent-first callback: the customer leg. */
  transfers: TransferAttempt[];
  selfServed: boolean;
  /** IVR step the caller was in when the call ended; `ended` means the IVR finished. */
  lastStep: string;
  firstTransferAt: string | null;
}

export interface IvrSummary {
  outcome: 'self-served' | 'transferred' | 'abandoned' | 'completed';
  /** The target that answered, else the last one tried; null without a transfer. */
  transferredTo: string | null;
  /** The step the caller hung up in, for `abandoned`. */
  abandonedAt: string | null;
}

export interface OutcomeSummary {
  /** null while the call is not over (or, outbound, before any status report). */
  outcome: CallOutcome | null;
  /** ANSWERED and talk (or total when no agent) ≥ fullContactSec. */
  fullContact: boolean;
  totalSec: number | null;
  talkSec: number | null;
  ivrSec: number | null;
  /** Inbound: how long the caller waited for a person; outbound: null. */
  waitSec: number | null;
  ivr: IvrSummary;
}

const millis = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * Whole seconds from `from` to `to`, never negative: provider timestamps and our clock can
 * disagree by a moment, and a negative wait would only confuse reports.
 */
function secondsBetween(from: string | null, to: string | null): number | null {
  const [a, b] = [millis(from), millis(to)];
  if (a === null || b === null) return null;
  return Math.max(0, Math.round((b - a) / 1000));
}

const isoMinusSeconds = (iso: string | null, sec: number | null): string | null => {
  const ms = millis(iso);
  return ms === null || sec === null ? null : new Date(ms - sec * 1000).toISOString();
};

interface Decided {
  outcome: CallOutcome | null;
  waitSec: number | null;
}

/**
 * The outcome of a call from what we know of it: the merged provider status, the transfer
 * attempts and where the caller was in the IVR. Pure; the rules are in docs/call-outcomes.md.
 */
export function deriveOutcome(facts: CallFacts, opts: { fullContactSec: number }): OutcomeSummary {
  const endedAt = facts.endedAt ?? facts.status?.endedAt ?? null;
  const over = facts.status?.terminal === true || facts.endedAt !== null;
  const firstTransferAt = facts.firstTransferAt ?? facts.transfers[0]?.startedAt ?? null;

  const talks = facts.transfers
    .filter((t) => t.result === 'answered' && t.talkSec !== null)
    .map((t) => t.talkSec ?? 0);
  const talkSec = talks.length > 0 ? talks.reduce((a, b) => a + b, 0) : null;
  const reported = facts.status?.durationSec ?? secondsBetween(facts.startedAt, endedAt);
  // The call lasted at least its conversation: the provider's CallDuration and the transfer's
  // DialCallDuration are separate reports and can disagree; talk never exceeds the total.
  const totalSec =
    reported === null ? talkSec : talkSec === null ? reported : Math.max(reported, talkSec);
  const ivrSec = secondsBetween(facts.startedAt, firstTransferAt ?? endedAt);

  const decided: Decided = !over
    ? { outcome: null, waitSec: null }
    : facts.direction === 'outbound'
      ? { outcome: outboundOutcome(facts), waitSec: null }
      : inboundOutcome(facts, endedAt, firstTransferAt);

  const spoken = talkSec ?? totalSec;
  return {
    outcome: decided.outcome,
    fullContact: decided.outcome === 'ANSWERED' && spoken !== null && spoken >= opts.fullContactSec,
    totalSec,
    talkSec,
    ivrSec,
    waitSec: decided.waitSec,
    ivr: ivrSummary(facts, decided.outcome),
  };
}

/**
 * Outbound: the customer leg of an agent-first callback decides when there is one (its
 * `result`); otherwise the call's own status (an agent who never picked up is NO_ANSWER).
 */
function outboundOutcome(facts: CallFacts): CallOutcome | null {
  const amd = (leg?: TransferAttempt) => leg?.amd ?? facts.status?.amd ?? null;
  const leg = facts.transfers.at(-1);
  if (leg) {
    switch (leg.result) {
      case 'answered':
        return amd(leg) === 'machine' ? 'VOICEMAIL' : 'ANSWERED';
      case 'busy':
        return 'BUSY';
      case 'failed':
        return 'FAILED';
      // null: still ringing when the call ended, the agent gave up before an answer.
      case 'no-answer':
      case 'canceled':
      case null:
        return 'NO_ANSWER';
    }
  }
  switch (facts.status?.status) {
    case undefined:
      // Over by our clock but no word from the provider yet: nothing to say.
      return null;
    case 'failed':
      return 'FAILED';
    case 'busy':
      return 'BUSY';
    case 'no-answer':
    case 'canceled':
    case 'initiated':
    case 'ringing':
      return 'NO_ANSWER';
    case 'answered':
    case 'completed':
      return amd() === 'machine' ? 'VOICEMAIL' : 'ANSWERED';
  }
}

function inboundOutcome(
  facts: CallFacts,
  endedAt: string | null,
  firstTransferAt: string | null,
): Decided {
  const status = facts.status;
  if (facts.transfers.length === 0) {
    if (status?.status === 'failed') return { outcome: 'FAILED', waitSec: 0 };
    // Over before we ever answered: the caller gave up while it rang (canceled), or the
    // call was turned away (busy / no-answer).
    if (status?.answeredAt === null) {
      if (status.status === 'canceled') return { outcome: 'ABANDONED', waitSec: 0 };
      if (status.status === 'no-answer') return { outcome: 'NO_ANSWER', waitSec: 0 };
      if (status.status === 'busy') return { outcome: 'BUSY', waitSec: 0 };
    }
    // Nobody was waited for: the IVR served, finished, or was left by the caller.
    if (facts.selfServed || facts.lastStep === 'ended') return { outcome: 'ANSWERED', waitSec: 0 };
    return { outcome: 'ABANDONED', waitSec: 0 };
  }

  const answered = facts.transfers.find((t) => t.result === 'answered');
  if (answered) {
    // Picked up at the end of the leg minus its talk time; unknown without both.
    const pickedUpAt = isoMinusSeconds(answered.endedAt ?? endedAt, answered.talkSec);
    return { outcome: 'ANSWERED', waitSec: secondsBetween(firstTransferAt, pickedUpAt) };
  }
  const last = facts.transfers.at(-1);
  if (last?.result === 'canceled' || last?.result === null) {
    // The caller hung up while a person was being rung.
    return { outcome: 'ABANDONED', waitSec: secondsBetween(firstTransferAt, endedAt) };
  }
  // Every attempt ended busy, unanswered or failed: the flow gave up, not the caller.
  return {
    outcome: 'MISSED',
    waitSec: secondsBetween(firstTransferAt, last?.endedAt ?? endedAt),
  };
}

/**
 * How the call left the IVR: to a person (`transferred`, even after some self-service),
 * served by itself (`self-served`), left by the caller (`abandoned`, with the step), or
 * ended by the IVR or the network (`completed`). While the call runs it is provisional.
 */
function ivrSummary(facts: CallFacts, outcome: CallOutcome | null): IvrSummary {
  if (facts.transfers.length > 0) {
    const answered = facts.transfers.find((t) => t.result === 'answered');
    return {
      outcome: 'transferred',
      transferredTo: (answered ?? facts.transfers.at(-1))?.target ?? null,
      abandonedAt: null,
    };
  }
  if (facts.selfServed) return { outcome: 'self-served', transferredTo: null, abandonedAt: null };
  if (outcome === 'ABANDONED') {
    return { outcome: 'abandoned', transferredTo: null, abandonedAt: facts.lastStep };
  }
  return { outcome: 'completed', transferredTo: null, abandonedAt: null };
}
