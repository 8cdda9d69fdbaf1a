import { isTerminalStatus } from './status-report.js';
import type { AmdResult, CallStatusName, StatusReport } from './status-report.js';

/** What the provider's status reports of one call say, merged. */
export interface MergedStatus {
  status: CallStatusName;
  terminal: boolean;
  /** Earliest timestamp of an `answered` report; null when none arrived. */
  answeredAt: string | null;
  /** Timestamp of the terminal report that decided `status`; null while the call runs. */
  endedAt: string | null;
  durationSec: number | null;
  direction: 'inbound' | 'outbound' | null;
  amd: AmdResult | null;
  recordingUrl: string | null;
  /** Latest timestamp among all the reports. */
  lastTimestamp: string;
}

/**
 * Ties on sequence and timestamp (Vonage logs `started` and `ringing` in the same
 * millisecond; Twilio's Timestamp has whole seconds) go to the status later in a call's life.
 * Among terminal statuses the specific failures outrank `completed`.
 */
const STATUS_RANK: Record<CallStatusName, number> = {
  initiated: 0,
  ringing: 1,
  answered: 2,
  completed: 3,
  canceled: 4,
  'no-answer': 5,
  busy: 6,
  failed: 7,
};

/** Storage key of a report: an exact duplicate (a retried callback) has the same key. */
export function dedupeKey(report: StatusReport): string {
  return [
    report.provider,
    report.callId,
    report.status,
    report.sequence ?? '-',
    report.timestamp,
  ].join('|');
}

const millis = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
};

/** Every field, in a fixed order: the last tie-breaker between two different reports. */
const canonical = (r: StatusReport): string =>
  JSON.stringify([
    r.provider,
    r.callId,
    r.status,
    r.sequence,
    r.timestamp,
    r.durationSec,
    r.direction,
    r.amd,
    r.recordingUrl,
  ]);

interface Ranked {
  report: StatusReport;
  /** 0 decides the status, 1 a `completed` that only closes an unanswered call, 2 progress. */
  tier: number;
  ms: number;
  key: string;
}

const byNumberDesc = (a: number, b: number) => (a === b ? 0 : a > b ? -1 : 1);

/**
 * Merges the status reports of one call into its status. Providers post callbacks twice
 * and out of order, so the result is a function of the SET of reports: any order, any
 * duplicates give the same answer.
 *
 * The reports are put in one total order, the report that decides first:
 * 1. terminal before non-terminal, so an `answered` arriving after `completed` never
 *    reopens the call. A `completed` yields to a busy/no-answer/failed/canceled report when
 *    no report says the call was answered: a provider that closes an unanswered leg with
 *    `completed` must not turn a busy line into a conversation;
 * 2. SequenceNumber, highest first, when every report has one (Twilio); Twilio's Timestamp
 *    has whole seconds, so several callbacks share one. Without sequences (Vonage), or with
 *    a mix, the timestamp comes first: comparing sequences only between the reports that
 *    have one would not be a consistent order;
 * 3. timestamp, latest first;
 * 4. `STATUS_RANK`, then every field, so even contradictory reports merge deterministically.
 *
 * Optional facts (duration, recording, AMD, direction) come from the first report in that
 * order that has them; a definite human/machine AMD verdict wins over `unknown`.
 *
 * Returns null for no reports. Throws when the reports belong to more than one call.
 */
export function mergeStatusReports(reports: StatusReport[]): MergedStatus | null {
  const first = reports[0];
  if (!first) return null;
  for (const r of reports) {
    if (r.provider !== first.provider || r.callId !== first.callId) {
      throw new Error(
        `mergeStatusReports: reports of more than one call (${first.provider}:${first.callId}, ${r.provider}:${r.callId})`,
      );
    }
  }

  const answered = reports.some((r) => r.status === 'answered');
  const allSequenced = reports.every((r) => r.sequence !== null);
  const ranked: Ranked[] = reports.map((report) => ({
    report,
    tier: !isTerminalStatus(report.status) ? 2 : report.status === 'completed' && !answered ? 1 : 0,
    ms: millis(report.timestamp),
    key: canonical(report),
  }));
  const sequence = (r: Ranked) => r.report.sequence ?? Number.NEGATIVE_INFINITY;
  ranked.sort(
    (a, b) =>
      a.tier - b.tier ||
      (allSequenced
        ? byNumberDesc(sequence(a), sequence(b)) || byNumberDesc(a.ms, b.ms)
        : byNumberDesc(a.ms, b.ms) || byNumberDesc(sequence(a), sequence(b))) ||
      byNumberDesc(STATUS_RANK[a.report.status], STATUS_RANK[b.report.status]) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const ordered = ranked.map((r) => r.report);
  const winner = ordered[0] ?? first;
  const terminal = isTerminalStatus(winner.status);

  return {
    status: winner.status,
    terminal,
    answeredAt: earliest(ordered.filter((r) => r.status === 'answered')),
    endedAt: terminal ? winner.timestamp : null,
    durationSec: ordered.find((r) => r.durationSec !== null)?.durationSec ?? null,
    direction: ordered.find((r) => r.direction !== null)?.direction ?? null,
    amd:
      ordered.find((r) => r.amd === 'human' || r.amd === 'machine')?.amd ??
      ordered.find((r) => r.amd !== null)?.amd ??
      null,
    recordingUrl: ordered.find((r) => r.recordingUrl !== null)?.recordingUrl ?? null,
    lastTimestamp: latest(ordered) ?? winner.timestamp,
  };
}

/** Order of two timestamps by instant; the same instant written differently, by the text. */
function compareTimes(a: string, b: string): number {
  const [ma, mb] = [millis(a), millis(b)];
  if (ma !== mb) return ma < mb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function earliest(reports: StatusReport[]): string | null {
  return reports.reduce<string | null>(
    (best, r) => (best === null || compareTimes(r.timestamp, best) < 0 ? r.timestamp : best),
    null,
  );
}

function latest(reports: StatusReport[]): string | null {
  return reports.reduce<string | null>(
    (best, r) => (best === null || compareTimes(r.timestamp, best) > 0 ? r.timestamp : best),
    null,
  );
}
