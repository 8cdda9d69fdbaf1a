import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Counter, register } from 'prom-client';
import { createApp } from '../../src/app.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

const TOKEN = 'metrics-token-0123456789';

describe('operations endpoints', () => {
  it('/health is live whatever the stores say', async () => {
    const t = await buildTestApp();
    const app = createApp({
      ...t.deps,
      readiness: {
        checks: [{ name: 'call state', ping: () => Promise.reject(new Error('down')) }],
        draining: () => false,
      },
    });
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('/ready is 200 with reachable stores, 503 naming a store that does not answer', async () => {
    const t = await buildTestApp();
    let up = true;
    const app = createApp({
      ...t.deps,
      readiness: {
        checks: [
          {
            name: 'call state (redis)',
            ping: () => (up ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED'))),
          },
          { name: 'database', ping: () => Promise.resolve() },
        ],
        draining: () => false,
      },
    });
    const ok = await request(app).get('/ready');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ready: true, draining: false });
    up = false;
    const down = await request(app).get('/ready');
    expect(down.status).toBe(503);
    expect((down.body as { checks: unknown[] }).checks).toContainEqual({
      name: 'call state (redis)',
      ok: false,
      error: 'ECONNREFUSED',
    });
  });

  it('/ready is 503 while draining, and answers close their connection', async () => {
    const t = await buildTestApp();
    const app = createApp({ ...t.deps, readiness: { checks: [], draining: () => true } });
    const res = await request(app).get('/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ready: false, draining: true });
    expect(res.headers.connection).toBe('close');
  });

  it('/metrics is 503 without METRICS_TOKEN and 401 with a wrong one', async () => {
    const off = await buildTestApp();
    expect((await request(off.app).get('/metrics')).status).toBe(503);
    const on = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
    const wrong = await request(on.app).get('/metrics').set('Authorization', 'Bearer nope');
    expect(wrong.status).toBe(401);
  });

  it.each(PROVIDERS)(
    '$name: /metrics serves webhook latency by route, CRM lookups, the event loop and metrics others define',
    async (provider) => {
      new Counter({
        name: `ivr_test_other_${provider.name}_total`,
        help: 'defined elsewhere',
      }).inc();
      const t = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
      const call = provider.call(t, '+77779998877');
      await call.start();
      await call.press('1');
      const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(register.contentType);
      const text = res.text;
      const route = provider.name === 'twilio' ? '/twilio/gather' : '/vonage/input';
      expect(text).toMatch(
        new RegExp(
          `ivr_webhook_duration_seconds_count\\{[^}]*provider="${provider.name}"[^}]*route="${route}"`,
        ),
      );
      expect(text).toMatch(/ivr_crm_lookup_duration_seconds_count\{result="not-found"\} [1-9]/);
      expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
      expect(text).toContain('ivr_store_errors_total');
      expect(text).toContain('ivr_tasks_pending');
      expect(text).toContain(`ivr_test_other_${provider.name}_total 1`);
    },
  );
});
