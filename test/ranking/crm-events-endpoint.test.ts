import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { composeDeps } from '../../src/compose.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/crm/ranking/ranking-settings.js';
import { recordEvents } from '../../src/crm/ranking/record-event.js';
import { createLogger } from '../../src/lib/logger.js';
import { tempCrms } from '../crm/temp-crm.js';
import { RecordingSms } from '../support/recording-sms.js';
import { testConfig } from '../support/test-app.js';
import { addEmployees, employee } from './ranking-fixtures.js';
import { DATABASES } from '../support/test-databases.js';

describe.each(DATABASES)('on %s', (kind) => {
  const crms = tempCrms(kind);
  afterEach(() => crms.closeAll());

  const KEY = 'test-api-key-0123456789abcdef';
  const PATH = '/api/crm-events';
  /** Wednesday 11:00 in Almaty, after the events below. */
  const CALL_AT = '2026-03-11T06:00:00Z';

  async function appWith(opts: { apiKey?: string; ingest?: boolean } = {}) {
    const { db, crm } = await crms.open();
    await addEmployees(db, [employee('anna'), employee('boris')]);
    const config = testConfig(opts.apiKey ? { API_KEY: opts.apiKey } : {});
    const deps = composeDeps({
      config,
      crm,
      sms: new RecordingSms(),
      logger: createLogger('silent'),
    });
    const app = createApp({
      ...deps,
      ...(opts.ingest !== false && {
        rankingIngest: (events) => recordEvents(db, DEFAULT_RANKING_SETTINGS, events),
      }),
    });
    const post = (body: unknown, key: string | null = KEY) => {
      const req = request(app).post(PATH);
      return (key === null ? req : req.set('Authorization', `Bearer ${key}`)).send(body as object);
    };
    return { app, db, crm, post };
  }

  /** The 400 answer's body. */
  const answer = (res: { body: unknown }) => res.body as { fields: string[]; issues: string[] };

  const invoice = {
    id: 'inv-1',
    type: 'invoice_sent',
    clientId: 'c1',
    employeeId: 'anna',
    at: '2026-03-11T10:00:00+05:00',
  };

  describe('POST /api/crm-events', () => {
    it('answers 503 explaining that API_KEY is not set', async () => {
      const { post } = await appWith();
      const res = await post(invoice);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: expect.stringContaining('API_KEY') as string });
    });

    it('answers 503 when there is no database to record in', async () => {
      const { post } = await appWith({ apiKey: KEY, ingest: false });
      expect((await post(invoice)).status).toBe(503);
    });

    it('answers 401 without the key or with a wrong one, recording nothing', async () => {
      const { post, db } = await appWith({ apiKey: KEY });
      for (const key of [null, 'wrong', `${KEY}x`, KEY.slice(0, -1)]) {
        const res = await post(invoice, key);
        expect(res.status, String(key)).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
      expect(await db.selectFrom('crm_events').selectAll().execute()).toEqual([]);
    });

    it('answers 400 naming the field, for one event and in a batch', async () => {
      const { app, post, db } = await appWith({ apiKey: KEY });
      const { clientId: _drop, ...noClient } = invoice;
      let res = await post(noClient);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ fields: ['clientId'], issues: ['clientId: required'] });

      res = await post({ events: [invoice, { ...invoice, id: 'x', type: 'fax' }] });
      expect(res.status).toBe(400);
      expect(answer(res).fields).toEqual(['events[1].type']);
      expect(answer(res).issues[0]).toMatch(
        /^events\[1\]\.type: unknown event type; known types: invoice_sent/,
      );

      res = await post({ events: [{ ...invoice, at: '2026-03-11 10:00' }] });
      expect(answer(res).fields).toEqual(['events[0].at']);
      res = await post({ events: [{ ...invoice, extra: 1 }] });
      expect(answer(res).issues).toEqual(['events[0].extra: unknown field']);
      res = await post({ events: [] });
      expect(answer(res).fields).toEqual(['events']);
      res = await post({ events: Array.from({ length: 1001 }, () => invoice) });
      expect(answer(res).fields).toEqual(['events']);
      res = await post({ ...invoice, at: new Date(Date.now() + 3_600_000).toISOString() });
      expect(answer(res).issues).toEqual(['at: in the future']);
      res = await request(app)
        .post(PATH)
        .set('Authorization', `Bearer ${KEY}`)
        .set('Content-Type', 'application/json')
        .send('{"type":');
      expect(res.status).toBe(400);
      expect(await db.selectFrom('crm_events').selectAll().execute()).toEqual([]);
    });

    it('answers 202 with the number recorded, and the ranking changes at once', async () => {
      const { post, crm } = await appWith({ apiKey: KEY });
      expect(await crm.findRankedEmployees('c1', CALL_AT, 3)).toEqual([]);

      let res = await post(invoice);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ recorded: 1 });
      expect((await crm.findRankedEmployees('c1', CALL_AT, 3)).map((e) => e.id)).toEqual(['anna']);

      // A batch; an event without id gets one derived from its content, so a retry is harmless.
      const meetings = [0, 1].map((i) => ({
        type: 'meeting',
        clientId: 'c1',
        employeeId: 'boris',
        at: `2026-03-1${i}T09:00:00Z`,
      }));
      res = await post({ events: [...meetings, invoice] });
      expect(res.body).toEqual({ recorded: 2 });
      res = await post({ events: meetings });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ recorded: 0 });
      expect((await crm.findRankedEmployees('c1', CALL_AT, 3)).map((e) => e.id)).toEqual([
        'boris',
        'anna',
      ]);
    });

    it('leaves the webhooks and their error handling alone', async () => {
      const { app } = await appWith({ apiKey: KEY });
      const res = await request(app).post('/twilio/voice').type('form').send({ CallSid: 'x' });
      expect(res.status).toBe(403);
    });
  });
});
