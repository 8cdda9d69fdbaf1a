import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqlAnalyticsRollup } from '../../src/analytics/sql-analytics-rollup.js';
import type { SqlAnalyticsQueries } from '../../src/analytics/sql-analytics-queries.js';
import type { PilotComparison } from '../../src/analytics/compare-arms.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';
import { seedCalls, type SeedCall } from './seed-calls.js';

const KEY = 'analytics-test-key-0123456789';
const NOW = '2026-11-25T07:00:00.000Z';

/**
 * Five settled inbound calls, a callback and a call still running, counted by hand below.
 * E starts at 20:00 UTC on the 23rd: already the 24th in Almaty.
 */
const CALLS: SeedCall[] = [
  {
    id: 'A',
    language: 'kk',
    arm: 'personalised',
    ivrSec: 5,
    ivrOutcome: 'self-served',
    results: ['greeted', 'predicted:order', 'predict:yes'],
    steps: [
      { step: 'predict', inputKind: 'speech', leftBy: 'input' },
      { step: 'self-service', inputKind: 'digits', leftBy: 'input' },
    ],
  },
  {
    id: 'B',
    language: 'kk',
    arm: 'control',
    ivrSec: 12,
    ivrOutcome: 'transferred',
    results: ['greeted', 'invalid', 'chosen:employee:e1'],
    firstRanked: 'e1',
    answeredBy: 'employee:e1',
    steps: [
      { step: 'menu', inputKind: 'speech', leftBy: 'input' },
      { step: 'menu', inputKind: 'digits', leftBy: 'input' },
      { step: 'transfer', leftBy: 'transfer-ended' },
    ],
  },
  {
    id: 'C',
    provider: 'vonage',
    segment: 'vip',
    arm: 'personalised',
    ivrSec: 30,
    ivrOutcome: 'abandoned',
    abandonedAt: 'menu',
    results: ['greeted', 'predicted:order', 'predict:no', 'no-input'],
    firstRanked: 'e2',
    steps: [
      { step: 'menu', leftBy: 'no-input' },
      { step: 'menu', leftBy: 'hangup' },
    ],
  },
  {
    id: 'D',
    provider: 'vonage',
    segment: 'unknown',
    ivrSec: 8,
    ivrOutcome: 'completed',
    results: ['crm-timeout', 'chosen:hours'],
    steps: [
      { step: 'menu', inputKind: 'digits', leftBy: 'input' },
      { step: 'ended', leftBy: 'completed' },
    ],
  },
  {
    id: 'E',
    language: 'en',
    segment: 'none',
    arm: 'control',
    startedAt: '2026-11-23T20:00:00.000Z',
    ivrSec: 3,
    ivrOutcome: 'abandoned',
    abandonedAt: 'language',
    results: ['unknown'],
    steps: [{ step: 'language', leftBy: 'hangup' }],
  },
  { id: 'F-callback', direction: 'outbound', ivrSec: 0, ivrOutcome: 'completed' },
  { id: 'G-running', outcome: null, ivrSec: 50, ivrOutcome: null },
];

type Period = { from: string; to: string };
type Overview = Awaited<ReturnType<SqlAnalyticsQueries['overview']>> & Period;
type Paths = Awaited<ReturnType<SqlAnalyticsQueries['paths']>> & Period;

const get = (t: TestApp, path: string) =>
  request(t.app).get(path).set('Authorization', `Bearer ${KEY}`);
