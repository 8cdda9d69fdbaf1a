import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../support/providers.js';
import { advance, callRow } from '../call-log/call-log-helpers.js';
import { buildTestApp } from '../support/test-app.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';
import type { SqlAnalyticsQueries } from '../../src/analytics/sql-analytics-queries.js';

type Overview = Awaited<ReturnType<SqlAnalyticsQueries['overview']>>;

const KEY = 'analytics-test-key-0123456789';
// Monday 16 November 2026, 10:00 in Almaty: office hours.
const MONDAY = '2026-11-16T05:00:00.000Z';
const GULNAR = '+77051230000'; // corporate, a personal menu of ranked employees
const STRANGER = '+447700900999'; // not in the CRM

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(PROVIDERS)(
    '$name: whole calls reach the analytics when they settle',
    (provider) => {
      it('segment and first-ranked employee recorded; counted once the call settles', async () => {
        const t = await buildTestApp({ now: MONDAY, env: { API_KEY: KEY } });
        const known = provider.call(t, GULNAR);
        await known.start();
        advance(t, 4);
        await known.press('1');
        advance(t, 2);
        await known.dialOutcome('answered', 60);
        await known.hangup();
        expect(await callRow(t, known.id)).toMatchObject({
          segment: 'corporate',
          first_ranked: 'emp-evgenia',
          answered_by: 'employee:emp-evgenia',
        });

        const stranger = provider.call(t, STRANGER);
        await stranger.start();
        advance(t, 3);
        await stranger.hangup();
        expect(await callRow(t, stranger.id)).toMatchObject({ segment: 'unknown' });

        const overview = async () =>
          (
            await request(t.app)
              .get('/api/analytics/overview?from=2026-11-16&to=2026-11-16')
              .set('Authorization', `Bearer ${KEY}`)
          ).body as Overview;
        // Not settled yet: the rollups wait for the rules' sweep.
        expect((await overview()).totals.calls).toBe(0);
        advance(t, 11);
        await t.settlement.applyDueRules(t.clock.now());
        const res = await overview();
        expect(res.totals).toMatchObject({
          calls: 2,
          transferred: 1,
          abandoned: 1,
          firstRankedOffered: 1,
          firstRankedAnswered: 1,
        });
        expect(res.byProvider).toEqual([
          expect.objectContaining({ provider: provider.name, calls: 2 }),
        ]);
        expect(Object.fromEntries(res.bySegment.map((s) => [s.segment, s.calls]))).toEqual({
          corporate: 1,
          unknown: 1,
        });
        expect(res.abandonedAt).toEqual([{ node: 'language', calls: 1 }]);
        // Settling again adds nothing twice.
        advance(t, 60);
        await t.settlement.applyDueRules(t.clock.now());
        expect((await overview()).totals.calls).toBe(2);
      });
    },
  );
});
