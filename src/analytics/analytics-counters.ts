/**
 * The per-call counts the daily rollup (`analytics_daily`, migration 018) sums. Each is a
 * column of that table: the list is frozen by the migration, and a new counter needs a new
 * migration that adds its column.
 */
export const ANALYTICS_COUNTERS = [
  /** Inbound calls that reached the IVR. */
  'calls',
  /** Sum and number of the calls' `ivr_sec` (the mean; quantiles come from the histogram). */
  'ivr_sec_sum',
  'ivr_sec_count',
  /** `ivr_outcome` of the call. */
  'self_served',
  'transferred',
  'abandoned',
  'completed',
  /** A predicted reason was offered; the caller said yes to it. */
  'prediction_offered',
  'prediction_accepted',
  /** Spoken answers, and those that did not make the question be asked again. */
  'speech_inputs',
  'speech_understood',
  /** Calls with a question asked again; calls that went from speech to keys after that. */
  'reprompted',
  'fell_back_to_keys',
  /** Calls greeted with the classic menu because the CRM was slow or down. */
  'crm_fallback',
  /** Calls whose personal menu ranked an employee first; those that employee answered. */
  'first_ranked_offered',
  'first_ranked_answered',
] as const;

export type AnalyticsCounter = (typeof ANALYTICS_COUNTERS)[number];

export type Counts = Record<AnalyticsCounter, number>;

export function zeroCounts(): Counts {
  return Object.fromEntries(ANALYTICS_COUNTERS.map((c) => [c, 0])) as Counts;
}
