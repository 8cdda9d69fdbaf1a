import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/campaigns/campaign.js';
import type { CampaignReport } from '../../src/campaigns/campaign-store.js';
import { SqlCampaignStore } from '../../src/campaigns/sql-campaign-store.js';
import { buildTestApp } from '../support/test-app.js';
import { DATABASES } from '../support/test-databases.js';

const KEY = 'campaigns-api-key-0123456789';

interface Problem {
  error: string;
  issues: string[];
  fields: string[];
}
const campaignOf = (res: { body: unknown }) => res.body as Campaign;
const reportOf = (res: { body: unknown }) => res.body as CampaignReport;
const problemOf = (res: { body: unknown }) => res.body as Problem;

/** A valid campaign: Kazakh and Russian texts, the main menu, VIP and unknown callers. */
export function autumnCampaign(over: Record<string, unknown> = {}) {
  return {
    id: 'autumn-deposit',
    name: 'Күзгі депозит / Осенний вклад',
    controlPoint: 'main-menu',
    messages: {
      kk: 'Күзгі депозит: жылдық он төрт пайыз. Толығырақ білу үшін бірді басыңыз.',
      ru: 'Осенний вклад: четырнадцать процентов годовых. Чтобы узнать больше, нажмите один.',
    },
    action: {
      type: 'hear-more',
      key: '1',
      words: { ru: ['подробнее'], kk: ['толығырақ'] },
      messages: {
        kk: 'Депозит ашу үшін кез келген бөлімшеге келіңіз.',
        ru: 'Откройте вклад в любом отделении.',
      },
    },
    startsOn: '2026-11-20',
    endsOn: '2026-11-30',
    segments: ['vip', 'unknown'],
    priority: 10,
    maxPlaysPerCustomer: 3,
    ...over,
  };
}

