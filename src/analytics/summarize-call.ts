import { DateTime } from 'luxon';
import type { PathEntry } from '../flow/snapshot.js';
import { zeroCounts, type Counts } from './analytics-counters.js';
import { ivrBucketOf } from './ivr-time-buckets.js';

/** What of a settled call the analytics read (the `calls` row and its `call_steps`). */
export interface SettledCall {
  provider: string;
  language: string;
  startedAt: string;
  segment: string | null;
  /** `calls.pilot_arm`: `personalised`, `control`, or null outside the pilot. */
  pilotArm: string | null;
  ivrSec: number | null;
  ivrOutcome: string | null;
  ivrAbandonedAt: string | null;
  firstRanked: string | null;
  answeredBy: string | null;
  path: readonly PathEntry[];
  /** The prompts in order (`call_steps` by `seq`). */
  steps: ReadonlyArray<{ step: string; inputKind: string | null; leftBy: string | null }>;
}

/** One call's contribution to the rollups. */
export interface CallSummary {
  key: { day: string; provider: string; language: string; segment: string; arm: string };
  counts: Counts;
  /** The time-in-IVR bucket, or null when the call has no IVR time. */
  ivrBucket: number | null;
  /** `start` → prompts (repeats of one prompt collapsed) → the IVR outcome. */
  edges: Array<{ from: string; to: string }>;
}

/** Steps that are not a node of the menu: the IVR's last words, a callback's agent prompt. */
const NOT_NODES = new Set(['ended', 'callback']);
const OUTCOMES = new Set(['self-served', 'transferred', 'abandoned', 'completed']);
const CRM_FALLBACK = /^crm-(timeout|failed)$/;

/**
 * One settled inbound call as rollup increments (docs/analytics.md defines each). Pure: the
 * rollup writer and its rebuild both call it, so both count the same way.
 */
export function summarizeCall(call: SettledCall, zone: string): CallSummary {
  const counts = zeroCounts();
  counts.calls = 1;
  if (call.ivrSec !== null) {
    counts.ivr_sec_sum = call.ivrSec;
    counts.ivr_sec_count = 1;
  }
  const outcome = call.ivrOutcome && OUTCOMES.has(call.ivrOutcome) ? call.ivrOutcome : 'unknown';
  if (outcome === 'self-served') counts.self_served = 1;
  if (outcome === 'transferred') counts.transferred = 1;
  if (outcome === 'abandoned') counts.abandoned = 1;
  if (outcome === 'completed') counts.completed = 1;
  if (call.path.some((p) => p.result.startsWith('predicted:'))) counts.prediction_offered = 1;
  if (call.path.some((p) => p.result === 'predict:yes')) counts.prediction_accepted = 1;
  if (call.path.some((p) => CRM_FALLBACK.test(p.result))) counts.crm_fallback = 1;
  if (call.firstRanked !== null) {
    counts.first_ranked_offered = 1;
    if (call.answeredBy === `employee:${call.firstRanked}`) counts.first_ranked_answered = 1;
  }
  countAnswers(call.steps, counts);
  const day =
    DateTime.fromISO(call.startedAt, { zone: 'utc' }).setZone(zone).toISODate() ??
    call.startedAt.slice(0, 10);
  return {
    key: {
      day,
      provider: call.provider,
      language: call.language,
      segment: call.segment ?? 'unknown',
      arm: call.pilotArm ?? 'none',
    },
    counts,
    ivrBucket: call.ivrSec === null ? null : ivrBucketOf(call.ivrSec),
    edges: edgesOf(call, outcome),
  };
}

/**
 * A question is asked again (a new row of the same step right after) when the answer was
 * not understood or missing: a spoken answer followed by that is not understood, and a
 * call that then answered the same question with keys fell back to keys.
 */
function countAnswers(steps: SettledCall['steps'], counts: Counts): void {
  let reprompted = false;
  let fellBack = false;
  steps.forEach((s, i) => {
    const askedAgain =
      (s.leftBy === 'input' || s.leftBy === 'no-input') && steps[i + 1]?.step === s.step;
    if (askedAgain) reprompted = true;
    if (s.inputKind !== 'speech') return;
    counts.speech_inputs += 1;
    if (!askedAgain) {
      counts.speech_understood += 1;
      return;
    }
    for (let j = i + 1; j < steps.length && steps[j]?.step === s.step; j++) {
      if (steps[j]?.inputKind === 'digits') fellBack = true;
    }
  });
  if (reprompted) counts.reprompted = 1;
  if (fellBack) counts.fell_back_to_keys = 1;
}

function edgesOf(call: SettledCall, outcome: string): CallSummary['edges'] {
  const nodes: string[] = [];
  for (const s of call.steps) {
    if (NOT_NODES.has(s.step) || nodes[nodes.length - 1] === s.step) continue;
    nodes.push(s.step);
  }
  // A caller who hung up before the first prompt was written left at the lookup.
  if (nodes.length === 0) nodes.push(call.ivrAbandonedAt ?? 'lookup');
  const chain = ['start', ...nodes, outcome];
  return chain.slice(1).map((to, i) => ({ from: chain[i] ?? 'start', to }));
}
