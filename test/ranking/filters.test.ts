import { afterEach, describe, expect, it } from 'vitest';
import { tempCrms } from '../crm/temp-crm.js';
import { addEmployees, ALWAYS, employee, event, record } from './ranking-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  /** Wednesday 2026-03-11, 11:00 in Almaty (UTC+5). */
  const WEDNESDAY_11 = '2026-03-11T06:00:00Z';

  async function setUp() {
    const opened = await crms.open();
    await addEmployees(opened.db, [
      employee('ok', { extension: '101' }),
      employee('dismissed', { extension: '102', dismissed: true }),
      employee('technical', { extension: '103', technical: true }),
      employee('vacation', {
        extension: '104',
        workingHours: ALWAYS,
        absences: [{ startsOn: '2026-03-12', endsOn: '2026-03-20', kind: 'vacation' }],
      }),
      employee('london', { extension: '105', timeZone: 'Europe/London' }),
      employee('night', {
        extension: '106',
        workingHours: { fri: ['22:00', '06:00'], sat: ['22:00', '06:00'] },
      }),
    ]);
    const everyone = ['ok', 'dismissed', 'technical', 'vacation', 'london', 'night'];
    await record(
      opened.db,
      everyone.map((id) => event('meeting', 'c1', id, '2026-03-10T06:00:00Z')),
    );
    const ranked = async (at: string) =>
      (await opened.crm.findRankedEmployees('c1', at, 10)).map((e) => e.id).sort();
    const byExtension = async (extension: string, at: string) =>
      (await opened.crm.findAvailableEmployeeByExtension(extension, at))?.id ?? null;
    return { ranked, byExtension };
  }

  describe('call-time filters (ranking and extension lookup)', () => {
    it('never offers dismissed employees or technical accounts', async () => {
      const { ranked, byExtension } = await setUp();
      expect(await ranked(WEDNESDAY_11)).toEqual(['ok', 'vacation']);
      expect(await byExtension('101', WEDNESDAY_11)).toBe('ok');
      expect(await byExtension('102', WEDNESDAY_11)).toBeNull();
      expect(await byExtension('103', WEDNESDAY_11)).toBeNull();
      expect(await byExtension('999', WEDNESDAY_11)).toBeNull();
    });

    it("leaves out the absent today, today in the employee's zone", async () => {
      const { ranked, byExtension } = await setUp();
      // 23:00 on the 11th in Almaty: the vacation starts tomorrow.
      expect(await ranked('2026-03-11T18:00:00Z')).toContain('vacation');
      expect(await byExtension('104', '2026-03-11T18:00:00Z')).toBe('vacation');
      // 01:00 on the 12th in Almaty, though still the 11th in UTC: on vacation.
      expect(await ranked('2026-03-11T20:00:00Z')).not.toContain('vacation');
      expect(await byExtension('104', '2026-03-11T20:00:00Z')).toBeNull();
      // The last day counts; the day after, back at work.
      expect(await byExtension('104', '2026-03-20T12:00:00Z')).toBeNull();
      expect(await byExtension('104', '2026-03-20T19:00:00Z')).toBe('vacation');
    });

    it('leaves out those off shift in their own zone, before and after hours', async () => {
      const { ranked, byExtension } = await setUp();
      // 11:00 in Almaty is 06:00 in London: not yet.
      expect(await byExtension('105', WEDNESDAY_11)).toBeNull();
      // 09:00 in London (UTC+0 in March) is 14:00 in Almaty: both work.
      expect(await ranked('2026-03-11T09:00:00Z')).toEqual(['london', 'ok', 'vacation']);
      expect(await byExtension('101', '2026-03-11T03:59:00Z')).toBeNull(); // 08:59
      expect(await byExtension('101', '2026-03-11T04:00:00Z')).toBe('ok'); // 09:00
      expect(await byExtension('101', '2026-03-11T12:59:00Z')).toBe('ok'); // 17:59
      expect(await byExtension('101', '2026-03-11T13:00:00Z')).toBeNull(); // 18:00
    });

    it('leaves out the weekend, and keeps a night shift running past midnight', async () => {
      const { ranked, byExtension } = await setUp();
      // Saturday 11:00 in Almaty: no office hours.
      expect(await ranked('2026-03-14T06:00:00Z')).toEqual([]);
      // Friday 23:00 and Saturday 05:00 in Almaty: Friday's night shift.
      expect(await byExtension('106', '2026-03-13T18:00:00Z')).toBe('night');
      expect(await byExtension('106', '2026-03-14T00:00:00Z')).toBe('night');
      // Sunday 05:00 (Saturday's shift) yes, Sunday 07:00 and Sunday 23:00 no.
      expect(await byExtension('106', '2026-03-15T00:00:00Z')).toBe('night');
      expect(await byExtension('106', '2026-03-15T02:00:00Z')).toBeNull();
      expect(await byExtension('106', '2026-03-15T18:00:00Z')).toBeNull();
    });

    it('returns the destination parsed, number or SIP', async () => {
      const { crm, db } = await crms.open();
      await addEmployees(db, [employee('p', { extension: '55', destination: '+77012000155' })]);
      expect(await crm.findAvailableEmployeeByExtension('55', WEDNESDAY_11)).toMatchObject({
        id: 'p',
        extension: '55',
        destination: { type: 'number', number: '+77012000155' },
      });
    });
  });
});
