import { describe, expect, it, beforeEach } from 'vitest';
import type { CallLogPort } from '../../src/calls/call-log-port.js';
import { memoryLogger } from '../support/memory-logger.js';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { seededRandom } from '../../src/lib/seeded-random.js';
import { nobodyAnswers } from './call-log-helpers.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';

const IVAN = '+79165551234';
const API_KEY = 'calls-api-key-0123456789abcdef';

function shuffledWithDuplicates<T>(items: T[], next: () => number): T[] {
  const out = [...items, ...items.filter(() => next() < 0.4)];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function row(t: TestApp, callId: string) {
  const r = await t.db
    .selectFrom('calls')
    .select(['status', 'answered_at', 'ended_at', 'duration_sec', 'outcome', 'recording_url'])
    .where('call_id', '=', callId)
    .executeTakeFirstOrThrow();
  return r;
}

const rfc2822 = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe('status callbacks arriving twice and out of order give one record', () => {
    it('twilio: initiated, ringing, in-progress, completed in 30 random orders with repeats', async () => {
      const next = seededRandom(42);
      const seen = new Set<string>();
      for (let round = 0; round < 30; round += 1) {
        const t = await buildTestApp({ now: '2026-11-23T07:00:00Z' });
        const call = t.twilio(IVAN);
        await call.start();
        const base = {
          AccountSid: `AC${'c3'.repeat(16)}`,
          ApiVersion: '2010-04-01',
          CallSid: call.id,
          Direction: 'inbound',
          From: IVAN,
          To: '+77172123456',
          CallbackSource: 'call-progress-events',
        };
        const reports: Array<Record<string, string>> = [
          {
            CallStatus: 'initiated',
            SequenceNumber: '0',
            Timestamp: rfc2822('2026-11-23T06:59:58Z'),
          },
          {
            CallStatus: 'ringing',
            SequenceNumber: '1',
            Timestamp: rfc2822('2026-11-23T06:59:59Z'),
          },
          {
            CallStatus: 'in-progress',
            SequenceNumber: '2',
            Timestamp: rfc2822('2026-11-23T07:00:00Z'),
          },
          {
            CallStatus: 'completed',
            SequenceNumber: '3',
            Timestamp: rfc2822('2026-11-23T07:01:05Z'),
            CallDuration: '65',
            RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1',
          },
        ];
        for (const report of shuffledWithDuplicates(reports, next)) {
          const res = await call.post(`${PUBLIC_URL}/twilio/status`, { ...base, ...report });
          expect(res.status).toBe(204);
        }
        const r = await row(t, call.id);
        expect(r).toMatchObject({
          status: 'completed',
          answered_at: '2026-11-23T07:00:00.000Z',
          ended_at: '2026-11-23T07:01:05.000Z',
          duration_sec: 65,
          recording_url: 'https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1',
        });
        seen.add(JSON.stringify(r));
      }
      expect(seen.size).toBe(1);
    }, 60_000);

    it('vonage: started, ringing, answered, completed in 30 random orders with repeats', async () => {
      const next = seededRandom(7);
      const seen = new Set<string>();
      for (let round = 0; round < 30; round += 1) {
        const t = await buildTestApp({ now: '2026-11-23T07:00:00Z' });
        const call = t.vonage(IVAN.slice(1));
        await call.start();
        const base = {
          from: IVAN.slice(1),
          to: '77172123456',
          uuid: call.id,
          conversation_uuid: 'CON-7c1d',
          direction: 'inbound',
          headers: {},
        };
        const reports = [
          { status: 'started', timestamp: '2026-11-23T06:59:58.120Z' },
          { status: 'ringing', timestamp: '2026-11-23T06:59:58.120Z' },
          {
            status: 'answered',
            timestamp: '2026-11-23T07:00:00.004Z',
            start_time: null,
            rate: null,
          },
          {
            status: 'completed',
            timestamp: '2026-11-23T07:01:05.300Z',
            duration: '65',
            rate: '0.00720000',
            price: '0.00780000',
            network: 'GB-FIXED',
          },
        ];
        for (const report of shuffledWithDuplicates(reports, next)) {
          const res = await call.postJson(`${PUBLIC_URL}/vonage/event`, { ...base, ...report });
          expect(res.status).toBe(204);
        }
        const r = await row(t, call.id);
        expect(r).toMatchObject({
          status: 'completed',
          answered_at: '2026-11-23T07:00:00.004Z',
          ended_at: '2026-11-23T07:01:05.300Z',
          duration_sec: 65,
        });
        seen.add(JSON.stringify(r));
      }
      expect(seen.size).toBe(1);
    }, 60_000);
  });

  describe('a failing call log never costs the caller the call', () => {
    it('the caller still gets the menu and the transfer; the failure is logged', async () => {
      const { logger, lines } = memoryLogger('error');
      const broken = new Error('disk I/O error');
      const failing: CallLogPort = {
        recordProgress: () => Promise.reject(broken),
        recordOutbound: () => Promise.reject(broken),
        recordStatus: () => Promise.reject(broken),
        recordLegAmd: () => Promise.reject(broken),
        loadFacts: () => Promise.reject(broken),
        saveOutcome: () => Promise.reject(broken),
        listAwaitingRules: () => Promise.reject(broken),
        markRulesApplied: () => Promise.reject(broken),
      };
      const t = await buildTestApp({ callLog: failing, logger });
      const call = t.twilio(IVAN);
      const menu = await call.start();
      expect(menu.waitingFor).toBe('input');
      const transfer = await call.press('1');
      expect(transfer.dial?.number).toBe('+77172000001');
      expect((await call.hangup()).status).toBe(204);
      const logged = lines() as Array<{ msg: string }>;
      expect(logged.map((l) => l.msg)).toContain('call log: progress not stored');
      expect(logged.map((l) => l.msg)).toContain('call log: status report not stored');
    });
  });

  describe('the API shows what the call log and the rules stored', () => {
    it('GET /api/calls/:id has the steps; GET /api/tasks the callback a missed call left', async () => {
      const t = await buildTestApp({ now: '2026-11-23T07:00:00Z', env: { API_KEY } });
      const call = t.vonage(IVAN.slice(1));
      await nobodyAnswers(call);
      t.clock.set('2026-11-23T07:00:11Z');
      await t.settlement.applyDueRules(t.clock.now());

      const { default: request } = await import('supertest');
      const auth = { Authorization: `Bearer ${API_KEY}` };
      const detail = await request(t.app).get(`/api/calls/${call.id}`).set(auth);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        callId: call.id,
        outcome: 'MISSED',
        caller: IVAN,
        startedAt: '2026-11-23T07:00:00.000Z',
        startedAtLocal: '2026-11-23T12:00:00.000+05:00',
      });
      expect((detail.body as { steps: Array<{ step: string }> }).steps.map((s) => s.step)).toEqual([
        'menu',
        'transfer',
        'transfer',
        'transfer',
        'ended',
      ]);
      const open = await request(t.app).get('/api/tasks').set(auth);
      expect(open.status).toBe(200);
      expect(
        (open.body as { items: Array<{ kind: string; callId: string }> }).items.map((i) => [
          i.kind,
          i.callId,
        ]),
      ).toEqual([
        ['sms', call.id],
        ['callback', call.id],
      ]);
    });
  });

  describe('a transfer result arriving after the final status callback still counts', () => {
    it('twilio: the Dial action after the completed callback makes the call ANSWERED', async () => {
      const t = await buildTestApp({ now: '2026-11-23T07:00:00Z' });
      const call = t.twilio(IVAN);
      await call.start();
      const transfer = await call.press('1');
      const action = /<Dial action="([^"]+)"/.exec(transfer.raw)![1]!;
      t.clock.set('2026-11-23T07:02:00Z');
      const base = {
        AccountSid: `AC${'d4'.repeat(16)}`,
        ApiVersion: '2010-04-01',
        CallSid: call.id,
        Direction: 'inbound',
        From: IVAN,
        To: '+77172123456',
      };
      await call.post(`${PUBLIC_URL}/twilio/status`, {
        ...base,
        CallStatus: 'completed',
        CallDuration: '120',
        Timestamp: rfc2822('2026-11-23T07:02:00Z'),
        SequenceNumber: '0',
      });
      expect((await row(t, call.id)).outcome).toBe('ABANDONED');
      const late = await call.post(action, {
        ...base,
        CallStatus: 'completed',
        DialCallStatus: 'completed',
        DialCallSid: `CA${'e5'.repeat(16)}`,
        DialCallDuration: '100',
      });
      expect(late.status).toBe(200);
      expect(late.body).toContain('<Hangup/>');
      expect(await row(t, call.id)).toMatchObject({ outcome: 'ANSWERED' });
      const legs = await t.db.selectFrom('call_transfers').selectAll().execute();
      expect(legs).toMatchObject([{ result: 'answered', talk_sec: 100 }]);
    });

    it('vonage: the leg completed after the call completed makes the call ANSWERED', async () => {
      const t = await buildTestApp({ now: '2026-11-23T07:00:00Z' });
      const call = t.vonage(IVAN.slice(1));
      await call.start();
      const transfer = await call.press('1');
      const connect = (JSON.parse(transfer.raw) as Array<Record<string, unknown>>).find(
        (a) => a.action === 'connect',
      )!;
      t.clock.set('2026-11-23T07:02:00Z');
      await call.hangup();
      expect((await row(t, call.id)).outcome).toBe('ABANDONED');
      const late = await call.postJson((connect.eventUrl as string[])[0]!, {
        from: IVAN.slice(1),
        to: '77172000001',
        uuid: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
        conversation_uuid: 'CON-late',
        status: 'completed',
        direction: 'outbound',
        duration: '100',
        timestamp: '2026-11-23T07:02:00.500Z',
      });
      expect(late.status).toBe(204);
      expect(await row(t, call.id)).toMatchObject({ outcome: 'ANSWERED' });
      const legs = await t.db.selectFrom('call_transfers').selectAll().execute();
      expect(legs).toMatchObject([{ result: 'answered', talk_sec: 100 }]);
    });
  });
});
