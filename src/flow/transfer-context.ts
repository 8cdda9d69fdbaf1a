import { maskPhone } from '../lib/mask.js';
import { describeDestination, type Destination } from './destination.js';
import type { Language } from './language.js';
import type { CallSnapshot, PathEntry } from './snapshot.js';
import { spokenText } from './steps/describe-input.js';

/**
 * What the person a call is transferred to should know before saying hello: who calls (as
 * far as the CRM knows), what the IVR heard, and where the call is going. Sent to the
 * screen-pop webhook, stored with the call, and the source of the whisper. Plain JSON.
 * Personal data is limited to what an agent needs: the caller's number is masked, the CRM
 * is named by id (the receiving CRM has the rest).
 */
export interface TransferContext {
  callId: string;
  provider: string;
  /** The CRM customer's id, or null for a caller the CRM does not know. */
  customerId: string | null;
  /** The caller's number masked (`+7707*****67`), or null when it was withheld. */
  maskedCaller: string | null;
  /** The language the caller chose or the CRM knows. */
  language: Language;
  /** The CRM's segment label (`vip`, `corporate`, …), as the CRM wrote it. */
  segment: string | null;
  /** The segment routing rule that sent the call on (`debtor-collections`), or null. */
  segmentRule: string | null;
  /** The reason the IVR predicted for the call, if it predicted one. */
  predictedReason: string | null;
  /** How the caller answered the prediction: `yes`, `no`, `silence`, or null (not asked). */
  callerAnswer: 'yes' | 'no' | 'silence' | null;
  /** The IVR path so far, oldest first. */
  path: PathEntry[];
  /** Everything the caller said (speech inputs of the path), in order. */
  speech: string[];
  /** Where this transfer goes: menu option id, `employee:<id>`, `operator`, `fallback`. */
  target: { id: string; destination: string };
}

/** The context of a transfer to `target` from the call as the snapshot has it. Pure. */
export function buildTransferContext(
  snapshot: CallSnapshot,
  target: { target: string; destination: Destination },
): TransferContext {
  const predicted = snapshot.predicted ?? null;
  return {
    callId: snapshot.callId,
    provider: snapshot.provider,
    customerId: snapshot.customer?.id ?? null,
    maskedCaller: snapshot.caller ? maskPhone(snapshot.caller) : null,
    language: snapshot.language,
    segment: snapshot.customer?.segment ?? null,
    segmentRule: snapshot.segmentRule ?? null,
    predictedReason: predicted?.reason ?? null,
    callerAnswer: predicted?.answer ?? null,
    path: snapshot.path.map((entry) => ({ ...entry })),
    speech: snapshot.path
      .map((entry) => spokenText(entry.input))
      .filter((text): text is string => text !== null),
    target: { id: target.target, destination: describeDestination(target.destination) },
  };
}
