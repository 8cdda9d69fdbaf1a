import type { PathEntry } from '../flow/snapshot.js';

/** How a finished call ended, as stored in `calls.outcome`: the values the API filters on. */
import { CALL_OUTCOMES, type CallOutcome } from './derive-outcome.js';

export { CALL_OUTCOMES, type CallOutcome };

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;

export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/**
 * One `calls` row as the API shows it: camelCase, 0/1 columns as booleans. Phone numbers
 * are E.164 and not masked: the API is for the CRM, behind its key.
 */
export interface CallSummary {
  callId: string;
  /** `twilio` or `vonage`: says how to read `callId`. */
  provider: string;
  direction: string;
  caller: string | null;
  /** Our number (DID) that was called, or the customer on an outbound callback. */
  called: string;
  campaign: string | null;
  customerId: string | null;
  language: string;
  startedAt: string;
  answeredAt: string | null;
  /** Null while the call is still running. */
  endedAt: string | null;
  /** The merged provider status: `ringing`, `answered`, `completed`, … */
  status: string | null;
  /** One of CALL_OUTCOMES once the call is over, else null. */
  outcome: string | null;
  fullContact: boolean | null;
  durationSec: number | null;
  talkSec: number | null;
  ivrSec: number | null;
  waitSec: number | null;
  /** `self-served`, `transferred`, `abandoned`, `completed`. */
  ivrOutcome: string | null;
  ivrAbandonedAt: string | null;
  lastStep: string | null;
  transferredTo: string | null;
  answeredBy: string | null;
  /** The pilot arm of a known caller (`personalised`, `control`), null for the others. */
  pilotArm: string | null;
  recordingUrl: string | null;
  selfServed: boolean;
  /** For an outbound callback: the task that placed it, and which attempt it is. */
  taskId: string | null;
  attempt: number | null;
}

/** One prompt the caller heard (a `call_steps` row). */
export interface CallStepView {
  seq: number;
  step: string;
  enteredAt: string;
  prompt: string | null;
  /** `digits` or `speech`. */
  inputKind: string | null;
  input: string | null;
  confidence: number | null;
  leftAt: string | null;
  leftBy: string | null;
  durationMs: number | null;
}

/** One attempt to put the caller through (a `call_transfers` row). */
export interface CallTransferView {
  seq: number;
  target: string;
  destination: string;
  startedAt: string;
  endedAt: string | null;
  result: string | null;
  talkSec: number | null;
  amd: string | null;
}

/** A provider status callback or event as received (a `call_status_reports` row). */
export interface CallStatusReportView {
  provider: string;
  status: string;
  sequence: number | null;
  timestamp: string;
  durationSec: number | null;
  direction: string | null;
  amd: string | null;
  recordingUrl: string | null;
  receivedAt: string;
}

/** A transfer's recording (RECORDING=on), as the provider reported it. */
export interface CallRecordingView {
  /** The provider's id: Twilio Recording SID (RE…), Vonage file id. */
  id: string;
  url: string | null;
  durationSec: number | null;
  /** 2: each party on its own channel. */
  channels: number | null;
  /** When it was deleted at the provider (RECORDING_RETENTION_DAYS); the URL then answers 404. */
  deletedAt: string | null;
}

/** One call with everything logged about it, each list in the order it happened. */
export interface CallDetail extends CallSummary {
  /** The transfer's recording, or null when the call was not recorded. */
  recording: CallRecordingView | null;
  steps: CallStepView[];
  transfers: CallTransferView[];
  statusReports: CallStatusReportView[];
  /** The flow's own path through the IVR. */
  path: PathEntry[];
}