describe.each(DATABASES)('campaigns API on %s', (database) => {
  async function api() {
    const t = await buildTestApp({ database, env: { API_KEY: KEY } });
    const auth = { Authorization: `Bearer ${KEY}` };
    return {
      t,
      get: (path: string) => request(t.app).get(path).set(auth),
      post: (path: string, body?: object) => request(t.app).post(path).set(auth).send(body),
      put: (path: string, body: object) => request(t.app).put(path).set(auth).send(body),
      del: (path: string) => request(t.app).delete(path).set(auth),
    };
  }

  it('creates, lists, reads, replaces, stops and deletes a campaign', async () => {
    const { get, post, put, del } = await api();
    const created = await post('/api/campaigns', autumnCampaign());
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/api/campaigns/autumn-deposit');
    expect(campaignOf(created)).toMatchObject({
      id: 'autumn-deposit',
      name: 'Күзгі депозит / Осенний вклад',
      controlPoint: 'main-menu',
      languages: null,
      customerIds: null,
      status: 'active',
      createdAt: '2026-11-21T07:00:00.000Z',
    });
    expect(campaignOf(created).messages.kk).toContain('Күзгі депозит');
    expect((await post('/api/campaigns', autumnCampaign())).status).toBe(409);

    const listed = await get('/api/campaigns');
    expect((listed.body as { items: Campaign[] }).items.map((c) => c.id)).toEqual([
      'autumn-deposit',
    ]);

    const replaced = await put(
      '/api/campaigns/autumn-deposit',
      autumnCampaign({ id: undefined, name: 'Жаңа атауы', action: null, priority: 3 }),
    );
    expect(replaced.status).toBe(200);
    expect(campaignOf(replaced)).toMatchObject({ name: 'Жаңа атауы', action: null, priority: 3 });
    expect(campaignOf(await get('/api/campaigns/autumn-deposit')).name).toBe('Жаңа атауы');
    expect((await put('/api/campaigns/nope', autumnCampaign({ id: undefined }))).status).toBe(404);

    const stopped = await post('/api/campaigns/autumn-deposit/stop');
    expect(campaignOf(stopped).status).toBe('stopped');

    expect((await del('/api/campaigns/autumn-deposit')).status).toBe(204);
    expect((await get('/api/campaigns/autumn-deposit')).status).toBe(404);
    expect((await del('/api/campaigns/autumn-deposit')).status).toBe(404);
  });

  it('refuses to delete a campaign callers heard (409: stop it), and reports its plays', async () => {
    const { t, get, post, del } = await api();
    await post('/api/campaigns', autumnCampaign());
    const store = new SqlCampaignStore(t.db);
    const play = (n: number, segment: string, day: string) => ({
      id: `CA${n}:0`,
      callId: `CA${n}`,
      campaignId: 'autumn-deposit',
      provider: 'twilio',
      controlPoint: 'main-menu',
      customerKey: `k${n}`,
      customerId: null,
      segment,
      language: 'kk',
      day,
      reachedAt: `${day}T05:00:00Z`,
    });
    await store.recordReached(play(1, 'vip', '2026-11-20'));
    await store.recordReached(play(2, 'vip', '2026-11-21'));
    await store.recordReached(play(3, 'unknown', '2026-11-21'));
    await store.recordReached(play(4, 'unknown', '2026-11-22'));
    const end = { input: null, responded: false, endedAt: '2026-11-21T05:00:10Z' };
    await store.recordEnd({ ...end, id: 'CA1:0', outcome: 'listened' });
    await store.recordEnd({
      ...end,
      id: 'CA2:0',
      outcome: 'interrupted',
      input: '1',
      responded: true,
    });
    await store.recordEnd({ ...end, id: 'CA3:0', outcome: 'hung-up' });

    const refused = await del('/api/campaigns/autumn-deposit');
    expect(refused.status).toBe(409);
    expect(problemOf(refused).error).toMatch(/Stop it instead/);

    const report = await get('/api/campaigns/autumn-deposit/report?from=2026-11-20&to=2026-11-21');
    expect(report.status).toBe(200);
    expect(reportOf(report).campaign.id).toBe('autumn-deposit');
    expect(reportOf(report).totals).toEqual({
      reached: 3,
      listenedToEnd: 1,
      interrupted: 1,
      responded: 1,
      hungUpDuring: 1,
      listenedToEndRate: 1 / 3,
      respondedRate: 1 / 3,
      hungUpDuringRate: 1 / 3,
    });
    expect(reportOf(report).bySegment).toEqual([
      expect.objectContaining({
        segment: 'unknown',
        reached: 1,
        hungUpDuring: 1,
        hungUpDuringRate: 1,
      }),
      expect.objectContaining({
        segment: 'vip',
        reached: 2,
        listenedToEnd: 1,
        listenedToEndRate: 0.5,
      }),
    ]);
    expect(reportOf(report).byDay.map((d) => [d.day, d.reached])).toEqual([
      ['2026-11-20', 1],
      ['2026-11-21', 2],
    ]);
    const empty = await get('/api/campaigns/autumn-deposit/report?from=2026-12-01');
    expect(reportOf(empty).totals).toMatchObject({ reached: 0, listenedToEndRate: null });
    const bad = await get('/api/campaigns/autumn-deposit/report?from=yesterday&to=2026-11-01');
    expect(bad.status).toBe(400);
    expect(problemOf(bad).fields).toEqual(['from']);
    expect((await get('/api/campaigns/nope/report')).status).toBe(404);
  });

  it('answers 400 naming every bad field, for POST and PUT alike', async () => {
    const { post, put } = await api();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ name: '' }, 'name', /^name: must not be empty$/],
      [
        { controlPoint: 'lobby' },
        'controlPoint',
        /no control point "lobby" in the menu; it has: after-greeting, main-menu/,
      ],
      [{ messages: {} }, 'messages', /^messages: at least one language$/],
      [{ messages: { de: 'Hallo' } }, 'messages', /^messages/],
      [
        { messages: { ru: { audioUrl: 'ftp://x/y.mp3' } } },
        'messages.ru.audioUrl',
        /^messages\.ru\.audioUrl/,
      ],
      [{ startsOn: '2026-13-01' }, 'startsOn', /^startsOn: not a calendar day$/],
      [{ endsOn: '2026-11-01' }, 'endsOn', /^endsOn: before startsOn$/],
      [{ segments: [] }, 'segments', /^segments: name at least one segment/],
      [{ priority: 1.5 }, 'priority', /^priority/],
      [{ maxPlaysPerCustomer: 0 }, 'maxPlaysPerCustomer', /^maxPlaysPerCustomer/],
      [{ status: 'paused' }, 'status', /^status/],
      [
        { action: { type: 'connect', key: '12', destination: 'nowhere' } },
        'action.key',
        /^action\.key: expected a key/,
      ],
      [
        { action: { type: 'connect', key: '1', destination: 'nowhere' } },
        'action.destination',
        /E\.164/,
      ],
      [{ action: { type: 'call-me' } }, 'action.type', /hear-more/],
      [{ colour: 'red' }, 'colour', /^colour: unknown field$/],
    ];
    for (const [change, field, issue] of cases) {
      for (const send of [
        () => post('/api/campaigns', autumnCampaign(change)),
        () => put('/api/campaigns/autumn-deposit', autumnCampaign(change)),
      ]) {
        const res = await send();
        expect(res.status, JSON.stringify(change)).toBe(400);
        expect(problemOf(res).fields, JSON.stringify(change)).toContain(field);
        const issues = problemOf(res).issues;
        expect(
          issues.some((i) => issue.test(i)),
          issues.join('\n'),
        ).toBe(true);
      }
    }
    const malformed = await post('/api/campaigns')
      .set('Content-Type', 'application/json')
      .send('{');
    expect(malformed.status).toBe(400);
    const huge = await post('/api/campaigns', autumnCampaign({ name: 'x'.repeat(3_000_000) }));
    expect(huge.status).toBe(413);
  });

  it('wants the API key: 401 without it or with a wrong one', async () => {
    const { t } = await api();
    for (const [method, path] of [
      ['get', '/api/campaigns'],
      ['post', '/api/campaigns'],
      ['get', '/api/campaigns/a'],
      ['put', '/api/campaigns/a'],
      ['post', '/api/campaigns/a/stop'],
      ['delete', '/api/campaigns/a'],
      ['get', '/api/campaigns/a/report'],
      ['get', '/api/pilot'],
      ['put', '/api/pilot'],
    ] as const) {
      const bare = await request(t.app)[method](path).send({});
      expect(bare.status, `${method} ${path}`).toBe(401);
      const wrong = await request(t.app)[method](path).set('Authorization', 'Bearer nope').send({});
      expect(wrong.status, `${method} ${path}`).toBe(401);
    }
  });

  it('reads and changes the pilot share without a restart', async () => {
    const { get, put } = await api();
    expect((await get('/api/pilot')).body).toEqual({ percent: 100, source: 'config' });
    expect((await put('/api/pilot', { percent: 15 })).body).toEqual({ percent: 15, source: 'api' });
    expect((await get('/api/pilot')).body).toEqual({ percent: 15, source: 'api' });
    const bad = await put('/api/pilot', { percent: 101 });
    expect(bad.status).toBe(400);
    expect(problemOf(bad).fields).toEqual(['percent']);
    expect(problemOf(await put('/api/pilot', { share: 5 })).fields).toEqual(['percent', 'share']);
  });
});
