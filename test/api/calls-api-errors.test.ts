import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCallCursor } from '../../src/calls/call-cursor.js';
import type { CallQueries } from '../../src/calls/call-queries.js';
import { tempCrms } from '../crm/temp-crm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { apiApp, KEY, qs } from './call-log-fixtures.js';
import { MemoryTaskQueries } from './memory-task-queries.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  interface Problem {
    error: string;
    issues: string[];
    fields: string[];
  }
  const problem = (res: { body: unknown }) => res.body as Problem;

  describe('calls API: 400 naming every bad parameter', () => {
    it('names each parameter with what is wrong, never the value', async () => {
      const { get } = await apiApp(crms);
      const cases: Array<[string, string, RegExp]> = [
        [
          'from=2026-11-31',
          'from',
          /^from: expected a day \(2026-11-20: the whole day in Asia\/Almaty\)/,
        ],
        ['from=yesterday', 'from', /^from: expected a day/],
        ['to=2026-11-20T10:00', 'to', /^to: .*an instant with its offset/],
        ['to=20.11.2026', 'to', /^to: expected a day/],
        ['from=2026-11-21&to=2026-11-20', 'to', /^to: before from$/],
        [
          `${qs(['from', '2026-11-20T12:00:00Z'], ['to', '2026-11-20T11:59:59Z'])}`,
          'to',
          /^to: before from$/,
        ],
        [
          'status=ANSWERED,HUNG_UP',
          'status',
          /^status: unknown value "HUNG_UP"; allowed: ANSWERED, NO_ANSWER, BUSY, FAILED, VOICEMAIL, MISSED, ABANDONED$/,
        ],
        ['status=', 'status', /^status: must not be empty$/],
        ['limit=0', 'limit', /^limit: expected a whole number from 1 to 200$/],
        ['limit=201', 'limit', /^limit: expected a whole number from 1 to 200$/],
        ['limit=ten', 'limit', /^limit: expected a whole number from 1 to 200$/],
        ['limit=1.5', 'limit', /^limit: expected a whole number from 1 to 200$/],
        ['cursor=not-a-cursor', 'cursor', /^cursor: malformed cursor/],
        [`cursor=${Buffer.from('{"s":1}').toString('base64url')}`, 'cursor', /^cursor: malformed/],
        ['cursor=%F0%9F%98%80', 'cursor', /^cursor: malformed/],
        ['did=reception', 'did', /^did: not a phone number$/],
        ['did=123', 'did', /^did: not a phone number$/],
        ['direction=sideways', 'direction', /^direction: expected inbound or outbound$/],
        ['customerId=', 'customerId', /^customerId: must not be empty$/],
        ['campaign=a&campaign=b', 'campaign', /^campaign: expected a single value$/],
        ['caller=%2B77071234567', 'caller', /^caller: unknown parameter$/],
      ];
      for (const [query, field, issue] of cases) {
        const res = await get(`/api/calls?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.headers['content-type'], query).toMatch(/^application\/json/);
        expect(problem(res).error, query).toBe('Invalid query parameters');
        expect(problem(res).fields, query).toEqual([field]);
        expect(problem(res).issues, query).toHaveLength(1);
        expect(problem(res).issues[0], query).toMatch(issue);
      }
    });

    it('names all the bad parameters of one request together', async () => {
      const { get } = await apiApp(crms);
      const res = await get(
        `/api/calls?${qs(
          ['from', '2026-11-22'],
          ['to', '2026-11-20'],
          ['status', 'LOST'],
          ['limit', '500'],
          ['cursor', '%%%'],
          ['did', 'call me'],
          ['page', '2'],
        )}`,
      );
      expect(res.status).toBe(400);
      expect(problem(res).fields.sort()).toEqual(
        ['cursor', 'did', 'limit', 'page', 'status', 'to'].sort(),
      );
      expect(JSON.stringify(res.body)).not.toContain('call me');
    });

    it('accepts a cursor naming a position that no longer exists (keyset, not an id)', async () => {
      const { get } = await apiApp(crms);
      const cursor = encodeCallCursor({ startedAt: '2026-11-20T12:00:00.000Z', callId: 'CA-gone' });
      const res = await get(`/api/calls?${qs(['cursor', cursor])}`);
      expect(res.status).toBe(200);
      expect((res.body as { items: Array<{ startedAt: string }> }).items.length).toBeGreaterThan(0);
      for (const item of (res.body as { items: Array<{ startedAt: string }> }).items) {
        expect(item.startedAt < '2026-11-20T12:00:00.000Z').toBe(true);
      }
    });
  });

  describe('calls API: key and wiring', () => {
    const paths = ['/api/calls', '/api/calls/CA00000000000000000000000000000001', '/api/tasks'];

    it('answers 503 explaining that API_KEY is not set', async () => {
      const { get } = await apiApp(crms, { apiKey: null, tasks: new MemoryTaskQueries([]) });
      for (const path of paths) {
        const res = await get(path);
        expect(res.status, path).toBe(503);
        expect(res.body, path).toEqual({
          error: 'API_KEY is not set: the calls API is disabled',
          hint: 'Set API_KEY in .env (see .env.example) and restart.',
        });
      }
    });

    it('answers 401 with WWW-Authenticate without the key or with a wrong one', async () => {
      const { get } = await apiApp(crms, { tasks: new MemoryTaskQueries([]) });
      for (const path of paths) {
        for (const key of [null, 'wrong', `${KEY}x`, KEY.slice(0, -1), '']) {
          const res = await get(path, key);
          expect(res.status, `${path} ${key}`).toBe(401);
          expect(res.headers['www-authenticate']).toBe('Bearer');
          expect(res.body).toEqual({ error: 'Invalid API key' });
        }
      }
      // The scheme is case-insensitive, like the CRM events endpoint.
      const res = await request((await apiApp(crms)).app)
        .get('/api/calls?limit=1')
        .set('Authorization', `bearer ${KEY}`);
      expect(res.status).toBe(200);
    });

    it('checks the key before the query: a bad query without the key is a 401', async () => {
      const { get } = await apiApp(crms);
      expect((await get('/api/calls?limit=0', null)).status).toBe(401);
    });

    it('answers 503 when no call log is wired, after checking the key', async () => {
      const { get } = await apiApp(crms, { calls: false });
      let res = await get('/api/calls');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'No call log database to read calls from' });
      res = await get('/api/calls/CA1');
      expect(res.status).toBe(503);
      expect((await get('/api/calls', 'wrong')).status).toBe(401);
    });

    it('answers a failing database with its own JSON 500, not the webhook apology', async () => {
      const broken: CallQueries = {
        listCalls: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
        getCall: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
      };
      const log = memoryLogger();
      const { get } = await apiApp(crms, { calls: broken, logger: log.logger });
      for (const path of ['/api/calls', '/api/calls/CA1']) {
        const res = await get(path);
        expect(res.status, path).toBe(500);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toEqual({ error: 'Could not read the call log or tasks; retry later' });
      }
      expect(log.text()).toContain('SQLITE_BUSY');
    });

    it('leaves the webhooks and the CRM events endpoint alone', async () => {
      const { app } = await apiApp(crms);
      let res = await request(app).post('/twilio/voice').type('form').send({ CallSid: 'x' });
      expect(res.status).toBe(403);
      res = await request(app)
        .post('/api/crm-events')
        .set('Authorization', 'Bearer wrong')
        .send({ events: [] });
      expect(res.status).toBe(401);
    });
  });

  describe('calls API: logs', () => {
    it('mask the numbers the answers show in full', async () => {
      const log = memoryLogger();
      const { get } = await apiApp(crms, { logger: log.logger });
      const res = await get(
        `/api/calls?${qs(['did', '8 7172 00 00 01'], ['customerId', 'c-asel'])}`,
      );
      expect(JSON.stringify(res.body)).toContain('+77071234567');
      await get('/api/calls/CA00000000000000000000000000000001');
      await get(`/api/calls?${qs(['did', '+7 707 123 45 67'], ['limit', '0'])}`);
      const text = log.text();
      expect(text).toContain('calls listed');
      expect(text).toContain('+7717*****01');
      expect(text).toContain('Calls API query rejected (400)');
      expect(text).not.toContain('77172000001');
      expect(text).not.toContain('77071234567');
      expect(text).not.toContain('707 123');
      expect(text).not.toContain('c-asel');
    });
  });
});
