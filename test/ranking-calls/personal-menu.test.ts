import { describe, expect, it, beforeEach } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, OPERATOR, testCrm } from '../support/test-app.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';
import { DATABASES, useTestDatabase } from '../support/test-databases.js';

// Monday 16 November 2026, 10:00 in Almaty: office hours.
const MONDAY = '2026-11-16T05:00:00Z';
const GULNAR = '+77051230000';
const SALES = '+77172000001';

describe.each(DATABASES)('on %s', (kind) => {
  beforeEach(() => useTestDatabase(kind));
  describe.each(PROVIDERS)('$name: the personal menu of ranked employees', (provider) => {
    it('offers the available employees best first, with extensions, then the operator', async () => {
      const t = await buildTestApp({ now: MONDAY });
      const step = await provider.call(t, GULNAR).start();
      const text = spoken(step);
      expect(step.heard[0]?.text).toBe('Қайырлы таң, Гүлнар!');
      const lines = step.heard.map((h) => h.text);
      expect(lines).toEqual(
        expect.arrayContaining([
          'Чулкова Евгения — 1 батырмасын басыңыз, қосымша нөмір 34.',
          'Сәрсенова Әйгерім — 2 батырмасын басыңыз, қосымша нөмір 36.',
          'Масленников Дмитрий — 3 батырмасын басыңыз, қосымша нөмір 35.',
          'Оператор — 0 батырмасын басыңыз.',
        ]),
      );
      // Absent, dismissed, off-shift and technical accounts are never offered.
      for (const name of ['Ахметов', 'Иванов', 'Вечерняя', 'Обзвон'])
        expect(text).not.toContain(name);
      expect(step.gather).toMatchObject({ maxDigits: 4 });
    });

    it('no answer → the next ranked employee once → sales; who answered is recorded', async () => {
      const { crm } = await testCrm();
      const t = await buildTestApp({ now: MONDAY, crm });
      const call = provider.call(t, GULNAR);
      await call.start();
      const first = await call.press('1');
      expect(first.heard[0]?.text).toBe('Қосып жатырмын: Чулкова Евгения.');
      expect(first.dial?.number).toBe('+77172000034');
      const second = await call.dialOutcome('busy');
      expect(second.dial?.number).toBe('+77172000036');
      const sales = await call.dialOutcome('no-answer');
      expect(sales.dial?.number).toBe(SALES);
      await call.dialOutcome('answered');
      await call.hangup();
      const record = await crm.findCall(call.id);
      expect(record?.answeredBy).toBe('sales');
      expect(record?.path.map((p) => p.result)).toEqual(
        expect.arrayContaining([
          'chosen:employee:emp-evgenia',
          'employee:emp-evgenia:busy',
          'employee:emp-aigerim:no-answer',
          'sales:answered',
        ]),
      );
    });

    it('the employee who answers is recorded on the call', async () => {
      const { crm } = await testCrm();
      const t = await buildTestApp({ now: MONDAY, crm });
      const call = provider.call(t, GULNAR);
      await call.start();
      await call.press('2');
      await call.dialOutcome('answered');
      await call.hangup();
      expect((await crm.findCall(call.id))?.answeredBy).toBe('employee:emp-aigerim');
    });

    it('any extension can be typed; an unavailable one is said and the menu repeats', async () => {
      const t = await buildTestApp({ now: MONDAY });
      const call = provider.call(t, GULNAR);
      await call.start();
      const away = await call.press('37#');
      expect(away.heard[0]?.text).toBe('37 қосымша нөміріндегі қызметкер қазір қолжетімсіз.');
      expect(away.waitingFor).toBe('input');
      const dmitry = await call.press('35#');
      expect(dmitry.dial?.sip).toBe('sip:35@pbx.example.kz');
    });

    it('a spoken name, inflected, picks that employee', async () => {
      const t = await buildTestApp({ now: MONDAY });
      const call = provider.call(t, GULNAR);
      await call.start();
      const dmitry = await call.say('Дмитрийге қосыңызшы', 0.85);
      expect(dmitry.dial?.sip).toBe('sip:35@pbx.example.kz');
    });

    it('0 is the operator; silence leads to the usual menu', async () => {
      const t = await buildTestApp({ now: MONDAY });
      const a = provider.call(t, GULNAR);
      await a.start();
      expect((await a.press('0')).dial?.number).toBe(OPERATOR);
      const b = provider.call(t, GULNAR);
      await b.start();
      const menu = await b.silence();
      expect(spoken(menu)).toContain('Сату бөлімі — 1 басыңыз.');
    });

    it('a customer without history gets the usual menu', async () => {
      const t = await buildTestApp({ now: MONDAY });
      const step = await provider.call(t, '+79165551234').start();
      expect(spoken(step)).toContain('Отдел продаж — нажмите 1.');
      expect(spoken(step)).not.toContain('добавочный');
    });

    it('out of office hours nobody is offered: the usual menu', async () => {
      const t = await buildTestApp({ now: '2026-11-21T07:00:00Z' });
      const step = await provider.call(t, GULNAR).start();
      expect(spoken(step)).toContain('Сату бөлімі — 1 басыңыз.');
      expect(spoken(step)).not.toContain('қосымша нөмір');
    });

    it('a failing ranking leaves the greeting and the usual menu; the call goes on', async () => {
      const crm = new MisbehavingCrm({
        failRanking: new Error('ranking table locked'),
        customer: {
          id: 'c-gulnar',
          firstName: 'Гүлнар',
          lastName: null,
          patronymic: null,
          language: 'kk',
          timeZone: 'Asia/Almaty',
          segment: null,
          phones: [GULNAR],
          items: [],
          account: NO_ACCOUNT_FACTS,
        },
      });
      const t = await buildTestApp({ now: MONDAY, crm });
      const call = provider.call(t, GULNAR);
      const step = await call.start();
      expect(step.heard[0]?.text).toBe('Қайырлы таң, Гүлнар!');
      expect(spoken(step)).toContain('Сату бөлімі — 1 басыңыз.');
      expect((await call.press('1')).dial?.number).toBe(SALES);
    });
  });
});
