import type { CallEndStatus } from './events.js';
import type { PathEntry } from './snapshot.js';

/** What is written back to the CRM when a call ends. */
export interface CallRecord {
  callId: string;
  provider: string;
  caller: string | null;
  called: string;
  customerId: string | null;
  language: string;
  startedAt: string;
  endedAt: string;
  status: CallEndStatus;
  durationSec: number | null;
  /** Where the caller was transferred last, if anywhere. */
  transferredTo: string | null;
  /** Who answered the transfer: `employee:<id>`, a menu option id, `operator`; or null. */
  answeredBy: string | null;
  /** The caller finished a task in self-service (balance sent, trust credit activated). */
  selfServed: boolean;
  path: PathEntry[];
}
