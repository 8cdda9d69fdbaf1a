import { afterEach, describe, expect, it } from 'vitest';
import { tempCrms } from '../crm/temp-crm.js';
import { addEmployees, DAY, employee, event, HOUR, record, shift } from './ranking-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  /** A Wednesday, 11:00 in Almaty: everybody's office hours. */
  const NOW = '2026-03-11T06:00:00Z';

  const ids = (list: Array<{ id: string }>) => list.map((e) => e.id);

  describe('ranking by weighted, decaying events (SQLite, injected instants)', () => {
    it('an invoice an hour ago beats three support replies a month ago; as time passes it reverses', async () => {
      const { db, crm } = await crms.open();
      await addEmployees(db, [employee('invoicer'), employee('supporter')]);
      await record(db, [
        event('invoice_sent', 'c1', 'invoicer', shift(NOW, -HOUR)),
        event('support_reply', 'c1', 'supporter', shift(NOW, -30 * DAY)),
        event('support_reply', 'c1', 'supporter', shift(NOW, -30 * DAY + HOUR)),
        event('support_reply', 'c1', 'supporter', shift(NOW, -31 * DAY)),
      ]);
      expect(ids(await crm.findRankedEmployees('c1', NOW, 3))).toEqual(['invoicer', 'supporter']);
      // 20 days on (a Tuesday, 11:00): the invoice has lost 6.7 half-lives, the replies 1.1.
      expect(ids(await crm.findRankedEmployees('c1', shift(NOW, 20 * DAY), 3))).toEqual([
        'supporter',
        'invoicer',
      ]);
      // A month on (a Friday): the invoice's 30-day lifetime is over, below minScore.
      expect(ids(await crm.findRankedEmployees('c1', shift(NOW, 30 * DAY), 3))).toEqual([
        'supporter',
      ]);
    });

    it('sums event types per employee and reports the score', async () => {
      const { db, crm } = await crms.open();
      await addEmployees(db, [employee('a')]);
      await record(db, [
        event('invoice_sent', 'c1', 'a', NOW),
        event('meeting', 'c1', 'a', NOW),
        event('email', 'c1', 'a', shift(NOW, -6 * DAY)),
      ]);
      const [a] = await crm.findRankedEmployees('c1', NOW, 3);
      // 5 + 4 + 1 · 2^(−6/6)
      expect(a?.score).toBeCloseTo(9.5, 9);
      expect(a?.destination).toEqual({ type: 'sip', uri: 'sip:a@pbx.example.kz' });
    });

    it('ends a contribution with its lifetime: below minScore, the employee is not offered', async () => {
      const { db, crm } = await crms.open();
      await addEmployees(db, [employee('a')]);
      await record(db, [event('invoice_sent', 'c1', 'a', shift(NOW, -29 * DAY))]);
      expect(ids(await crm.findRankedEmployees('c1', NOW, 3))).toEqual(['a']);
      expect(await crm.findRankedEmployees('c1', shift(NOW, 2 * DAY), 3)).toEqual([]);
    });

    it('takes the best `limit`, ties broken by name', async () => {
      const { db, crm } = await crms.open();
      await addEmployees(db, [
        employee('x', { lastName: 'Bekov' }),
        employee('y', { lastName: 'Abenov' }),
        employee('z', { lastName: 'Zhanov' }),
        employee('w', { lastName: 'Weak' }),
      ]);
      await record(db, [
        event('email', 'c1', 'x', NOW),
        event('email', 'c1', 'y', NOW),
        event('invoice_sent', 'c1', 'z', NOW),
        event('email', 'c1', 'w', shift(NOW, -30 * DAY)),
      ]);
      expect(ids(await crm.findRankedEmployees('c1', NOW, 3))).toEqual(['z', 'y', 'x']);
      expect(ids(await crm.findRankedEmployees('c1', NOW, 2))).toEqual(['z', 'y']);
      expect(await crm.findRankedEmployees('c1', NOW, 0)).toEqual([]);
      expect(await crm.findRankedEmployees('nobody', NOW, 3)).toEqual([]);
    });

    it('records an event id once: a repeat (even with other content) changes nothing', async () => {
      const { db, crm } = await crms.open();
      await addEmployees(db, [employee('a'), employee('b')]);
      expect(await record(db, [event('email', 'c1', 'a', NOW, 'same')])).toBe(1);
      const before = await db.selectFrom('client_employee_scores').selectAll().execute();
      expect(
        await record(db, [
          event('invoice_sent', 'c1', 'b', NOW, 'same'),
          event('email', 'c1', 'a', NOW, 'same'),
        ]),
      ).toBe(0);
      expect(await db.selectFrom('client_employee_scores').selectAll().execute()).toEqual(before);
      expect(await db.selectFrom('crm_events').selectAll().execute()).toHaveLength(1);
      expect(ids(await crm.findRankedEmployees('c1', NOW, 3))).toEqual(['a']);
    });

    it('refuses an event type the settings do not know, recording nothing', async () => {
      const { db } = await crms.open();
      await expect(
        record(db, [event('email', 'c1', 'a', NOW), event('fax', 'c1', 'a', NOW)]),
      ).rejects.toThrow(/unknown event type fax/);
      expect(await db.selectFrom('crm_events').selectAll().execute()).toEqual([]);
    });
  });
});