const overview = (res: request.Response) => res.body as Overview;
const paths = (res: request.Response) => res.body as Paths;
const pilot = (res: request.Response) => res.body as PilotComparison;

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));

  async function seeded(how: 'settled one by one' | 'rebuilt'): Promise<TestApp> {
    const t = await buildTestApp({ now: NOW, env: { API_KEY: KEY } });
    await seedCalls(t.db, CALLS);
    const rollup = new SqlAnalyticsRollup(t.db, 'Asia/Almaty');
    if (how === 'rebuilt') expect(await rollup.rebuild()).toBe(5);
    else {
      for (const c of CALLS) await rollup.addCall(c.id);
      // Added once: a second settlement of the same call changes nothing.
      expect(await rollup.addCall('A')).toBe(false);
    }
    return t;
  }

  describe.each(['settled one by one', 'rebuilt'] as const)('rollups %s', (how) => {
    it('overview: the hand-counted figures of the seeded calls', async () => {
      const t = await seeded(how);
      const res = await get(t, '/api/analytics/overview?from=2026-11-01&to=2026-11-30');
      expect(res.status).toBe(200);
      expect(overview(res).totals).toEqual({
        calls: 5,
        ivrSec: { mean: 11.6, median: 8, p90: 30 },
        selfServed: 1,
        selfServiceRate: 0.2,
        transferred: 1,
        transferRate: 0.2,
        abandoned: 2,
        abandonRate: 0.4,
        completed: 1,
        predictionOffered: 2,
        predictionAccepted: 1,
        predictionHitRate: 0.5,
        speechInputs: 2,
        speechUnderstood: 1,
        speechUnderstoodRate: 0.5,
        reprompted: 2,
        repromptRate: 0.4,
        fellBackToKeys: 1,
        fellBackToKeysRate: 0.2,
        crmFallback: 1,
        crmFallbackRate: 0.2,
        firstRankedOffered: 2,
        firstRankedAnswered: 1,
        firstRankedAnsweredRate: 0.5,
      });
      expect(overview(res).abandonedAt).toEqual(
        expect.arrayContaining([
          { node: 'menu', calls: 1 },
          { node: 'language', calls: 1 },
        ]),
      );
      const pick = <K extends string>(rows: Array<Record<K, string> & { calls: number }>, key: K) =>
        Object.fromEntries(rows.map((r) => [r[key], r.calls]));
      const body = overview(res);
      expect(pick(body.byDay, 'day')).toEqual({ '2026-11-23': 4, '2026-11-24': 1 });
      expect(pick(body.byProvider, 'provider')).toEqual({ twilio: 3, vonage: 2 });
      expect(pick(body.byLanguage, 'language')).toEqual({ kk: 2, ru: 2, en: 1 });
      expect(pick(body.bySegment, 'segment')).toEqual({
        regular: 2,
        vip: 1,
        unknown: 1,
        none: 1,
      });
      expect(pick(body.byArm, 'arm')).toEqual({ personalised: 2, control: 2, none: 1 });
    });

    it('paths: moves between nodes and the drop-off at each', async () => {
      const t = await seeded(how);
      const res = await get(t, '/api/analytics/paths?from=2026-11-01&to=2026-11-30');
      expect(res.status).toBe(200);
      const body = paths(res);
      expect(body.calls).toBe(5);
      const menu = body.nodes.find((n) => n.node === 'menu');
      expect(menu).toMatchObject({ node: 'menu', entered: 3, dropped: 1 });
      expect(menu?.dropOffRate).toBeCloseTo(1 / 3, 10);
      expect(menu?.next).toEqual(
        expect.arrayContaining([
          { node: 'transfer', moves: 1, share: 1 / 3 },
          { node: 'abandoned', moves: 1, share: 1 / 3 },
          { node: 'completed', moves: 1, share: 1 / 3 },
        ]),
      );
      expect(body.edges).toEqual(
        expect.arrayContaining([
          { from: 'start', to: 'menu', moves: 3 },
          { from: 'start', to: 'predict', moves: 1 },
          { from: 'start', to: 'language', moves: 1 },
          { from: 'predict', to: 'self-service', moves: 1 },
          { from: 'self-service', to: 'self-served', moves: 1 },
          { from: 'transfer', to: 'transferred', moves: 1 },
          { from: 'language', to: 'abandoned', moves: 1 },
        ]),
      );
      expect(body.edges).toHaveLength(10);
    });
  });

  it('filters by day, provider, language, segment and arm', async () => {
    const t = await seeded('rebuilt');
    const calls = async (q: string) =>
      overview(await get(t, `/api/analytics/overview?from=2026-11-01&to=2026-11-30&${q}`)).totals
        .calls;
    expect(await calls('provider=vonage')).toBe(2);
    expect(await calls('language=kk')).toBe(2);
    expect(await calls('segment=vip')).toBe(1);
    expect(await calls('arm=control')).toBe(2);
    expect(await calls('arm=none&provider=vonage')).toBe(1);
    const day = await get(t, '/api/analytics/overview?from=2026-11-24&to=2026-11-24');
    expect(overview(day).totals).toMatchObject({ calls: 1, abandoned: 1 });
    // Whole months from the monthly rollup, the days at the ends from the daily one.
    for (const [from, to, calls] of [
      ['2026-10-15', '2026-12-10', 5],
      ['2026-11-24', '2026-12-31', 1],
      ['2026-10-01', '2026-10-31', 0],
    ] as const) {
      const res = await get(t, `/api/analytics/paths?from=${from}&to=${to}`);
      expect({ from, calls: paths(res).calls }).toEqual({ from, calls });
    }
    // Without dates: the last 30 days up to today (25 November in Almaty).
    const recent = await get(t, '/api/analytics/paths');
    expect(paths(recent)).toMatchObject({ from: '2026-10-27', to: '2026-11-25', calls: 5 });
  });

  it('pilot: the arms side by side, and plainly not enough data yet', async () => {
    const t = await seeded('rebuilt');
    const res = await get(t, '/api/analytics/pilot?from=2026-11-01&to=2026-11-30&effect=0.05');
    expect(res.status).toBe(200);
    expect(pilot(res).arms.personalised).toMatchObject({ calls: 2, selfServed: 1 });
    expect(pilot(res).arms.control).toMatchObject({ calls: 2, transferred: 1, abandoned: 1 });
    expect(pilot(res).tests.selfService).toMatchObject({ difference: 0.5 });
    expect(pilot(res).tests.ivrTime.n).toEqual({ a: 2, b: 2 });
    // Control self-serves 0 of 2: from 0 % to 5 % needs 152 calls per arm.
    expect(pilot(res).sampleSize).toMatchObject({
      neededPerArm: 152,
      reached: { personalised: 2, control: 2 },
      enough: false,
    });
    expect(pilot(res).verdict).toBe('not-enough-data');
    expect(pilot(res).message).toMatch(/^Not enough data yet: 152 calls per arm/);
  });

  it('answers 400 naming the field, 401 without the key', async () => {
    const t = await seeded('rebuilt');
    const cases: Array<[string, string]> = [
      ['/api/analytics/overview?from=2026-13-01', 'from'],
      ['/api/analytics/overview?to=yesterday', 'to'],
      ['/api/analytics/paths?from=2026-11-30&to=2026-11-01', 'from'],
      ['/api/analytics/overview?provider=plivo', 'provider'],
      ['/api/analytics/overview?language=kaz', 'language'],
      ['/api/analytics/overview?segment=%3Cscript%3E', 'segment'],
      ['/api/analytics/overview?arm=treatment', 'arm'],
      ['/api/analytics/overview?colour=red', 'colour'],
      ['/api/analytics/pilot?effect=5', 'effect'],
      ['/api/analytics/overview?from=2020-01-01&to=2026-01-01', 'from'],
    ];
    for (const [path, field] of cases) {
      const res = await get(t, path);
      expect({
        path,
        status: res.status,
        fields: (res.body as { fields: string[] }).fields,
      }).toEqual({
        path,
        status: 400,
        fields: [field],
      });
    }
    const anonymous = await request(t.app).get('/api/analytics/overview');
    expect(anonymous.status).toBe(401);
  });
});
