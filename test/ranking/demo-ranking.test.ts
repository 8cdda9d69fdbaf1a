import { afterEach, describe, expect, it } from 'vitest';
import { seedCrm } from '../../src/crm/seed-crm.js';
import { tempCrms } from '../crm/temp-crm.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  /** Seeded on a Monday morning; the demo is looked at two days later. */
  const SEEDED = new Date('2026-12-07T04:00:00Z');
  const WEDNESDAY_11_ALMATY = '2026-12-09T06:00:00Z';

  describe('demo employees and events', () => {
    it('rank 2-3 employees for demo-001 in office hours, leaving out the absent, dismissed and technical', async () => {
      const { db, crm } = await crms.open();
      await seedCrm(db, { seedFile: null, defaultRegion: 'KZ', now: SEEDED });
      const ranked = await crm.findRankedEmployees('demo-001', WEDNESDAY_11_ALMATY, 3);
      expect(ranked.length).toBeGreaterThanOrEqual(2);
      expect(ranked.map((e) => e.id)).toEqual(['emp-aigerim', 'emp-dmitry', 'emp-olena']);
      for (const id of ['demo-002', 'demo-003', 'demo-004', 'demo-005']) {
        const others = await crm.findRankedEmployees(id, WEDNESDAY_11_ALMATY, 3);
        expect(others.length, id).toBeGreaterThanOrEqual(1);
        expect(others.map((e) => e.id)).not.toContain('emp-ivr-test');
        expect(others.map((e) => e.id)).not.toContain('emp-nurzhan');
      }
      // Saturday: nobody at the office.
      expect(await crm.findRankedEmployees('demo-001', '2026-12-12T06:00:00Z', 3)).toEqual([]);
      expect((await crm.findAvailableEmployeeByExtension('102', WEDNESDAY_11_ALMATY))?.id).toBe(
        'emp-dmitry',
      );
      // The vacation moved with the seeding date: still on vacation.
      expect(await crm.findAvailableEmployeeByExtension('105', WEDNESDAY_11_ALMATY)).toBeNull();
    });

    it('dates the demo events before the seeding, whatever the day', async () => {
      const { db } = await crms.open();
      await seedCrm(db, { seedFile: null, defaultRegion: 'KZ', now: SEEDED });
      const newest = await db
        .selectFrom('crm_events')
        .select('at')
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      expect(newest.at < SEEDED.toISOString()).toBe(true);
      expect(Date.parse(newest.at)).toBeGreaterThan(SEEDED.getTime() - 2 * 86_400_000);
    });
  });
});
