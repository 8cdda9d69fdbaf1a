/**
 * The maths of the employee ranking (docs/employee-ranking.md), pure and dialect-free.
 *
 * An event of weight w at instant tₑ contributes w · 2^(−(t − tₑ)/h) at instant t, with the
 * half-life h = lifetime / 10: exponential decay, because a sum of exponentials with one
 * half-life factors into "aggregate × decay since a fixed epoch", so the ranking is kept
 * per (client, employee, event type) as one number updated by one upsert and read in one
 * lookup. The aggregate is kept in log space: 2^((tₑ − T0)/h) overflows a double after about
 * 1,000 half-lives (three years for a 30-day lifetime).
 */

/** Half-lives per lifetime: at the end of its lifetime an event weighs 2⁻¹⁰ < 0.1 % of w. */
export const HALF_LIVES_PER_LIFETIME = 10;

/** The fixed epoch T0 of the log aggregates. Changing it invalidates every stored log_sum. */
export const DECAY_EPOCH_MS = Date.UTC(2020, 0, 1);

const DAY_MS = 86_400_000;

/** What an event type weighs and how long it counts (from the ranking settings). */
export interface EventTypeSettings {
  weight: number;
  lifetimeDays: number;
}

/** The half-life h of an event type, in milliseconds. */
export function halfLifeMs(type: EventTypeSettings): number {
  return (type.lifetimeDays * DAY_MS) / HALF_LIVES_PER_LIFETIME;
}

/** The contribution at `nowMs` of one event at `eventMs`: w · 2^(−(t − tₑ)/h). */
export function contribution(type: EventTypeSettings, eventMs: number, nowMs: number): number {
  return type.weight * 2 ** (-(nowMs - eventMs) / halfLifeMs(type));
}

/**
 * One event's term of the log aggregate: ln(w · 2^((tₑ − T0)/h)) = ln w + (tₑ − T0)/h · ln 2.
 * The aggregate of a (client, employee, type) is the log-sum-exp of these terms.
 */
export function eventLogTerm(type: EventTypeSettings, eventMs: number): number {
  return Math.log(type.weight) + ((eventMs - DECAY_EPOCH_MS) / halfLifeMs(type)) * Math.LN2;
}

/** ln(eᵃ + eᵇ) without overflow: the incremental update of an aggregate. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln Σ eˣ over `terms` without overflow: the aggregate computed in one pass (rebuild). */
export function logSumExp(terms: readonly number[]): number {
  let high = -Infinity;
  for (const x of terms) if (x > high) high = x;
  if (high === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of terms) sum += Math.exp(x - high);
  return high + Math.log(sum);
}

/**
 * The score at `nowMs` of an aggregate: exp(log_sum − (t − T0)/h · ln 2), which equals
 * Σ w · 2^(−(t − tₑ)/h) over the aggregated events.
 */
export function scoreAt(logSum: number, type: EventTypeSettings, nowMs: number): number {
  return Math.exp(logSum - ((nowMs - DECAY_EPOCH_MS) / halfLifeMs(type)) * Math.LN2);
}
