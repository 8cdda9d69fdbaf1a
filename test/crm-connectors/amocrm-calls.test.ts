import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AmoCrmClient } from '../../src/crm/amocrm/amocrm-client.js';
import { OAuthTokenStore } from '../../src/crm/connectors/oauth-token-store.js';
import { createLogger } from '../../src/lib/logger.js';
import { spoken } from '../../src/simulator/heard.js';
import { buildConnectedApp } from '../support/connected-app.js';
import {
  AMO_CLIENT_ID,
  AMO_CLIENT_SECRET,
  AMO_LONG_LIVED_TOKEN,
  AMO_REDIRECT_URI,
  startFakeAmoCrm,
  type AmoContact,
} from '../support/fake-amocrm.js';
import { memoryLogger } from '../support/memory-logger.js';
import { PROVIDERS } from '../support/providers.js';
import { OPERATOR } from '../support/test-app.js';

// Monday 11:00 in Almaty.
const NOW = '2026-11-23T06:00:00Z';
const CALLER = '+77071234567';
const CLASSIC = 'Здравствуйте! Вас приветствует контакт-центр.';
const UNKNOWN = 'Здравствуйте! Спасибо за звонок.';
const LANGUAGE_FIELD = 700101;

const contacts: AmoContact[] = [
  {
    id: 4501,
    name: 'Әсел Қайратқызы',
    first_name: 'Әсел',
    last_name: 'Қайратқызы',
    responsible_user_id: 8801,
    custom_fields_values: [
      {
        field_id: 700001,
        field_name: 'Телефон',
        field_code: 'PHONE',
        field_type: 'multitext',
        // Stored as the manager typed it: national format with 8 and spaces.
        values: [{ value: '8 707 123 45 67', enum_id: 1, enum_code: 'WORK' }],
      },
      {
        field_id: LANGUAGE_FIELD,
        field_name: 'Язык',
        field_code: null,
        field_type: 'select',
        values: [{ value: 'Қазақша', enum_id: 45 }],
      },
      {
        field_id: 700102,
        field_name: 'Часовой пояс',
        field_code: null,
        field_type: 'text',
        values: [{ value: 'Asia/Almaty' }],
      },
    ],
    leads: [9001, 9002],
  },
  {
    id: 4502,
    name: 'Іңкәр Һадиева',
    first_name: 'Іңкәр',
    last_name: 'Һадиева',
    responsible_user_id: 8802,
    custom_fields_values: [
      {
        field_id: 700001,
        field_code: 'PHONE',
        values: [{ value: '+7 (705) 111-22-01', enum_code: 'MOB' }],
      },
    ],
  },
];
const users = [
  { id: 8801, name: 'Евгения Чулкова' },
  { id: 8802, name: 'Ұлан Өмірбеков' },
];
const leads = [
  { id: 9001, name: 'Заказ 9001', status_id: 5510, pipeline_id: 100, created_at: 1795600000 },
  // Won: not an open item.
  { id: 9002, name: 'Заказ 9002', status_id: 142, pipeline_id: 100, created_at: 1795700000 },
];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function mappingFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'amo-map-')), 'crm-field-map.json');
  writeFileSync(
    file,
    JSON.stringify({
      amocrm: {
        language: { field: LANGUAGE_FIELD, values: { '44': 'ru', '45': 'kk' } },
        timeZone: { field: 700102 },
        openItems: { enabled: true, stages: { '5510': 'in_delivery' } },
        extensionDestination: 'sip:{extension}@pbx.example.kz',
        extensions: { '8801': '34' },
      },
    }),
  );
  return file;
}

