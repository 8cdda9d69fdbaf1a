import type { Counts } from './analytics-counters.js';
import { quantileOfHistogram } from './ivr-time-buckets.js';

/** The flow's key figures for a set of calls (docs/analytics.md defines each). */
export interface FlowMetrics {
  calls: number;
  ivrSec: { mean: number | null; median: number | null; p90: number | null };
  selfServed: number;
  selfServiceRate: number | null;
  transferred: number;
  transferRate: number | null;
  abandoned: number;
  abandonRate: number | null;
  completed: number;
  predictionOffered: number;
  predictionAccepted: number;
  predictionHitRate: number | null;
  speechInputs: number;
  speechUnderstood: number;
  speechUnderstoodRate: number | null;
  reprompted: number;
  repromptRate: number | null;
  fellBackToKeys: number;
  fellBackToKeysRate: number | null;
  crmFallback: number;
  crmFallbackRate: number | null;
  firstRankedOffered: number;
  firstRankedAnswered: number;
  firstRankedAnsweredRate: number | null;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Summed counters and the time-in-IVR histogram → the figures the views show. */
export function flowMetrics(c: Counts, histogram: readonly number[]): FlowMetrics {
  return {
    calls: c.calls,
    ivrSec: {
      mean: ratio(c.ivr_sec_sum, c.ivr_sec_count),
      median: quantileOfHistogram(histogram, 0.5),
      p90: quantileOfHistogram(histogram, 0.9),
    },
    selfServed: c.self_served,
    selfServiceRate: ratio(c.self_served, c.calls),
    transferred: c.transferred,
    transferRate: ratio(c.transferred, c.calls),
    abandoned: c.abandoned,
    abandonRate: ratio(c.abandoned, c.calls),
    completed: c.completed,
    predictionOffered: c.prediction_offered,
    predictionAccepted: c.prediction_accepted,
    predictionHitRate: ratio(c.prediction_accepted, c.prediction_offered),
    speechInputs: c.speech_inputs,
    speechUnderstood: c.speech_understood,
    speechUnderstoodRate: ratio(c.speech_understood, c.speech_inputs),
    reprompted: c.reprompted,
    repromptRate: ratio(c.reprompted, c.calls),
    fellBackToKeys: c.fell_back_to_keys,
    fellBackToKeysRate: ratio(c.fell_back_to_keys, c.calls),
    crmFallback: c.crm_fallback,
    crmFallbackRate: ratio(c.crm_fallback, c.calls),
    firstRankedOffered: c.first_ranked_offered,
    firstRankedAnswered: c.first_ranked_answered,
    firstRankedAnsweredRate: ratio(c.first_ranked_answered, c.first_ranked_offered),
  };
}
