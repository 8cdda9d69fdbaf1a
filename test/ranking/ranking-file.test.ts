import { afterEach, describe, expect, it } from 'vitest';
import { exportCrmFile } from '../../src/crm/export-crm-file.js';
import { importCrmFile } from '../../src/crm/import-crm-file.js';
import { CrmImportError } from '../../src/errors/crm-import-error.js';
import { tempCrms } from '../crm/temp-crm.js';
import { employee, OFFICE_HOURS } from './ranking-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const NOW = new Date('2026-03-11T06:00:00Z');
  const opts = { defaultRegion: 'KZ' as const, now: NOW };

  const FILE = {
    version: 1,
    customers: [{ id: 'c1', firstName: 'Әсел', phones: ['87071234567'] }],
    employees: [
      employee('e1', {
        firstName: 'Айгерім',
        lastName: 'Сәрсенбаева',
        extension: '101',
        destination: 'sip:aigerim@pbx.example.kz',
      }),
      employee('e2', {
        firstName: 'Дмитрий',
        lastName: 'Волков',
        patronymic: 'Андреевич',
        extension: '102',
        destination: '+77012000102',
        absences: [
          { startsOn: '2026-04-01', endsOn: '2026-04-14', kind: 'vacation' },
          { startsOn: '2026-03-02', endsOn: '2026-03-03', kind: 'sick' },
        ],
      }),
      employee('e3', { firstName: 'Test', extension: '99', technical: true, dismissed: true }),
    ],
    events: [
      {
        id: 'ev-1',
        type: 'invoice_sent',
        clientId: 'c1',
        employeeId: 'e1',
        at: '2026-03-10T15:00:00+05:00',
      },
      {
        id: 'ev-2',
        type: 'call_outgoing',
        clientId: 'c1',
        employeeId: 'e2',
        at: '2026-03-09T10:00:00Z',
      },
      { type: 'email', clientId: 'c1', employeeId: 'e2', at: '2026-03-08T10:00:00Z' },
    ],
  };

  async function importError(data: unknown): Promise<CrmImportError> {
    const { db } = await crms.open();
    const error: unknown = await importCrmFile(db, data, opts).then(
      () => null,
      (err: unknown) => err,
    );
    if (!(error instanceof CrmImportError))
      throw new Error(`expected CrmImportError: ${String(error)}`);
    return error;
  }

  describe('CRM file: employees and events', () => {
    it('imports employees with absences and records events in the ranking, idempotently', async () => {
      const { db, crm } = await crms.open();
      const first = await importCrmFile(db, FILE, opts);
      expect(first).toEqual({ customers: 1, phones: 1, employees: 3, events: 3 });
      const ranked = await crm.findRankedEmployees('c1', NOW.toISOString(), 3);
      expect(ranked.map((e) => e.id)).toEqual(['e1', 'e2']);
      const scores = await db.selectFrom('client_employee_scores').selectAll().execute();

      expect(await importCrmFile(db, FILE, opts)).toEqual(first);
      expect(await db.selectFrom('client_employee_scores').selectAll().execute()).toEqual(scores);
      expect(await db.selectFrom('crm_events').selectAll().execute()).toHaveLength(3);
      expect(await db.selectFrom('employee_absences').selectAll().execute()).toHaveLength(2);
    });

    it('updates an employee by id, replacing absences; extensions may swap within a file', async () => {
      const { db, crm } = await crms.open();
      await importCrmFile(db, FILE, opts);
      const [e1, e2] = FILE.employees;
      await importCrmFile(
        db,
        {
          version: 1,
          customers: [],
          employees: [
            { ...e1, extension: '102' },
            { ...e2, extension: '101', absences: [] },
          ],
        },
        opts,
      );
      expect((await crm.findAvailableEmployeeByExtension('101', NOW.toISOString()))?.id).toBe('e2');
      expect(await db.selectFrom('employee_absences').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('employees').select('id').execute()).toHaveLength(3);
    });

    it('exports them so that they import back the same', async () => {
      const a = await crms.open();
      await importCrmFile(a.db, FILE, opts);
      const exported = await exportCrmFile(a.db);
      expect(exported.employees?.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
      expect(exported.employees?.[1]).toMatchObject({
        patronymic: 'Андреевич',
        workingHours: OFFICE_HOURS,
        absences: [
          { startsOn: '2026-03-02', endsOn: '2026-03-03', kind: 'sick' },
          { startsOn: '2026-04-01', endsOn: '2026-04-14', kind: 'vacation' },
        ],
      });
      expect(exported.employees?.[2]).toMatchObject({ dismissed: true, technical: true });
      expect(exported.events?.map((e) => e.at)).toEqual([
        '2026-03-08T10:00:00.000Z',
        '2026-03-09T10:00:00.000Z',
        '2026-03-10T10:00:00.000Z',
      ]);
      expect(exported.events?.[0]?.id).toMatch(/^h:[0-9a-f]{32}$/);

      const b = await crms.open();
      await importCrmFile(b.db, exported, opts);
      expect(await exportCrmFile(b.db)).toEqual(exported);
      const scores = (db: typeof a.db) =>
        db
          .selectFrom('client_employee_scores')
          .selectAll()
          .orderBy('employee_id')
          .orderBy('event_type')
          .execute();
      expect(await scores(b.db)).toEqual(await scores(a.db));
    });

    it('names every bad field and writes nothing', async () => {
      const [e1, e2] = FILE.employees;
      const error = await importError({
        ...FILE,
        employees: [
          { ...e1, extension: '7', timeZone: 'UTC+5', destination: '8 701 200 01 02' },
          { ...e2, workingHours: { mon: ['9:00', '18:00'], sunday: ['10:00', '12:00'] } },
          { ...e2, absences: [{ startsOn: '2026-03-05', endsOn: '2026-03-01', kind: 'leave' }] },
        ],
        events: [
          { ...FILE.events[0], clientId: '' },
          { ...FILE.events[1], employeeId: undefined },
        ],
      });
      expect(error.issues).toEqual([
        'employees[0].destination: expected an E.164 number (+77011234567) or a SIP URI (sip:user@host)',
        'employees[0].extension: 2 to 6 digits (one digit would clash with the menu keys)',
        'employees[0].timeZone: not an IANA time zone; use a zone name such as Asia/Almaty (not UTC+5)',
        'employees[1].workingHours.mon[0]: a time HH:MM, 00:00 to 23:59',
        'employees[1].workingHours.sunday: unknown field',
        'employees[2].absences[0].kind: must be one of vacation, sick, other',
        'events[0].clientId: must not be empty',
        'events[1].employeeId: required',
      ]);
    });

    it('refuses duplicates, unknown event types, future events and a taken extension', async () => {
      const [e1, e2] = FILE.employees;
      const error = await importError({
        ...FILE,
        employees: [
          e1,
          { ...e1, extension: '150' },
          {
            ...e2,
            extension: '101',
            absences: [{ startsOn: '2026-03-05', endsOn: '2026-03-01', kind: 'sick' }],
          },
        ],
        events: [
          { ...FILE.events[0], type: 'fax' },
          { ...FILE.events[1], at: '2026-03-11T07:00:00Z' },
        ],
      });
      expect(error.issues).toEqual([
        'employees[1].id: same id as employees[0]',
        'employees[2].extension: same extension as employees[0]',
        'employees[2].absences[0].endsOn: before startsOn',
        expect.stringMatching(
          /^events\[0\]\.type: unknown event type; known types: invoice_sent, /,
        ),
        'events[1].at: in the future',
      ]);

      const { db } = await crms.open();
      await importCrmFile(db, { version: 1, customers: [], employees: [e1] }, opts);
      const taken = await importCrmFile(
        db,
        { version: 1, customers: [], employees: [{ ...e2, extension: '101' }] },
        opts,
      ).catch((err: unknown) => err);
      expect(taken).toBeInstanceOf(CrmImportError);
      expect((taken as CrmImportError).issues).toEqual([
        'employees[0].extension: extension already belongs to employee e1',
      ]);
    });
  });
});
