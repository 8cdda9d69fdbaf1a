import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from '../../src/calls/call-queries.js';
import type { CallSummary } from '../../src/calls/call-views.js';
import { tempCrms } from '../crm/temp-crm.js';
import { apiApp, CALL_COUNT, CALLS, callRow, DID, qs } from './call-log-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  type Answer = Page<CallSummary>;
  const ids = (res: { body: unknown }) => (res.body as Answer).items.map((c) => c.callId);
  const id = (row: { call_id: string }) => row.call_id;

  describe('GET /api/calls', () => {
    it('lists every call newest first, with the total and no next page', async () => {
      const { get } = await apiApp(crms);
      const res = await get('/api/calls');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.body as Answer;
      expect(body.total).toBe(CALL_COUNT);
      expect(body.nextCursor).toBeNull();
      const started = body.items.map((c) => c.startedAt);
      expect(started).toEqual([...started].sort().reverse());
      expect(ids(res)[0]).toBe(id(CALLS.running));
    });

    it('shows a row as camelCase JSON, phone numbers unmasked, flags as booleans', async () => {
      const { get } = await apiApp(crms);
      const res = await get(
        `/api/calls?${qs(['customerId', 'c-bolat'], ['direction', 'outbound'])}`,
      );
      expect((res.body as Answer).items).toEqual([
        {
          callId: '5a3f2c9e-1b7d-4e21-9c6a-0d8e7f6a5b4c',
          provider: 'vonage',
          direction: 'outbound',
          caller: DID.almaty,
          called: '+77012345678',
          campaign: null,
          customerId: 'c-bolat',
          language: 'ru',
          startedAt: '2026-11-19T18:59:59.999Z',
          answeredAt: null,
          endedAt: '2026-11-19T19:01:34.999Z',
          status: 'unanswered',
          outcome: 'NO_ANSWER',
          fullContact: null,
          durationSec: 95,
          talkSec: null,
          ivrSec: 20,
          waitSec: 5,
          ivrOutcome: null,
          ivrAbandonedAt: null,
          lastStep: null,
          transferredTo: null,
          answeredBy: null,
          pilotArm: null,
          recordingUrl: null,
          selfServed: false,
          taskId: 'task-7',
          attempt: 2,
          // The same instants in the company's zone (Asia/Almaty): a day later there.
          startedAtLocal: '2026-11-19T23:59:59.999+05:00',
          endedAtLocal: '2026-11-20T00:01:34.999+05:00',
        },
      ]);
      const selfServed = await get(`/api/calls?${qs(['customerId', 'c-aigerim'])}`);
      expect((selfServed.body as Answer).items[0]).toMatchObject({
        selfServed: true,
        fullContact: true,
        ivrOutcome: 'self-served',
      });
    });

    it('filters by outcome: one, comma-separated, repeated, any case', async () => {
      const { get } = await apiApp(crms);
      expect(ids(await get('/api/calls?status=MISSED'))).toEqual([id(CALLS.afterMidnight)]);
      const both = [id(CALLS.afterMidnight), id(CALLS.midnight)];
      expect(ids(await get('/api/calls?status=MISSED,ABANDONED'))).toEqual(both);
      expect(ids(await get('/api/calls?status=missed&status=ABANDONED'))).toEqual(both);
      const answered = await get('/api/calls?status=ANSWERED');
      expect(ids(answered)).toEqual([id(CALLS.lateEvening), id(CALLS.selfServed)]);
      for (const [outcome, row] of [
        ['NO_ANSWER', CALLS.callback],
        ['BUSY', CALLS.moscowBusy],
        ['FAILED', CALLS.failed],
        ['VOICEMAIL', CALLS.voicemail],
      ] as const) {
        const res = await get(`/api/calls?status=${outcome}`);
        expect(ids(res), outcome).toEqual([id(row)]);
        expect((res.body as Answer).total).toBe(1);
      }
    });

    it('filters by customer, direction, campaign', async () => {
      const { get } = await apiApp(crms);
      expect(ids(await get('/api/calls?customerId=c-asel'))).toEqual([
        id(CALLS.running),
        id(CALLS.afterMidnight),
        id(CALLS.lateEvening),
        id(CALLS.voicemail),
      ]);
      expect(ids(await get('/api/calls?direction=outbound'))).toEqual([
        id(CALLS.callback),
        id(CALLS.voicemail),
      ]);
      expect(ids(await get('/api/calls?campaign=radio-autumn'))).toEqual([
        id(CALLS.afterMidnight),
        id(CALLS.lateEvening),
      ]);
      const none = await get('/api/calls?customerId=c-nobody');
      expect(none.body).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('finds the DID however it is written', async () => {
      const { get } = await apiApp(crms);
      const astana = [
        id(CALLS.running),
        id(CALLS.failed),
        id(CALLS.afterMidnight),
        id(CALLS.lateEvening),
      ];
      for (const written of [
        '8 7172 00 00 01',
        '+77172000001',
        '+7 (7172) 00-00-01',
        '87172000001',
      ]) {
        expect(ids(await get(`/api/calls?${qs(['did', written])}`)), written).toEqual(astana);
      }
      // A `+` left unencoded arrives as a space: still the same number.
      expect(ids(await get('/api/calls?did=+77172000001'))).toEqual(astana);
      expect(ids(await get(`/api/calls?${qs(['did', '+7 495 123-45-67'])}`))).toEqual([
        id(CALLS.moscowBusy),
      ]);
    });

    it('a bare date is the whole day in the company zone (Asia/Almaty)', async () => {
      const { get } = await apiApp(crms);
      const res = await get('/api/calls?from=2026-11-20&to=2026-11-20');
      // 23:30 on the 20th is in, 00:10 on the 21st is not; midnight opens the day, a
      // millisecond before it belongs to the 19th.
      expect(ids(res)).toEqual([
        id(CALLS.lateEvening),
        id(CALLS.moscowBusy),
        id(CALLS.selfServed),
        id(CALLS.midnight),
      ]);
      expect((res.body as Answer).total).toBe(4);
      expect(ids(await get('/api/calls?from=2026-11-21&to=2026-11-21'))).toEqual([
        id(CALLS.running),
        id(CALLS.failed),
        id(CALLS.afterMidnight),
      ]);
      expect(ids(await get('/api/calls?to=2026-11-19'))).toEqual([
        id(CALLS.callback),
        id(CALLS.voicemail),
      ]);
      expect(ids(await get('/api/calls?from=2026-11-21'))).toHaveLength(3);
    });

    it('the same dates in another company zone (Europe/Moscow) cover other instants', async () => {
      const { get } = await apiApp(crms, { zone: 'Europe/Moscow' });
      // 20th in Moscow = 19th 21:00Z … 20th 21:00Z: 00:10 Almaty (22:10 Moscow) is the 20th
      // there, Almaty's midnight (22:00 Moscow on the 19th) is not.
      expect(ids(await get('/api/calls?from=2026-11-20&to=2026-11-20'))).toEqual([
        id(CALLS.afterMidnight),
        id(CALLS.lateEvening),
        id(CALLS.moscowBusy),
        id(CALLS.selfServed),
      ]);
    });

    it('instants carry their own offset; `to` includes its instant', async () => {
      const { get } = await apiApp(crms);
      // 23:30 Almaty written in two zones, and in UTC: the bounds are the call itself.
      for (const [from, to] of [
        ['2026-11-20T23:30:00+05:00', '2026-11-20T23:30:00+05:00'],
        ['2026-11-20T21:30:00+03:00', '2026-11-20T18:30:00Z'],
        ['2026-11-20T18:30:00.000Z', '2026-11-20T21:30:00.000+0300'],
      ] as const) {
        const res = await get(`/api/calls?${qs(['from', from], ['to', to])}`);
        expect(ids(res), `${from} ${to}`).toEqual([id(CALLS.lateEvening)]);
      }
      // Unencoded `+` (a space on arrival) is understood too.
      const unencoded = '/api/calls?from=2026-11-20T23:30:00+05:00&to=2026-11-21T00:10:00+05:00';
      expect(ids(await get(unencoded))).toEqual([id(CALLS.afterMidnight), id(CALLS.lateEvening)]);
      // Mixed: from a day in the company zone to an instant.
      expect(
        ids(
          await get(`/api/calls?${qs(['from', '2026-11-21'], ['to', '2026-11-21T08:00+05:00'])}`),
        ),
      ).toEqual([id(CALLS.failed), id(CALLS.afterMidnight)]);
    });

    it('combines filters (all must hold), and total counts the filtered set', async () => {
      const { get } = await apiApp(crms);
      let res = await get(
        `/api/calls?${qs(
          ['from', '2026-11-20'],
          ['to', '2026-11-21'],
          ['did', '8 7172 00 00 01'],
          ['status', 'ANSWERED,MISSED'],
          ['customerId', 'c-asel'],
          ['direction', 'inbound'],
          ['campaign', 'radio-autumn'],
          ['limit', '1'],
        )}`,
      );
      expect(ids(res)).toEqual([id(CALLS.afterMidnight)]);
      expect((res.body as Answer).total).toBe(2);
      expect((res.body as Answer).nextCursor).toEqual(expect.any(String));
      res = await get(`/api/calls?${qs(['did', DID.almaty], ['status', 'ANSWERED'])}`);
      expect(ids(res)).toEqual([id(CALLS.selfServed)]);
      res = await get(`/api/calls?${qs(['did', DID.moscow], ['direction', 'outbound'])}`);
      expect(res.body).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('walks all pages by cursor: a call arriving in between shifts nothing', async () => {
      const { get, db } = await apiApp(crms, { seed: false });
      // 23 calls over a few hours; three share a start second, so call_id breaks the tie.
      const rows = Array.from({ length: 23 }, (_, i) =>
        callRow(`CA${String(i).padStart(32, '0')}`, {
          started_at: new Date(
            Date.UTC(2026, 10, 20, 4, 0, 0) + (i < 3 ? 0 : i) * 600_000,
          ).toISOString(),
          called: i % 2 === 0 ? DID.astana : DID.almaty,
        }),
      );
      await db.insertInto('calls').values(rows).execute();
      const expected = rows
        .map((r) => ({ id: r.call_id, at: r.started_at }))
        .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
        .map((r) => r.id);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(
          `/api/calls?${qs(['limit', '5'], ...(cursor ? [['cursor', cursor] as [string, string]] : []))}`,
        );
        expect(res.status).toBe(200);
        const body = res.body as Answer;
        seen.push(...body.items.map((c) => c.callId));
        cursor = body.nextCursor;
        pages += 1;
        expect(body.total).toBe(pages === 1 ? 23 : 24);
        if (pages === 1) {
          // A new call comes in while the CRM is on page one.
          await db
            .insertInto('calls')
            .values(callRow('CA-new-call', { started_at: '2026-11-20T09:00:00.000Z' }))
            .execute();
        }
      } while (cursor !== null);
      expect(pages).toBe(5);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);

      // The same walk with a filter: the cursor keeps the filter's order.
      const astana: string[] = [];
      cursor = null;
      do {
        const res = await get(
          `/api/calls?${qs(['did', DID.astana], ['limit', '4'], ...(cursor ? [['cursor', cursor] as [string, string]] : []))}`,
        );
        const body = res.body as Answer;
        astana.push(...body.items.map((c) => c.callId));
        expect(body.total).toBe(13);
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(astana).toEqual([
        'CA-new-call',
        ...expected.filter((c) => Number(c.slice(2)) % 2 === 0),
      ]);
    });

    it('limit defaults to 50 and may go up to 200', async () => {
      const { get, db } = await apiApp(crms, { seed: false });
      const rows = Array.from({ length: 210 }, (_, i) =>
        callRow(`CA${String(i).padStart(32, '0')}`, {
          started_at: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
        }),
      );
      await db.insertInto('calls').values(rows).execute();
      let body = (await get('/api/calls')).body as Answer;
      expect(body.items).toHaveLength(50);
      expect(body.total).toBe(210);
      body = (await get('/api/calls?limit=200')).body as Answer;
      expect(body.items).toHaveLength(200);
      body = (await get(`/api/calls?${qs(['limit', '200'], ['cursor', body.nextCursor ?? ''])}`))
        .body as Answer;
      expect(body.items).toHaveLength(10);
      expect(body.nextCursor).toBeNull();
    });
  });
});
