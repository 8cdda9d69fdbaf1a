import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetail } from '../../src/calls/call-views.js';
import { tempCrms } from '../crm/temp-crm.js';
import { apiApp, CALLS } from './call-log-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  describe('GET /api/calls/:callId', () => {
    it('answers the call with its steps, transfers and status reports in order', async () => {
      const { get } = await apiApp(crms);
      const res = await get(`/api/calls/${CALLS.lateEvening.call_id}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const call = res.body as CallDetail;
      expect(call).toMatchObject({
        callId: CALLS.lateEvening.call_id,
        caller: '+77071234567',
        called: '+77172000001',
        outcome: 'ANSWERED',
        fullContact: true,
        answeredBy: 'operator',
        recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1',
      });
      expect(call.steps).toEqual([
        {
          seq: 1,
          step: 'language',
          enteredAt: '2026-11-20T18:30:01.000Z',
          prompt:
            'Сәлеметсіз бе, Әсел! Қазақ тілі үшін бірді басыңыз. Для русского языка нажмите два.',
          inputKind: 'digits',
          input: '1',
          confidence: null,
          leftAt: '2026-11-20T18:30:06.000Z',
          leftBy: 'input',
          durationMs: 5000,
        },
        {
          seq: 2,
          step: 'menu',
          enteredAt: '2026-11-20T18:30:06.000Z',
          prompt: 'Сұрағыңызды айтыңыз немесе нөмірді басыңыз.',
          inputKind: 'speech',
          input: 'менің тапсырысым қайда',
          confidence: 0.82,
          leftAt: '2026-11-20T18:30:12.000Z',
          leftBy: 'input',
          durationMs: 6000,
        },
        {
          seq: 3,
          step: 'transfer',
          enteredAt: '2026-11-20T18:30:41.000Z',
          prompt: 'Қазір маманға қосамын.',
          inputKind: null,
          input: null,
          confidence: null,
          leftAt: '2026-11-20T18:30:44.000Z',
          leftBy: 'transfer-ended',
          durationMs: 3000,
        },
      ]);
      expect(call.transfers).toEqual([
        {
          seq: 1,
          target: 'employee:emp-nurlan',
          destination: '+77172000010',
          startedAt: '2026-11-20T18:30:14.000Z',
          endedAt: '2026-11-20T18:30:35.000Z',
          result: 'no-answer',
          talkSec: null,
          amd: null,
        },
        {
          seq: 2,
          target: 'operator',
          destination: '+77172000000',
          startedAt: '2026-11-20T18:30:35.000Z',
          endedAt: '2026-11-20T18:35:00.000Z',
          result: 'answered',
          talkSec: 250,
          amd: 'human',
        },
      ]);
      expect(call.statusReports.map((r) => [r.status, r.sequence, r.timestamp])).toEqual([
        ['initiated', 0, '2026-11-20T18:30:00.000Z'],
        ['ringing', 1, '2026-11-20T18:30:00.000Z'],
        ['in-progress', 2, '2026-11-20T18:30:01.000Z'],
        ['completed', 3, '2026-11-20T18:35:00.000Z'],
      ]);
      expect(call.statusReports[3]).toEqual({
        provider: 'twilio',
        status: 'completed',
        sequence: 3,
        timestamp: '2026-11-20T18:35:00.000Z',
        durationSec: 299,
        direction: 'inbound',
        amd: null,
        recordingUrl: null,
        receivedAt: '2026-11-20T18:35:00.000Z',
      });
      expect(call.path).toEqual([
        { step: 'lookup', at: '2026-11-20T18:30:01.000Z', input: null, result: 'found' },
        {
          step: 'menu',
          at: '2026-11-20T18:30:12.000Z',
          input: 'менің тапсырысым қайда',
          result: 'chosen:orders',
        },
        { step: 'transfer', at: '2026-11-20T18:30:41.000Z', input: null, result: 'answered' },
      ]);
    });

    it('answers a call with nothing logged under it with empty lists', async () => {
      const { get } = await apiApp(crms);
      const res = await get(`/api/calls/${CALLS.callback.call_id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        callId: CALLS.callback.call_id,
        provider: 'vonage',
        taskId: 'task-7',
        steps: [],
        transfers: [],
        statusReports: [],
        path: [],
      });
    });

    it('answers 404 in JSON for an unknown call', async () => {
      const { get } = await apiApp(crms);
      const res = await get('/api/calls/CAffffffffffffffffffffffffffffffff');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: 'No such call',
        callId: 'CAffffffffffffffffffffffffffffffff',
      });
    });

    it('takes no query parameters', async () => {
      const { get } = await apiApp(crms);
      const res = await get(`/api/calls/${CALLS.lateEvening.call_id}?verbose=1`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        fields: ['verbose'],
        issues: ['verbose: unknown parameter'],
      });
    });
  });
});
