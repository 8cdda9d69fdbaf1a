import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { PROVIDERS, type SimCall } from '../support/providers.js';
import { RecordingSms } from '../support/recording-sms.js';
import { buildTestApp, OPERATOR, testCrm } from '../support/test-app.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';

const IVAN = '+79165551234';

/** Menu → trust credit key → contract number → confirm; returns what the caller hears. */
async function askTrustCredit(call: SimCall, contract: string) {
  await call.start();
  const entry = await call.press('9');
  expect(entry.gather?.input).toEqual(['dtmf']);
  await call.press(`${contract}#`);
  return call.press('#');
}

describe.each(PROVIDERS)('$name: trust credit', (provider) => {
  it('is activated: written to the CRM, confirmed by voice and by SMS', async () => {
    const sms = new RecordingSms();
    const { crm } = await testCrm();
    const t = await buildTestApp({ sms, crm });
    const call = provider.call(t, IVAN);
    const menu = await call.start();
    expect(spoken(menu)).toContain('Кредит доверия — нажмите 9.');
    await call.press('9');
    await call.press('55501234#');
    const done = await call.press('#');
    // 07:00 UTC + 5 days, in Moscow: 26 November; the amount in words, in digits by SMS.
    const heard = 'Кредит доверия активирован до 26 ноября. Сумма — пятьсот тенге.';
    const confirmation = 'Кредит доверия активирован до 26 ноября. Сумма — 500 казахских тенге.';
    expect(done.heard[0]?.text).toBe(heard);
    expect(spoken(done)).toContain('Отдел продаж — нажмите 1.');
    expect(sms.sent).toEqual([{ to: IVAN, text: confirmation }]);
    const contract = await crm.findContract('55501234');
    expect(contract?.trustCredits).toEqual([
      {
        amount: { minor: 50000, currency: 'KZT' },
        activatedAt: '2026-11-21T07:00:00.000Z',
        dueAt: '2026-11-26T07:00:00.000Z',
        repaidAt: null,
      },
    ]);
    await call.hangup();
    const record = await crm.findCall(call.id);
    expect(record?.selfServed).toBe(true);
    expect(record?.path.map((p) => p.result)).toContain('trust:activated');
  });

  it.each([
    [
      '99990000',
      'Кредит доверия не активирован: номер, с которого вы звоните, не зарегистрирован',
      'unregistered',
    ],
    [
      '55509999',
      'Кредит доверия заблокирован до 20 декабря: предыдущая оплата поступила позже срока',
      'blocked',
    ],
    [
      '55508888',
      'Кредит доверия заблокирован: предыдущий кредит доверия не погашен в срок.',
      'blocked-unpaid',
    ],
    ['55507777', 'Кредит доверия уже активирован и действует до 24 ноября.', 'active'],
  ])('contract %s is refused with the exact reason', async (contract, reason, code) => {
    const sms = new RecordingSms();
    const { crm } = await testCrm();
    const t = await buildTestApp({ sms, crm });
    const call = provider.call(t, IVAN);
    const refused = await askTrustCredit(call, contract);
    expect(refused.heard[0]?.text).toContain(reason);
    expect(refused.waitingFor).toBe('input');
    expect(sms.sent).toEqual([]);
    await call.hangup();
    const record = await crm.findCall(call.id);
    expect(record?.selfServed).toBe(false);
    expect(record?.path.map((p) => p.result)).toContain(`trust:refused-${code}`);
  });

  it('is not needed while the balance is positive (said in Kazakh)', async () => {
    const t = await buildTestApp();
    const refused = await askTrustCredit(provider.call(t, '+77071234567'), '12345678');
    expect(refused.heard[0]?.text).toBe(
      'Сенім несиесі қажет емес: шотта әлі қаражат бар. Теңгерімді SMS арқылы алуға болады.',
    );
  });

  it('a contract in a currency with no configured amount goes to a person', async () => {
    const t = await buildTestApp();
    const transfer = await askTrustCredit(provider.call(t, IVAN), '55506666');
    expect(transfer.heard[0]?.text).toBe('Сервис временно недоступен. Соединяю с оператором.');
    expect(transfer.dial?.number).toBe(OPERATOR);
  });

  it('a CRM failure hands the caller to the operator with an explanation', async () => {
    const crm = new MisbehavingCrm({
      failContract: new Error('db locked'),
      customer: {
        id: 'c-ivan',
        firstName: 'Иван',
        lastName: null,
        patronymic: null,
        language: 'ru',
        timeZone: 'Europe/Moscow',
        segment: null,
        phones: [IVAN],
        items: [],
        account: NO_ACCOUNT_FACTS,
      },
    });
    const t = await buildTestApp({ crm });
    const call = provider.call(t, IVAN);
    const transfer = await askTrustCredit(call, '55501234');
    expect(transfer.heard[0]?.text).toBe('Сервис временно недоступен. Соединяю с оператором.');
    expect(transfer.dial?.number).toBe(OPERATOR);
  });
});

describe.each(PROVIDERS)('$name: outage notices', (provider) => {
  it('a caller whose address has an outage hears it after the greeting, then the menu', async () => {
    // 07:00 UTC = 12:00 in Aqtobe; the outage is expected to end at 18:00 Almaty = 13:00 UTC.
    const t = await buildTestApp();
    const step = await provider.call(t, '+77011112233').start();
    expect(step.heard.slice(0, 3).map((h) => h.text)).toEqual([
      'Қайырлы күн, Арман Қайратұлы!',
      'Назар аударыңыз: сіздің мекенжайыңызда техникалық жұмыстар жүріп жатыр. Қалпына келтірудің күтілетін уақыты — 18:00.',
      'Бригада уже работает на месте.',
    ]);
    expect(spoken(step)).toContain('Сату бөлімі — 1 басыңыз.');
    expect(step.waitingFor).toBe('input');
  });

  it('an outage whose expected end has passed is never announced', async () => {
    const t = await buildTestApp();
    const step = await provider.call(t, IVAN).start();
    expect(spoken(step)).not.toContain('технические работы');
    expect(step.heard[0]?.text).toBe('Доброе утро, Иван Петрович!');
  });

  it('after the expected end the outage is silent for its area too', async () => {
    const t = await buildTestApp({ now: '2026-11-21T13:00:00Z' });
    const step = await provider.call(t, '+77011112233').start();
    expect(spoken(step)).not.toContain('техникалық жұмыстар');
  });
});
