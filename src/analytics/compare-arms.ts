import { zeroCounts, type Counts } from './analytics-counters.js';
import { flowMetrics, type FlowMetrics } from './flow-metrics.js';
import {
  mannWhitneyU,
  sampleSizePerArm,
  twoProportionTest,
  type ProportionTest,
  type RankTest,
} from './pilot-statistics.js';

export const PILOT_ALPHA = 0.05;
export const PILOT_POWER = 0.8;
/** The rank test's normal approximation needs about this many calls per arm. */
const MIN_PER_ARM = 20;

export interface PilotComparison {
  arms: { personalised: FlowMetrics; control: FlowMetrics };
  tests: {
    selfService: ProportionTest;
    transfer: ProportionTest;
    abandon: ProportionTest;
    ivrTime: RankTest;
  };
  sampleSize: {
    /** The smallest change of the self-service rate (absolute) the pilot should detect. */
    minimalEffect: number;
    alpha: number;
    power: number;
    /** Calls per arm needed, from the control arm's self-service rate; null when unknown. */
    neededPerArm: number | null;
    reached: { personalised: number; control: number };
    enough: boolean;
  };
  /** Plain words for the console: whether the data can tell yet, and what it says. */
  verdict: 'not-enough-data' | 'significant' | 'no-significant-difference';
  message: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Personalised against control: two-proportion z-tests for self-service, transfer and
 * abandonment, Mann–Whitney U for time in IVR (from the arms' histograms), and the sample
 * size each arm needs for `minimalEffect` on the self-service rate at α 0.05, power 0.8.
 */
export function compareArms(
  arms: Map<string, { counts: Counts; histogram: number[] }>,
  minimalEffect: number,
): PilotComparison {
  const empty = { counts: zeroCounts(), histogram: [] as number[] };
  const p = arms.get('personalised') ?? empty;
  const c = arms.get('control') ?? empty;
  const test = (k: 'self_served' | 'transferred' | 'abandoned') =>
    twoProportionTest(
      { successes: p.counts[k], trials: p.counts.calls },
      { successes: c.counts[k], trials: c.counts.calls },
    );
  const tests = {
    selfService: test('self_served'),
    transfer: test('transferred'),
    abandon: test('abandoned'),
    ivrTime: mannWhitneyU(p.histogram, c.histogram),
  };
  const baseline = c.counts.calls > 0 ? c.counts.self_served / c.counts.calls : null;
  const needed =
    baseline === null
      ? null
      : (sampleSizePerArm(baseline, minimalEffect, PILOT_ALPHA, PILOT_POWER) ??
        sampleSizePerArm(baseline, -minimalEffect, PILOT_ALPHA, PILOT_POWER));
  const reached = { personalised: p.counts.calls, control: c.counts.calls };
  const enough =
    needed !== null &&
    Math.min(reached.personalised, reached.control) >= Math.max(needed, MIN_PER_ARM);
  const significant = [tests.selfService, tests.transfer, tests.abandon, tests.ivrTime].some(
    (t) => t.p !== null && t.p < PILOT_ALPHA,
  );
  let verdict: PilotComparison['verdict'];
  let message: string;
  if (!enough) {
    verdict = 'not-enough-data';
    message =
      needed === null
        ? `Not enough data yet: the control arm has ${c.counts.calls === 0 ? 'no calls' : 'a self-service rate the effect cannot be added to'}, so the sample needed is unknown.`
        : `Not enough data yet: ${needed} calls per arm are needed to detect a change of ${pct(minimalEffect)} in self-service; reached ${reached.personalised} personalised and ${reached.control} control.`;
  } else if (significant) {
    verdict = 'significant';
    const d = tests.selfService.difference;
    message = `The arms differ significantly (α ${PILOT_ALPHA})${d === null ? '' : `; self-service personalised − control: ${pct(d)}`}.`;
  } else {
    verdict = 'no-significant-difference';
    message = `No significant difference between the arms at α ${PILOT_ALPHA} with ${Math.min(reached.personalised, reached.control)} calls per arm.`;
  }
  return {
    arms: {
      personalised: flowMetrics(p.counts, p.histogram),
      control: flowMetrics(c.counts, c.histogram),
    },
    tests,
    sampleSize: {
      minimalEffect,
      alpha: PILOT_ALPHA,
      power: PILOT_POWER,
      neededPerArm: needed,
      reached,
      enough,
    },
    verdict,
    message,
  };
}
