/**
 * Buckets of the time-in-IVR histogram kept per rollup row: exact seconds up to 10 s, then
 * widening steps (the error of a quantile is at most the width of its bucket, under 10 %
 * of the value past 10 s). Frozen by migration 018, one column each (`ivr_h00`…): the
 * bounds must never change, only a new migration could add buckets.
 */
export const IVR_TIME_UPPER_BOUNDS: readonly number[] = [
  0,
  1,
  2,
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  12,
  14,
  16,
  18,
  20,
  23,
  26,
  30,
  35,
  40,
  45,
  50,
  55,
  60,
  70,
  80,
  90,
  100,
  120,
  140,
  160,
  180,
  210,
  240,
  270,
  300,
  360,
  420,
  480,
  600,
  900,
  1200,
  1800,
  Number.POSITIVE_INFINITY,
];

export const IVR_TIME_BUCKET_COUNT = IVR_TIME_UPPER_BOUNDS.length;

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
export type IvrBucketColumn = `ivr_h${Digit}${Digit}`;

export function ivrBucketColumn(index: number): IvrBucketColumn {
  return `ivr_h${String(index).padStart(2, '0')}` as IvrBucketColumn;
}

export const IVR_BUCKET_COLUMNS: readonly IvrBucketColumn[] = IVR_TIME_UPPER_BOUNDS.map((_, i) =>
  ivrBucketColumn(i),
);

/** The bucket of a time in seconds: the first whose upper bound is at least it. */
export function ivrBucketOf(seconds: number): number {
  const s = Math.max(0, Math.ceil(seconds));
  const i = IVR_TIME_UPPER_BOUNDS.findIndex((bound) => s <= bound);
  return i === -1 ? IVR_TIME_BUCKET_COUNT - 1 : i;
}

/**
 * The q-quantile (nearest rank: the smallest value with at least q·n values at or below it)
 * of a histogram, as the upper bound of its bucket; the last bucket answers its lower bound
 * (the histogram knows no more). Null for an empty histogram.
 */
export function quantileOfHistogram(counts: readonly number[], q: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) {
      const bound = IVR_TIME_UPPER_BOUNDS[i] ?? Number.POSITIVE_INFINITY;
      return Number.isFinite(bound) ? bound : (IVR_TIME_UPPER_BOUNDS[i - 1] ?? 0);
    }
  }
  return null;
}