async function rig(
  mode: 'token' | 'oauth',
  extra: Record<string, string> = {},
  perSecond?: number,
) {
  const amo = await startFakeAmoCrm({
    contacts,
    users,
    leads,
    ...(perSecond !== undefined ? { perSecond } : {}),
  });
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'amo-tokens-')), 'tokens.json');
  const auth: Record<string, string> =
    mode === 'token'
      ? { AMOCRM_ACCESS_TOKEN: AMO_LONG_LIVED_TOKEN }
      : {
          AMOCRM_CLIENT_ID: AMO_CLIENT_ID,
          AMOCRM_CLIENT_SECRET: AMO_CLIENT_SECRET,
          AMOCRM_REFRESH_TOKEN: 'amo-refresh-0',
          AMOCRM_REDIRECT_URI: AMO_REDIRECT_URI,
        };
  const logs = memoryLogger();
  const app = await buildConnectedApp({
    env: {
      CRM_PROVIDER: 'amocrm',
      AMOCRM_BASE_URL: amo.base,
      AMOCRM_USER_ID: '8800',
      CRM_FIELD_MAP_FILE: mappingFile(),
      CRM_TOKEN_FILE: tokenFile,
      CRM_WRITE_DELAY_SEC: '0',
      ...auth,
      ...extra,
    },
    now: NOW,
    logger: logs.logger,
  });
  closers.push(
    () => amo.close(),
    () => app.chosen.close(),
  );
  return { amo, tokenFile, logs, ...app };
}

