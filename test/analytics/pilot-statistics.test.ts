import { wilcoxonRankSum } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  mannWhitneyU,
  sampleSizePerArm,
  twoProportionTest,
} from '../../src/analytics/pilot-statistics.js';
import { compareArms } from '../../src/analytics/compare-arms.js';
import { zeroCounts } from '../../src/analytics/analytics-counters.js';
import { ivrBucketOf, quantileOfHistogram } from '../../src/analytics/ivr-time-buckets.js';

/** Raw values as a histogram of one bucket per value (0…max). */
function histogram(values: number[]): number[] {
  const h = new Array<number>(Math.max(...values) + 1).fill(0);
  for (const v of values) h[v] = (h[v] ?? 0) + 1;
  return h;
}

describe('the pilot statistics against textbook values', () => {
  it('two-proportion test: OpenIntro Statistics, the mammogram study (z ≈ −0.17, p ≈ 0.87)', () => {
    const t = twoProportionTest(
      { successes: 500, trials: 44925 },
      { successes: 505, trials: 44910 },
    );
    expect(t.z).toBeCloseTo(-0.16, 1);
    expect(t.p).toBeCloseTo(0.87, 2);
  });

  it('confidence interval of a difference: OpenIntro, blood thinners after CPR, 90 % (−0.03, 0.29)', () => {
    const t = twoProportionTest({ successes: 14, trials: 40 }, { successes: 11, trials: 50 }, 0.9);
    expect(t.difference).toBeCloseTo(0.13, 10);
    expect(t.ci?.low).toBeCloseTo(-0.027, 2);
    expect(t.ci?.high).toBeCloseTo(0.287, 2);
  });

  it('Mann–Whitney U: morning against afternoon scores (U = 28, z ≈ −1.85)', () => {
    const morning = [66, 70, 73, 75, 75, 79, 82, 87, 95];
    const afternoon = [53, 81, 83, 84, 84, 84, 85, 86, 88, 90, 91, 92];
    const t = mannWhitneyU(histogram(morning), histogram(afternoon));
    expect(t.u).toBe(28);
    expect(t.n).toEqual({ a: 9, b: 12 });
    expect(t.z).toBeCloseTo(-1.848, 2);
    // One-tailed 0.0323 in the source: two-sided twice that.
    expect(t.p).toBeCloseTo(0.0646, 2);
    // The same U from simple-statistics' rank sum: U = R − n(n + 1)/2.
    expect(wilcoxonRankSum(morning, afternoon) - (9 * 10) / 2).toBe(28);
  });

  it('U from buckets: ties within a bucket count one half', () => {
    expect(mannWhitneyU([2], [3]).u).toBe(3);
    expect(mannWhitneyU([0, 1], [1, 0]).probabilityASlower).toBe(1);
    expect(mannWhitneyU([], [1]).z).toBeNull();
  });

  it('sample size: 50 % against 60 % at α 0.05, power 0.8 needs 388 per arm (Fleiss)', () => {
    expect(sampleSizePerArm(0.5, 0.1)).toBe(388);
    expect(sampleSizePerArm(0.6, -0.1)).toBe(388);
    expect(sampleSizePerArm(0.98, 0.05)).toBeNull();
  });

  it('says plainly when there is not enough data, and when the arms differ', () => {
    const arm = (calls: number, selfServed: number, time: number) => ({
      counts: { ...zeroCounts(), calls, self_served: selfServed },
      histogram: (() => {
        const h = new Array<number>(50).fill(0);
        h[ivrBucketOf(time)] = calls;
        return h;
      })(),
    });
    const few = compareArms(
      new Map([
        ['personalised', arm(30, 20, 40)],
        ['control', arm(30, 10, 60)],
      ]),
      0.05,
    );
    expect(few.verdict).toBe('not-enough-data');
    expect(few.sampleSize.neededPerArm).toBeGreaterThan(30);
    const many = compareArms(
      new Map([
        ['personalised', arm(2000, 900, 40)],
        ['control', arm(2000, 700, 60)],
      ]),
      0.05,
    );
    expect(many.verdict).toBe('significant');
    expect(many.tests.selfService.p).toBeLessThan(0.001);
    expect(many.tests.ivrTime.probabilityASlower).toBe(0);
    const same = compareArms(
      new Map([
        ['personalised', arm(2000, 700, 60)],
        ['control', arm(2000, 700, 60)],
      ]),
      0.05,
    );
    expect(same.verdict).toBe('no-significant-difference');
  });

  it('quantiles from the histogram: nearest rank, exact to the second up to 10 s', () => {
    const h = new Array<number>(50).fill(0);
    for (const s of [3, 5, 8, 12, 30]) h[ivrBucketOf(s)] = (h[ivrBucketOf(s)] ?? 0) + 1;
    expect(quantileOfHistogram(h, 0.5)).toBe(8);
    expect(quantileOfHistogram(h, 0.9)).toBe(30);
    expect(quantileOfHistogram(h, 0.2)).toBe(3);
    expect(quantileOfHistogram([], 0.5)).toBeNull();
    // 11 s falls in the (10, 12] bucket: answered as its upper bound.
    const eleven = new Array<number>(50).fill(0);
    eleven[ivrBucketOf(11)] = 1;
    expect(quantileOfHistogram(eleven, 0.5)).toBe(12);
  });
});
