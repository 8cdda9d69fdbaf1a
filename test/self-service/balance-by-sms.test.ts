import { describe, expect, it } from 'vitest';
import { listOutbox, OutboxSms } from '../../src/messaging/outbox-sms.js';
import { spoken } from '../../src/simulator/heard.js';
import { PROVIDERS } from '../support/providers.js';
import { RecordingSms } from '../support/recording-sms.js';
import { buildTestApp, OPERATOR, testCrm } from '../support/test-app.js';

const IVAN = '+79165551234';

describe.each(PROVIDERS)('$name: balance by SMS', (provider) => {
  it('a registered number gets the balance by SMS at once (no read-back), never spoken', async () => {
    const sms = new RecordingSms();
    const { crm } = await testCrm();
    const t = await buildTestApp({ sms, crm });
    const call = provider.call(t, IVAN);
    const menu = await call.start();
    expect(spoken(menu)).toContain('Баланс по SMS — нажмите решётку.');
    const entry = await call.press('#');
    expect(spoken(entry)).toBe('Введите номер договора и нажмите решётку.');
    expect(entry.gather).toMatchObject({ input: ['dtmf'], maxDigits: 12 });
    // The balance only ever goes to a number registered on the contract: no read-back.
    const done = await call.press('55501234#');
    expect(done.heard[0]?.text).toBe('SMS с балансом отправлено на ваш номер.');
    expect(spoken(done)).not.toContain('пять, пять');
    expect(spoken(done)).toContain('Отдел продаж — нажмите 1.');
    expect(spoken(done)).not.toContain('320');
    expect(sms.sent).toEqual([
      { to: IVAN, text: 'Баланс по договору …1234: -320 казахских тенге.' },
    ]);
    await call.hangup();
    const record = await crm.findCall(call.id);
    expect(record?.selfServed).toBe(true);
    expect(record?.path.map((p) => p.result)).toEqual([
      'greeted',
      'chosen:balance',
      'balance:entered',
      'balance:verified',
      'balance:sent',
      'ended:completed',
    ]);
  });

  it('without SMS credentials the message lands in the embedded outbox', async () => {
    const { crm, db } = await testCrm();
    const t = await buildTestApp({ crm, sms: new OutboxSms(db) });
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('#');
    const done = await call.press('55501234#');
    expect(done.heard[0]?.text).toBe('SMS с балансом отправлено на ваш номер.');
    const outbox = await listOutbox(db, { limit: 10 });
    expect(outbox).toMatchObject([
      { to: IVAN, text: 'Баланс по договору …1234: -320 казахских тенге.', channel: 'outbox' },
    ]);
  });

  it('an unregistered number is told why nothing is sent and how to fix it', async () => {
    const sms = new RecordingSms();
    const t = await buildTestApp({ sms });
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('#');
    const refused = await call.press('99990000#');
    expect(refused.heard[0]?.text).toContain(
      'SMS не отправлено: номер, с которого вы звоните, не зарегистрирован',
    );
    expect(refused.heard[0]?.text).toContain('«Настройки»');
    expect(refused.waitingFor).toBe('input');
    expect(sms.sent).toEqual([]);
  });

  it('* re-enters the number while it is typed', async () => {
    const sms = new RecordingSms();
    const t = await buildTestApp({ sms });
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('#');
    const again = await call.press('555*');
    expect(spoken(again)).toBe('Введите номер договора и нажмите решётку.');
    const done = await call.press('55501234#');
    expect(done.heard[0]?.text).toBe('SMS с балансом отправлено на ваш номер.');
    expect(sms.sent).toHaveLength(1);
  });

  it('a wrong length, an unknown contract and silence each explain, then the operator takes over', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('#');
    const short = await call.press('12#');
    expect(short.heard[0]?.text).toBe('Номер договора должен содержать от 4 до 12 цифр.');
    const unknown = await call.press('11112222#');
    expect(unknown.heard[0]?.text).toBe('Договор с таким номером не найден.');
    const operator = await call.silence();
    expect(operator.heard[0]?.text).toBe(
      'Соединяю с оператором, пожалуйста, оставайтесь на линии.',
    );
    expect(operator.dial?.number).toBe(OPERATOR);
  });

  it('a caller without a keypad asks by voice and reaches the operator after the tries', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, '+77071234567');
    await call.start();
    const entry = await call.say('маған теңгерім керек', 0.9);
    expect(spoken(entry)).toBe('Шарт нөмірін енгізіп, тор белгісін басыңыз.');
    const first = await call.silence();
    expect(first.heard[0]?.text).toBe('Шарт нөмірін естімедім.');
    await call.silence();
    const operator = await call.silence();
    expect(operator.dial?.number).toBe(OPERATOR);
  });

  it('an SMS that cannot be sent is said, and the caller is back in the menu', async () => {
    const t = await buildTestApp({ sms: new RecordingSms(new Error('provider down')) });
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('#');
    const failed = await call.press('55501234#');
    expect(failed.heard[0]?.text).toBe('Не удалось отправить SMS, попробуйте позже.');
    expect(failed.waitingFor).toBe('input');
  });
});