describe.each(PROVIDERS)('$name: amoCRM as the CRM', (provider) => {
  it('finds the contact by the last ten digits: name, mapped language and zone, the open lead', async () => {
    const { amo, t } = await rig('token');
    const step = await provider.call(t, CALLER).start();
    expect(amo.state.paths).toEqual([
      'GET /api/v4/contacts',
      'GET /api/v4/leads',
      'GET /api/v4/users/8801',
    ]);
    // Kazakh from the list field's enum 45, morning in Almaty.
    expect(step.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    // The open lead is offered as an order; the won one is not.
    expect(spoken(step)).toMatch(/9001/);
    expect(spoken(step)).not.toMatch(/9002/);
  });

  it('offers the responsible user first and puts the caller through to the mapped extension', async () => {
    const { t } = await rig('token');
    const call = provider.call(t, CALLER);
    await call.start();
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('Чулкова Евгения — 1 батырмасын басыңыз, қосымша нөмір 34.');
    const dial = await call.press('1');
    expect(dial.dial?.sip).toBe('sip:34@pbx.example.kz');
  });

  it('greets a contact without a mapped language in the caller-chosen way, Unicode name intact', async () => {
    const { t } = await rig('token');
    const step = await provider.call(t, '+77051112201').start();
    expect(spoken(step)).toContain('Іңкәр');
  });

  it('a slow amoCRM (each request 150 ms) still greets by name within the budget', async () => {
    const { amo, t } = await rig('token');
    amo.state.delayMs = 150;
    const step = await provider.call(t, CALLER).start();
    expect(step.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    expect(spoken(step)).toMatch(/9001/);
  });

  it('the responsible user cannot be read (404): still offered and dialled by the mapped extension', async () => {
    const amo = await startFakeAmoCrm({ contacts, users: [], leads });
    const { t, chosen } = await buildConnectedApp({
      env: {
        CRM_PROVIDER: 'amocrm',
        AMOCRM_BASE_URL: amo.base,
        AMOCRM_ACCESS_TOKEN: AMO_LONG_LIVED_TOKEN,
        CRM_FIELD_MAP_FILE: mappingFile(),
        CRM_TOKEN_FILE: join(mkdtempSync(join(tmpdir(), 'amo-tokens-')), 't.json'),
      },
      now: NOW,
    });
    closers.push(
      () => amo.close(),
      () => chosen.close(),
    );
    const call = provider.call(t, CALLER);
    expect((await call.start()).heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('қосымша нөмір 34');
    expect((await call.press('1')).dial?.sip).toBe('sip:34@pbx.example.kz');
  });

  it('an unknown number (204 No Content) is an unknown caller', async () => {
    const { t } = await rig('token');
    const step = await provider.call(t, '+77779998877').start();
    expect(step.heard[0]?.text).toBe(UNKNOWN);
  });

  it('amoCRM down (500) gives the classic menu and an operator, logged', async () => {
    const { amo, t, logs } = await rig('token');
    amo.state.failNext = 100;
    const call = provider.call(t, CALLER);
    const step = await call.start();
    expect(step.heard[0]?.text).toBe(CLASSIC);
    expect(logs.text()).toContain('HTTP 500');
    expect((await call.press('0')).dial?.number).toBe(OPERATOR);
  });

  it('429 from amoCRM gives the classic menu, logged', async () => {
    const { t, logs } = await rig('token', {}, 0);
    const step = await provider.call(t, CALLER).start();
    expect(step.heard[0]?.text).toBe(CLASSIC);
    expect(logs.text()).toContain('HTTP 429');
  });

  it('a hanging amoCRM: the request is cancelled at the budget, the cache greets a repeat caller, the breaker opens', async () => {
    const { amo, t, chosen, logs } = await rig('token', {
      CRM_TIMEOUT_MS: '300',
      CRM_BREAKER_FAILURES: '2',
      CRM_BREAKER_COOLDOWN_MS: '60000',
    });
    const first = await provider.call(t, CALLER).start();
    expect(first.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    amo.state.hang = true;
    const again = await provider.call(t, CALLER).start();
    // From the cache: by name, in Kazakh, but without the lead.
    expect(again.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    expect(spoken(again)).not.toMatch(/9001/);
    expect(logs.text()).toContain('greeting from the cached profile');
    await expect.poll(() => amo.state.abandoned).toBeGreaterThanOrEqual(1);
    const stranger = await provider.call(t, '+77779998877').start();
    expect(stranger.heard[0]?.text).toBe(CLASSIC);
    expect(chosen.connected?.breakerState).toBe('open');
    const sent = amo.state.requests;
    // Breaker open: no request at all, the cached greeting still given.
    const third = await provider.call(t, CALLER).start();
    expect(third.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    expect(amo.state.requests).toBe(sent);
  });

  it('logs the call in amoCRM after hangup through the durable queue, retried after a 500, exactly once', async () => {
    const { amo, t, runner } = await rig('token', { CRM_WRITE_DELAY_SEC: '30' });
    const call = provider.call(t, CALLER);
    await call.start();
    await call.press('0');
    await call.hangup();
    expect(amo.state.calls).toHaveLength(0);
    amo.state.failNext = 1;
    t.clock.set('2026-11-23T06:00:31Z');
    await runner.tick();
    expect(amo.state.calls).toHaveLength(0);
    t.clock.set('2026-11-23T06:02:00Z');
    await runner.tick();
    t.clock.set('2026-11-23T06:20:00Z');
    await runner.tick();
    expect(amo.state.calls).toHaveLength(1);
    const logged = amo.state.calls[0]!;
    expect(logged).toMatchObject({
      direction: 'inbound',
      phone: CALLER,
      call_status: 4,
      responsible_user_id: 8800,
      created_by: 8800,
    });
    expect(logged.source).toBe(`IVR ${provider.name}`);
    expect(typeof logged.uniq).toBe('string');
    expect(typeof logged.duration).toBe('number');
    expect(String(logged.call_result)).toMatch(/^IVR: /);
  });

  it('a recorded transfer: the call logged with the recording as its link, the recording noted on the contact', async () => {
    const { amo, t, runner } = await rig('token', { RECORDING: 'on', CRM_WRITE_DELAY_SEC: '30' });
    const call = provider.call(t, CALLER);
    await call.start();
    // Past the predicted lead to the personal menu: the responsible user, dialled.
    await call.press('2');
    expect((await call.press('1')).dial?.sip).toBe('sip:34@pbx.example.kz');
    await call.dialOutcome('answered', 61);
    await call.hangup();
    const done = await call.recordingCompleted();
    t.clock.set('2026-11-23T06:00:31Z');
    await runner.tick();
    expect(amo.state.calls).toHaveLength(1);
    expect(amo.state.calls[0]?.link).toBe(done.url);
    expect(typeof amo.state.calls[0]?.duration).toBe('number');
    // The amoCRM user who answered is the call's responsible.
    expect(amo.state.calls[0]?.responsible_user_id).toBe(8801);
    expect(amo.state.notes).toHaveLength(1);
    expect(amo.state.notes[0]).toMatchObject({ entity_id: 4501, note_type: 'common' });
    expect(JSON.stringify(amo.state.notes[0])).toContain(done.url);
  });

  it('OAuth: an expired access token is refreshed once, the rotated refresh token kept for the next start', async () => {
    const { amo, t, runner, tokenFile } = await rig('oauth');
    const first = await provider.call(t, CALLER).start();
    expect(first.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    expect(amo.state.refreshes).toBe(1);
    amo.state.expireNext = true;
    const call = provider.call(t, CALLER);
    await call.start();
    expect(amo.state.refreshes).toBe(2);
    await call.press('0');
    await call.hangup();
    t.clock.set('2026-11-23T06:01:00Z');
    await runner.tick();
    expect(amo.state.calls).toHaveLength(1);
    const saved = JSON.parse(readFileSync(tokenFile, 'utf8')) as {
      amocrm: { refreshToken: string; accessToken: string };
    };
    expect(saved.amocrm).toMatchObject({
      refreshToken: 'amo-refresh-2',
      accessToken: 'amo-access-2',
    });
    // A restart starts from the kept tokens, not from the spent AMOCRM_REFRESH_TOKEN.
    const client = new AmoCrmClient({
      baseUrl: amo.base,
      auth: {
        kind: 'oauth',
        clientId: AMO_CLIENT_ID,
        clientSecret: AMO_CLIENT_SECRET,
        refreshToken: 'amo-refresh-0',
        redirectUri: AMO_REDIRECT_URI,
      },
      tokens: new OAuthTokenStore(tokenFile),
      logger: createLogger('silent'),
    });
    closers.push(() => client.close());
    // Another process (a restart) has a budget of its own: the app's requests are not its.
    amo.state.window.length = 0;
    amo.state.expireNext = true;
    await client.call('GET', '/api/v4/users/8801', undefined, AbortSignal.timeout(5000));
    expect(amo.state.refreshes).toBe(3);
  });
});

describe('amoCRM rate limit', () => {
  it('the limiter keeps a burst within the allowed requests a second: no 429', async () => {
    const amo = await startFakeAmoCrm({ contacts, users, perSecond: 5 });
    closers.push(() => amo.close());
    const client = new AmoCrmClient({
      baseUrl: amo.base,
      auth: { kind: 'token', accessToken: AMO_LONG_LIVED_TOKEN },
      tokens: new OAuthTokenStore(join(mkdtempSync(join(tmpdir(), 'amo-')), 't.json')),
      logger: createLogger('silent'),
      perSecond: 5,
    });
    closers.push(() => client.close());
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        client.call('GET', '/api/v4/users/8801', undefined, AbortSignal.timeout(10_000)),
      ),
    );
    expect(results).toHaveLength(12);
    expect(amo.state.limited).toBe(0);
  });

  it('a refused token is refreshed and the request repeated in slots of their own: still no 429', async () => {
    const amo = await startFakeAmoCrm({ contacts, users, perSecond: 5 });
    closers.push(() => amo.close());
    const client = new AmoCrmClient({
      baseUrl: amo.base,
      auth: {
        kind: 'oauth',
        clientId: AMO_CLIENT_ID,
        clientSecret: AMO_CLIENT_SECRET,
        refreshToken: 'amo-refresh-0',
        redirectUri: AMO_REDIRECT_URI,
      },
      tokens: new OAuthTokenStore(join(mkdtempSync(join(tmpdir(), 'amo-')), 't.json')),
      logger: createLogger('silent'),
      perSecond: 5,
    });
    closers.push(() => client.close());
    await client.call('GET', '/api/v4/users/8801', undefined, AbortSignal.timeout(10_000));
    // The next request is refused (401): its repeat must wait for a slot like any request,
    // not go out inside the refused one's, which would make 6 in a second.
    amo.state.expireNext = true;
    const results = await Promise.all(
      Array.from({ length: 9 }, () =>
        client.call('GET', '/api/v4/users/8801', undefined, AbortSignal.timeout(15_000)),
      ),
    );
    expect(results).toHaveLength(9);
    expect(amo.state.refreshes).toBe(2);
    expect(amo.state.limited).toBe(0);
  });
});
