import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { Bitrix24Client } from '../../src/crm/bitrix24/bitrix24-client.js';
import { OAuthTokenStore } from '../../src/crm/connectors/oauth-token-store.js';
import { createLogger } from '../../src/lib/logger.js';
import { buildConnectedApp } from '../support/connected-app.js';
import {
  B24_CLIENT_ID,
  B24_CLIENT_SECRET,
  startFakeBitrix24,
  type B24Contact,
} from '../support/fake-bitrix24.js';
import { memoryLogger } from '../support/memory-logger.js';
import { PROVIDERS } from '../support/providers.js';

// Monday 11:00 in Almaty.
const NOW = '2026-11-23T06:00:00Z';
const CALLER = '+77071234567';

const contacts: B24Contact[] = [
  {
    ID: '17',
    NAME: 'Әсел',
    LAST_NAME: 'Қайратқызы',
    ASSIGNED_BY_ID: '5',
    TYPE_ID: 'VIP',
    // Stored as the manager typed it: national format with 8.
    PHONE: [{ VALUE: '87071234567', VALUE_TYPE: 'WORK' }],
    UF_CRM_LANGUAGE: '45',
    UF_CRM_TZ: 'Asia/Almaty',
  },
];
const users = [
  { ID: '5', NAME: 'Евгения', LAST_NAME: 'Чулкова', UF_PHONE_INNER: '34', ACTIVE: true },
];
const deals = [
  {
    ID: '901',
    TITLE: 'Заказ 901',
    STAGE_ID: 'EXECUTING',
    DATE_CREATE: '2026-11-22T10:00:00+05:00',
    CONTACT_ID: '17',
    CLOSED: 'N',
  },
];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function mappingFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'b24-map-'));
  const file = join(dir, 'crm-field-map.json');
  writeFileSync(
    file,
    JSON.stringify({
      bitrix24: {
        language: { field: 'UF_CRM_LANGUAGE', values: { '44': 'ru', '45': 'kk' } },
        segment: { field: 'TYPE_ID', values: { VIP: 'vip', CLIENT: 'regular' } },
        timeZone: { field: 'UF_CRM_TZ' },
        openItems: { enabled: true, stages: { EXECUTING: 'in_delivery' } },
        extensionDestination: 'sip:{extension}@pbx.example.kz',
      },
    }),
  );
  return file;
}

