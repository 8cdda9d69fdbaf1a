import type { CallAction } from '../flow/actions.js';
import { describeDestination } from '../flow/destination.js';
import type { CallEvent, DialOutcome } from '../flow/events.js';
import type { CallSnapshot, PathEntry } from '../flow/snapshot.js';
import { buildTransferContext, type TransferContext } from '../flow/transfer-context.js';

/** How the caller left a prompt. */
export type LeftBy = 'input' | 'no-input' | 'hangup' | 'transfer-ended' | 'continue' | 'completed';

/**
 * What one webhook changed in the call log: the call's facts as the flow now knows them,
 * the prompt the caller left (and how), the prompt they hear now, and the transfer that
 * started or ended. The store applies it in one transaction before the webhook is answered.
 */
export interface CallProgress {
  callId: string;
  at: string;
  /** The call's facts; null when the webhook changed none (a callback's customer leg). */
  call: {
    provider: string;
    direction: 'inbound' | 'outbound';
    caller: string | null;
    called: string;
    customerId: string | null;
    language: string;
    startedAt: string;
    /** The step (`Step`) the call is at; null keeps the stored one (a hang-up is not a step). */
    lastStep: string | null;
    transferredTo: string | null;
    answeredBy: string | null;
    selfServed: boolean;
    path: PathEntry[];
    /**
     * The caller's segment for the analytics: the customer's, `none` for a customer without
     * one, `unknown` while (or when) the CRM has not found the caller. Absent: keep the
     * stored one (callbacks, writes spooled by older versions).
     */
    segment?: string;
    /** The employee the personal menu ranked first, when it offered one. */
    firstRanked?: string | null;
    /** The pilot arm of a known caller (`personalised`, `control`); absent or null: none. */
    pilotArm?: string | null;
  } | null;
  /** Closes the step the caller was at (the store keeps at most one open). */
  close: {
    leftBy: LeftBy;
    inputKind: 'digits' | 'speech' | null;
    input: string | null;
    confidence: number | null;
  } | null;
  /** The prompt the caller hears now; `closedBy` closes it at once (the IVR's last words). */
  open: { step: string; prompt: string | null; closedBy: LeftBy | null } | null;
  transferStarted: { target: string; destination: string } | null;
  transferEnded: { result: DialOutcome; talkSec: number | null } | null;
  /**
   * What the person the transfer that started goes to should know (docs/operator-context.md),
   * stored on the call row (`calls.context_json`, the last transfer's); absent or null when
   * no transfer started.
   */
  transferContext?: TransferContext | null;
}

/** Prompts longer than this are cut: a step row is for reading, not for the audio script. */
const MAX_PROMPT = 2000;

/** The words of the actions, in the order the caller hears them. */
export function promptText(actions: readonly CallAction[]): string | null {
  const texts: string[] = [];
  for (const action of actions) {
    if (action.kind === 'say') texts.push(action.text);
    if (action.kind === 'gather') {
      for (const p of action.prompts) if (p.kind === 'say') texts.push(p.text);
    }
  }
  const text = texts.join(' ').trim();
  if (!text) return null;
  return text.length > MAX_PROMPT ? `${text.slice(0, MAX_PROMPT - 1)}…` : text;
}

function transferEndedFor(event: CallEvent): CallProgress['transferEnded'] {
  if (event.type !== 'dial.ended') return null;
  return {
    result: event.outcome,
    talkSec: event.outcome === 'answered' ? event.durationSec : null,
  };
}

function closeFor(event: CallEvent): CallProgress['close'] {
  switch (event.type) {
    case 'input.received':
      return event.digits !== null
        ? { leftBy: 'input', inputKind: 'digits', input: event.digits, confidence: null }
        : {
            leftBy: 'input',
            inputKind: 'speech',
            input: event.speech?.text ?? null,
            confidence: event.speech?.confidence ?? null,
          };
    case 'input.empty':
      return { leftBy: 'no-input', inputKind: null, input: null, confidence: null };
    case 'call.continue':
      return { leftBy: 'continue', inputKind: null, input: null, confidence: null };
    case 'dial.ended':
      return { leftBy: 'transfer-ended', inputKind: null, input: null, confidence: null };
    case 'call.ended':
      return { leftBy: 'hangup', inputKind: null, input: null, confidence: null };
    default:
      return null;
  }
}

/**
 * The call-log change of one webhook, from the flow's snapshot after it, the webhook's
 * event and every action answered. Pure: the runtime hands the result to the store.
 */
export function callProgress(input: {
  event: CallEvent;
  after: CallSnapshot;
  actions: readonly CallAction[];
}): CallProgress {
  const { event, after, actions } = input;
  const dial = actions.find((a) => a.kind === 'dial');
  const transfer = dial && after.transfer ? after.transfer : null;
  const prompt = promptText(actions);
  let open: CallProgress['open'] = null;
  if (after.step === 'ended') {
    // The IVR's last words (goodbye, "nobody is available") close at once; a bare hang-up
    // after an answered transfer adds no row.
    if (prompt) open = { step: 'ended', prompt, closedBy: 'completed' };
  } else if (actions.length > 0) {
    open = { step: after.step, prompt, closedBy: null };
  }
  return {
    callId: after.callId,
    at: event.at,
    call: {
      provider: after.provider,
      direction: 'inbound',
      caller: after.caller,
      called: after.called,
      customerId: after.customer?.id ?? null,
      language: after.language,
      startedAt: after.startedAt,
      // The flow marks every call `ended` on hang-up; the log keeps where the caller was.
      lastStep: event.type === 'call.ended' ? null : after.step,
      transferredTo: after.transfer ? describeDestination(after.transfer.destination) : null,
      answeredBy: after.answeredBy,
      selfServed: after.selfServed,
      path: after.path,
      segment: after.customer ? (after.customer.segment ?? 'none') : 'unknown',
      firstRanked: after.employees[0]?.id ?? null,
      pilotArm: after.pilotArm ?? null,
    },
    close: closeFor(event),
    open,
    transferStarted:
      dial && transfer
        ? { target: transfer.target, destination: describeDestination(dial.destination) }
        : null,
    transferEnded: transferEndedFor(event),
    transferContext: transfer ? buildTransferContext(after, transfer) : null,
  };
}

/**
 * The call-log change of a webhook that arrives after the call ended: how the caller left
 * the last prompt and how the transfer ended, nothing else (there is no flow state left).
 */
export function lateEventProgress(callId: string, event: CallEvent): CallProgress {
  return {
    callId,
    at: event.at,
    call: null,
    close: closeFor(event),
    open: null,
    transferStarted: null,
    transferEnded: transferEndedFor(event),
  };
}
