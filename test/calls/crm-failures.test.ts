import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../src/flow/snapshot.js';
import type { SessionStore } from '../../src/session/session-store.js';
import { spoken } from '../../src/simulator/heard.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, OPERATOR } from '../support/test-app.js';

describe.each(PROVIDERS)(
  '$name: the CRM or the store fails, the caller does not notice',
  (provider) => {
    it('a CRM slower than CRM_TIMEOUT_MS gives the classic menu in the default language', async () => {
      const crm = new MisbehavingCrm({ delayMs: 400 });
      const t = await buildTestApp({ crm, env: { CRM_TIMEOUT_MS: '100' } });
      const started = Date.now();
      const call = provider.call(t, '+77071234567');
      const step = await call.start();
      expect(Date.now() - started).toBeLessThan(380);
      expect(step.heard[0]?.text).toBe('Здравствуйте! Вас приветствует контакт-центр.');
      expect(spoken(step)).toContain('Отдел продаж — нажмите 1.');
      const transfer = await call.press('0');
      expect(transfer.dial?.number).toBe(OPERATOR);
    });

    it('a failing CRM gives the classic menu', async () => {
      const crm = new MisbehavingCrm({ fail: new Error('ECONNREFUSED 10.0.0.5:443') });
      const t = await buildTestApp({ crm });
      const step = await provider.call(t, '+77071234567').start();
      expect(step.heard[0]?.text).toBe('Здравствуйте! Вас приветствует контакт-центр.');
      expect(step.waitingFor).toBe('input');
    });

    it('a failing call record does not disturb the status callback', async () => {
      const crm = new MisbehavingCrm({ failRecord: new Error('disk full') });
      const t = await buildTestApp({ crm });
      const call = provider.call(t, '+77071234567');
      await call.start();
      expect((await call.hangup()).status).toBe(204);
    });

    it('an exception inside a step answers with an apology and the operator', async () => {
      // CRM data the import would never accept: a profile without a first name.
      const broken = { id: 'x', phones: [] } as unknown as ConstructorParameters<
        typeof MisbehavingCrm
      >[0]['customer'];
      const t = await buildTestApp({ crm: new MisbehavingCrm({ customer: broken }) });
      const step = await provider.call(t, '+77071234567').start();
      expect(step.status).toBe(200);
      expect(step.heard[0]?.text).toBe(
        'Извините, произошла техническая ошибка. Соединяю с оператором.',
      );
      expect(step.dial?.number).toBe(OPERATOR);
    });

    it('a store that cannot be read: the answer is read at the question its URL names', async () => {
      const failing: SessionStore = {
        get: () => Promise.reject(new Error('store down')),
        set: () => Promise.resolve(),
        delete: () => Promise.resolve(),
      };
      const working = await buildTestApp();
      const expected = provider.call(working, '+77071234567');
      await expected.start();
      const wanted = await expected.press('1');
      const t = await buildTestApp({ sessions: failing });
      const call = provider.call(t, '+77071234567');
      await call.start();
      const step = await call.press('1');
      expect(step.status).toBe(200);
      expect(step.heard[0]?.text).toBe(wanted.heard[0]?.text);
      expect(step.dial?.number ?? null).toBe(wanted.dial?.number ?? null);
    });

    it('a lost session continues with the classic menu instead of dropping the call', async () => {
      const forgetful: SessionStore = {
        get: () => Promise.resolve(null as CallSnapshot | null),
        set: () => Promise.resolve(),
        delete: () => Promise.resolve(),
      };
      const t = await buildTestApp({ sessions: forgetful });
      const call = provider.call(t, '+77071234567');
      await call.start();
      const step = await call.press('2');
      expect(step.dial?.number).toBe('+77172000002');
    });
  },
);