async function rig(mode: 'webhook' | 'oauth', extra: Record<string, string> = {}, burst?: number) {
  const portal = await startFakeBitrix24({
    contacts,
    users,
    deals,
    ...(burst !== undefined ? { burst } : {}),
  });
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'b24-tokens-')), 'tokens.json');
  const auth: Record<string, string> =
    mode === 'webhook'
      ? { BITRIX24_WEBHOOK_URL: portal.webhookUrl }
      : {
          BITRIX24_PORTAL_URL: portal.base,
          BITRIX24_OAUTH_URL: portal.base,
          BITRIX24_CLIENT_ID: B24_CLIENT_ID,
          BITRIX24_CLIENT_SECRET: B24_CLIENT_SECRET,
          BITRIX24_REFRESH_TOKEN: 'refresh-0',
        };
  const logs = memoryLogger();
  const app = await buildConnectedApp({
    env: {
      CRM_PROVIDER: 'bitrix24',
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
    () => portal.close(),
    () => app.chosen.close(),
  );
  return { portal, tokenFile, logs, ...app };
}

describe.each(PROVIDERS)('$name: Bitrix24 as the CRM', (provider) => {
  it('finds the contact in one batch: name, language and zone from mapped fields, the open deal, the responsible by extension', async () => {
    const { portal, t } = await rig('webhook');
    const call = provider.call(t, CALLER);
    const step = await call.start();
    expect(portal.state.requests).toBe(1);
    expect(portal.state.methods).toEqual([
      'crm.duplicate.findbycomm',
      'crm.contact.get',
      'user.get',
      'crm.deal.list',
    ]);
    // Kazakh from UF_CRM_LANGUAGE=45, midday in Almaty.
    expect(step.heard[0]?.text).toBe('Қайырлы таң, Әсел!');
    // The open deal is offered as an order.
    expect(spoken(step)).toMatch(/901/);
  });

  it('offers the responsible user first and puts the caller through to their extension', async () => {
    const { t } = await rig('webhook');
    const call = provider.call(t, CALLER);
    await call.start();
    // Decline the predicted order, then the personal menu.
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('Чулкова Евгения — 1 батырмасын басыңыз, қосымша нөмір 34.');
    const dial = await call.press('1');
    expect(dial.dial?.sip).toBe('sip:34@pbx.example.kz');
  });

  it('an unknown number is an unknown caller', async () => {
    const { t } = await rig('webhook');
    const step = await provider.call(t, '+77779998877').start();
    expect(step.heard[0]?.text).toBe('Здравствуйте! Спасибо за звонок.');
  });

  it('QUERY_LIMIT_EXCEEDED gives the classic menu, logged', async () => {
    const { t, logs } = await rig('webhook', {}, 0);
    const step = await provider.call(t, CALLER).start();
    expect(step.heard[0]?.text).toBe('Здравствуйте! Вас приветствует контакт-центр.');
    expect(logs.text()).toContain('QUERY_LIMIT_EXCEEDED');
  });

  it('as an application: the call is registered and finished, the expired token refreshed and the new refresh token kept', async () => {
    const { portal, t, runner, tokenFile } = await rig('oauth');
    const call = provider.call(t, CALLER);
    await call.start();
    await call.press('0');
    portal.state.expireNext = true;
    await call.hangup();
    t.clock.set('2026-11-23T06:01:00Z');
    await runner.tick();
    expect(portal.state.registered).toHaveLength(1);
    expect(portal.state.registered[0]).toMatchObject({ PHONE_NUMBER: CALLER, TYPE: '2' });
    expect(portal.state.finished[0]).toMatchObject({
      CALL_ID: 'externalCall.1',
      STATUS_CODE: '200',
    });
    expect(portal.state.refreshes).toBe(2);
    const saved = JSON.parse(readFileSync(tokenFile, 'utf8')) as {
      bitrix24: { refreshToken: string };
    };
    expect(saved.bitrix24.refreshToken).toBe('refresh-2');
  });

  it('through an incoming webhook: the call goes to the contact timeline (telephony needs an application)', async () => {
    const { portal, t, runner } = await rig('webhook');
    const call = provider.call(t, CALLER);
    await call.start();
    await call.press('0');
    await call.hangup();
    t.clock.set('2026-11-23T06:01:00Z');
    await runner.tick();
    expect(portal.state.registered).toHaveLength(0);
    expect(portal.state.comments).toHaveLength(1);
    expect(portal.state.comments[0]).toMatchObject({ ENTITY_ID: 17, ENTITY_TYPE: 'contact' });
    expect(String(portal.state.comments[0]?.COMMENT)).toContain(CALLER);
  });
});

describe('Bitrix24 leaky bucket', () => {
  it('the limiter keeps a burst within the portal bucket: no QUERY_LIMIT_EXCEEDED', async () => {
    const portal = await startFakeBitrix24({ contacts, users, burst: 5, perSecond: 10 });
    closers.push(() => portal.close());
    const dir = mkdtempSync(join(tmpdir(), 'b24-'));
    const client = new Bitrix24Client({
      auth: { kind: 'webhook', webhookUrl: portal.webhookUrl },
      tokens: new OAuthTokenStore(join(dir, 't.json')),
      logger: createLogger('silent'),
      burst: 5,
      perSecond: 10,
    });
    closers.push(() => client.close());
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        client.call('user.get', { ID: '5' }, AbortSignal.timeout(5000)),
      ),
    );
    expect(results).toHaveLength(15);
    expect(portal.state.limited).toBe(0);
  });
});
