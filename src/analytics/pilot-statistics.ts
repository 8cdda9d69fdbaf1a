import jstatPackage from 'jstat';

const { normal } = jstatPackage.jStat;

/** Φ⁻¹(p) of the standard normal distribution. */
export const normalQuantile = (p: number): number => normal.inv(p, 0, 1);
/** Two-sided p-value of a standard normal statistic. */
const twoSidedP = (z: number): number => 2 * (1 - normal.cdf(Math.abs(z), 0, 1));

export interface ProportionTest {
  /** Successes and trials of arm A (personalised) and B (control). */
  a: { successes: number; trials: number; rate: number | null };
  b: { successes: number; trials: number; rate: number | null };
  /** rate A − rate B. */
  difference: number | null;
  /** Confidence interval of the difference (unpooled standard error, Wald). */
  ci: { level: number; low: number; high: number } | null;
  /** z with the pooled standard error, and its two-sided p-value. */
  z: number | null;
  p: number | null;
}

/**
 * Two-proportion z-test (pooled standard error for the test, unpooled for the interval of
 * the difference, as in OpenIntro Statistics §6.2). Null statistics when an arm is empty
 * or the pooled rate is 0 or 1 (no variance: nothing to test).
 */
export function twoProportionTest(
  a: { successes: number; trials: number },
  b: { successes: number; trials: number },
  level = 0.95,
): ProportionTest {
  const rate = (x: { successes: number; trials: number }) =>
    x.trials > 0 ? x.successes / x.trials : null;
  const pa = rate(a);
  const pb = rate(b);
  const base = { a: { ...a, rate: pa }, b: { ...b, rate: pb } };
  if (pa === null || pb === null) return { ...base, difference: null, ci: null, z: null, p: null };
  const difference = pa - pb;
  const se = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  const zCrit = normalQuantile(1 - (1 - level) / 2);
  const ci = { level, low: difference - zCrit * se, high: difference + zCrit * se };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (sePooled === 0) return { ...base, difference, ci, z: null, p: null };
  const z = difference / sePooled;
  return { ...base, difference, ci, z, p: twoSidedP(z) };
}

export interface RankTest {
  n: { a: number; b: number };
  /** Mann–Whitney U of arm A: pairs (a, b) with a > b, ties counting one half. */
  u: number;
  /** P(A > B) + ½·P(A = B): 0.5 when the arms do not differ (common-language effect size). */
  probabilityASlower: number | null;
  /** Normal approximation with the tie correction, two-sided. */
  z: number | null;
  p: number | null;
}

/**
 * Mann–Whitney U test on two histograms over the same ordered buckets (values in one bucket
 * are ties). Raw values are the special case of one bucket per distinct value. Normal
 * approximation with tie-corrected variance (valid from about 20 per arm, which the
 * sample-size check requires anyway).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  let u = 0;
  let bBelow = 0;
  let tieTerm = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ca = a[i] ?? 0;
    const cb = b[i] ?? 0;
    u += ca * (bBelow + cb / 2);
    bBelow += cb;
    const t = ca + cb;
    tieTerm += t * t * t - t;
  }
  const n = na + nb;
  if (na === 0 || nb === 0)
    return { n: { a: na, b: nb }, u, probabilityASlower: null, z: null, p: null };
  const mean = (na * nb) / 2;
  const variance = ((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const probabilityASlower = u / (na * nb);
  if (variance <= 0) return { n: { a: na, b: nb }, u, probabilityASlower, z: null, p: null };
  const z = (u - mean) / Math.sqrt(variance);
  return { n: { a: na, b: nb }, u, probabilityASlower, z, p: twoSidedP(z) };
}

/**
 * Callers needed in each arm to detect a change of a rate from `baseline` by `effect`
 * (absolute), two-sided at `alpha` with `power` (Fleiss' formula without continuity
 * correction); null when the target rate is outside [0, 1].
 */
export function sampleSizePerArm(
  baseline: number,
  effect: number,
  alpha = 0.05,
  power = 0.8,
): number | null {
  const p1 = baseline;
  const p2 = baseline + effect;
  const inRange = (p: number) => p >= 0 && p <= 1;
  if (!inRange(p1) || !inRange(p2) || effect === 0) return null;
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const mean = (p1 + p2) / 2;
  if (mean <= 0 || mean >= 1) return null;
  const root =
    zA * Math.sqrt(2 * mean * (1 - mean)) + zB * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (effect * effect));
}
