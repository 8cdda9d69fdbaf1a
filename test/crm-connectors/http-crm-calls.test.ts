import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { API_KEY, buildConnectedApp } from '../support/connected-app.js';
import { CRM_SECRET, CRM_TOKEN, refusedUrl, startFakeHttpCrm } from '../support/fake-http-crm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { PROVIDERS } from '../support/providers.js';
import { OPERATOR } from '../support/test-app.js';

const NOW = '2026-11-21T07:00:00Z';
const ASEL = '+77071234567';
const CLASSIC = 'Здравствуйте! Вас приветствует контакт-центр.';
const UNKNOWN = 'Здравствуйте! Спасибо за звонок.';

const env = (url: string, extra: Record<string, string> = {}) => ({
  CRM_PROVIDER: 'http',
  CRM_HTTP_URL: url,
  CRM_HTTP_TOKEN: CRM_TOKEN,
  CRM_HTTP_SECRET: CRM_SECRET,
  ...extra,
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function rig(extra: Record<string, string> = {}) {
  const crm = await startFakeHttpCrm();
  const logs = memoryLogger();
  const app = await buildConnectedApp({ env: env(crm.url, extra), now: NOW, logger: logs.logger });
  closers.push(
    () => crm.close(),
    () => app.chosen.close(),
  );
  return { crm, logs, ...app };
}

describe.each(PROVIDERS)('$name: the customer CRM over the HTTP contract', (provider) => {
  it('greets a known caller by name from the CRM, signed request and all', async () => {
    const { crm, t } = await rig();
    const step = await provider.call(t, ASEL).start();
    expect(step.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
    expect(crm.state.lookups).toBe(1);
    expect(crm.state.unsigned).toBe(0);
  });

  it.each([
    ['unknown-null', '{"customer": null}'],
    ['status-404', '404'],
  ] as const)('treats %s as an unknown caller (%s)', async (mode, _what) => {
    const { crm, t } = await rig();
    crm.state.mode = mode;
    const step = await provider.call(t, ASEL).start();
    expect(step.heard[0]?.text).toBe(UNKNOWN);
  });

  it.each([
    ['status-500', 'HTTP 500'],
    ['malformed', 'does not follow the contract'],
    ['reset', 'ECONNRESET'],
  ] as const)('gives the classic menu on %s and logs why', async (mode, reason) => {
    const { crm, t, logs } = await rig();
    crm.state.mode = mode;
    const call = provider.call(t, ASEL);
    const step = await call.start();
    expect(step.heard[0]?.text).toBe(CLASSIC);
    expect(logs.text()).toContain('crm lookup failed: classic menu');
    expect(logs.text()).toContain(mode === 'reset' ? 'customer lookup' : reason);
    expect((await call.press('0')).dial?.number).toBe(OPERATOR);
  });

  it('gives the classic menu when the connection is refused', async () => {
    const url = await refusedUrl();
    const logs = memoryLogger();
    const { t, chosen } = await buildConnectedApp({ env: env(url), now: NOW, logger: logs.logger });
    closers.push(() => chosen.close());
    const step = await provider.call(t, ASEL).start();
    expect(step.heard[0]?.text).toBe(CLASSIC);
    expect(logs.text()).toContain('ECONNREFUSED');
  });

  it('waits for a CRM answering in 250 ms and greets by name', async () => {
    const { crm, t } = await rig();
    crm.state.mode = 'slow';
    const started = Date.now();
    const step = await provider.call(t, ASEL).start();
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(step.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
  });

  it('cancels a hanging lookup at the budget: classic menu, request aborted', async () => {
    const { crm, t } = await rig({ CRM_TIMEOUT_MS: '300' });
    crm.state.mode = 'hang';
    const started = Date.now();
    const step = await provider.call(t, ASEL).start();
    const took = Date.now() - started;
    expect(step.heard[0]?.text).toBe(CLASSIC);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(300 + 150);
    // The connector gave the request up: the CRM sees its connection closed.
    await expect.poll(() => crm.state.abandoned).toBe(1);
  });

  it('greets a repeat caller by name from the cache while the CRM hangs, without items or money', async () => {
    const { crm, t, logs } = await rig({ CRM_TIMEOUT_MS: '300' });
    const first = await provider.call(t, '+77051112201').start();
    expect(first.heard[0]?.text).toContain('Әлия');
    // Әлия has an order in the CRM: it is offered when the CRM answers…
    expect(spoken(first)).toMatch(/тапсырыс/i);
    crm.state.mode = 'hang';
    const again = await provider.call(t, '+77051112201').start();
    expect(again.heard[0]?.text).toContain('Әлия');
    // …but not from the cache: the stale profile has no items.
    expect(spoken(again)).not.toMatch(/тапсырыс/i);
    expect(logs.text()).toContain('greeting from the cached profile');
  });

  it('opens the breaker after repeated failures, skips lookups, and closes it after a probe', async () => {
    const { crm, t, chosen, logs } = await rig({
      CRM_BREAKER_FAILURES: '3',
      CRM_BREAKER_COOLDOWN_MS: '300',
      CRM_TIMEOUT_MS: '200',
    });
    crm.state.mode = 'status-500';
    for (let i = 0; i < 3; i++) await provider.call(t, ASEL).start();
    expect(chosen.connected?.breakerState).toBe('open');
    expect(logs.text()).toContain('crm breaker open');
    const lookups = crm.state.lookups;
    const skipped = await provider.call(t, ASEL).start();
    expect(skipped.heard[0]?.text).toBe(CLASSIC);
    expect(crm.state.lookups).toBe(lookups);
    crm.state.mode = 'normal';
    await new Promise((r) => setTimeout(r, 350));
    const probe = await provider.call(t, ASEL).start();
    expect(probe.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
    expect(chosen.connected?.breakerState).toBe('closed');
    expect(logs.text()).toContain('crm breaker closed');
  });

  it('writes the call back after the call, retried until the CRM is back, exactly once', async () => {
    const { crm, t, runner } = await rig({ CRM_WRITE_DELAY_SEC: '30' });
    const call = provider.call(t, ASEL);
    await call.start();
    await call.press('0');
    crm.state.failWrites = 1;
    const ended = Date.now();
    await call.hangup();
    // Nothing is sent on the call path.
    expect(Date.now() - ended).toBeLessThan(200);
    expect(crm.state.writeAttempts).toBe(0);
    t.clock.set('2026-11-21T07:00:31Z');
    await runner.tick();
    expect(crm.state.writeAttempts).toBe(1);
    expect(crm.state.writes).toHaveLength(0);
    // The runner's backoff: tried again a minute later.
    t.clock.set('2026-11-21T07:01:40Z');
    await runner.tick();
    t.clock.set('2026-11-21T07:10:00Z');
    await runner.tick();
    expect(crm.state.writes).toHaveLength(1);
    const [write] = crm.state.writes;
    expect(write?.path).toBe('/calls');
    const callId = (write?.body as { callId: string }).callId;
    expect(write?.idempotencyKey).toBe(callId);
    const api = await request(t.app)
      .get(`/api/calls/${callId}`)
      .set('Authorization', `Bearer ${API_KEY}`);
    expect(write?.body).toEqual(api.body);
  });
});
