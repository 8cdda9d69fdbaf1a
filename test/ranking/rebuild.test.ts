import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { eventLogTerm } from '../../src/crm/ranking/decay.js';
import type { RankingEvent } from '../../src/crm/ranking/ranking-event.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/crm/ranking/ranking-settings.js';
import { rebuildRanking } from '../../src/crm/ranking/rebuild-ranking.js';
import type { AppDatabase } from '../../src/store/database-schema.js';
import type { SqlCrm } from '../../src/crm/embedded/sql-crm.js';
import { tempCrms } from '../crm/temp-crm.js';
import {
  addEmployees,
  ALWAYS,
  DAY,
  employee,
  record,
  seededRandom,
  shift,
} from './ranking-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const NOW = '2026-03-11T06:00:00Z';
  const TYPES = Object.keys(DEFAULT_RANKING_SETTINGS.eventTypes);
  const CLIENTS = Array.from({ length: 25 }, (_, i) => `client-${i}`);
  const EMPLOYEES = Array.from({ length: 12 }, (_, i) => `emp-${i}`);

  /**
   * A seeded workload: 3,000 events over 400 days, each client mostly with 2-4 employees,
   * one in ten repeating an earlier id with other content (must be ignored by both paths).
   */
  function workload(seed: number): RankingEvent[] {
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const usual = new Map(
      CLIENTS.map((c) => [c, [pick(EMPLOYEES), pick(EMPLOYEES), pick(EMPLOYEES)]]),
    );
    const events: RankingEvent[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const clientId = pick(CLIENTS);
      const repeat = i > 0 && random() < 0.1;
      events.push({
        id: repeat ? `ev-${Math.floor(random() * i)}` : `ev-${i}`,
        type: pick(TYPES),
        clientId,
        employeeId: random() < 0.85 ? pick(usual.get(clientId) ?? EMPLOYEES) : pick(EMPLOYEES),
        at: shift(NOW, -Math.floor(random() * 400 * DAY)),
      });
    }
    return events;
  }

  async function scores(db: Kysely<AppDatabase>) {
    const rows = await db.selectFrom('client_employee_scores').selectAll().execute();
    return new Map(rows.map((r) => [`${r.client_id}/${r.employee_id}/${r.event_type}`, r.log_sum]));
  }

  async function rankings(crm: SqlCrm, at: string) {
    return Promise.all(CLIENTS.map((c) => crm.findRankedEmployees(c, at, EMPLOYEES.length)));
  }

  function expectSameScores(actual: Map<string, number>, expected: Map<string, number>) {
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, logSum] of expected) {
      // log sums are in the thousands; 1e-9 is a relative error of ~1e-13.
      expect(Math.abs((actual.get(key) ?? NaN) - logSum), key).toBeLessThan(1e-9);
    }
  }

  function expectSameRankings(
    actual: Awaited<ReturnType<typeof rankings>>,
    expected: Awaited<ReturnType<typeof rankings>>,
  ) {
    expect(actual.map((list) => list.map((e) => e.id))).toEqual(
      expected.map((list) => list.map((e) => e.id)),
    );
    actual.flat().forEach((e, i) => {
      const score = expected.flat()[i]?.score ?? NaN;
      expect(Math.abs(e.score - score) / score).toBeLessThan(1e-9);
    });
  }

  describe('rebuild equals the incremental path', () => {
    it.each([1, 2, 3])('on a seeded random workload with repeated ids (seed %i)', async (seed) => {
      const { db, crm } = await crms.open();
      await addEmployees(
        db,
        EMPLOYEES.map((id) => employee(id, { workingHours: ALWAYS })),
      );
      // Incremental, in batches of random size, as the HTTP endpoint would receive them.
      const events = workload(seed);
      const random = seededRandom(seed + 100);
      for (let i = 0; i < events.length;) {
        const size = 1 + Math.floor(random() * 200);
        await record(db, events.slice(i, i + size));
        i += size;
      }
      const incremental = await scores(db);
      const instants = [NOW, shift(NOW, 45 * DAY)];
      const ranked = await Promise.all(instants.map((at) => rankings(crm, at)));
      expect(ranked[0]?.flat().length).toBeGreaterThan(CLIENTS.length);

      // Clients have about 120 events: pages of 50 hold one client alone, pages of 170 split
      // a client between two pages, the default page holds everything.
      for (const pageSize of [50, 170, undefined]) {
        const rebuilt = await rebuildRanking(db, DEFAULT_RANKING_SETTINGS, { pageSize });
        expect(rebuilt).toMatchObject({
          events: new Set(events.map((e) => e.id)).size,
          skippedEvents: 0,
          clients: CLIENTS.length,
          aggregates: incremental.size,
        });
        expectSameScores(await scores(db), incremental);
        for (const [i, at] of instants.entries()) {
          expectSameRankings(await rankings(crm, at), ranked[i] ?? []);
        }
      }
    });

    it('applies changed weights, and leaves out types no longer in the settings', async () => {
      const { db } = await crms.open();
      await addEmployees(db, [employee('a')]);
      await record(db, [{ id: '1', type: 'email', clientId: 'c', employeeId: 'a', at: NOW }]);
      // An event of a type since removed from the settings (the endpoint would refuse it now).
      await db
        .insertInto('crm_events')
        .values({ id: '2', type: 'fax', client_id: 'c', employee_id: 'a', at: NOW })
        .execute();
      const email = { weight: 2, lifetimeDays: 60 };
      const result = await rebuildRanking(db, {
        ...DEFAULT_RANKING_SETTINGS,
        eventTypes: { email },
      });
      expect(result).toMatchObject({ events: 2, skippedEvents: 1, clients: 1, aggregates: 1 });
      const rows = await db.selectFrom('client_employee_scores').selectAll().execute();
      expect(rows).toEqual([
        {
          client_id: 'c',
          employee_id: 'a',
          event_type: 'email',
          log_sum: eventLogTerm(email, Date.parse(NOW)),
        },
      ]);
    });
  });
});
