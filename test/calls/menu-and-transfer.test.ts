import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, FALLBACK, OPERATOR, testCrm } from '../support/test-app.js';

const ASEL = '+77071234567';
const IVAN = '+79165551234';

describe.each(PROVIDERS)('$name: main menu', (provider) => {
  it('DTMF 1 transfers to sales; an answered transfer ends the call', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    const transfer = await call.press('1');
    expect(transfer.heard.map((h) => h.text)).toEqual([
      'Соединяю, пожалуйста, оставайтесь на линии.',
    ]);
    expect(transfer.dial).toMatchObject({ number: '+77172000001', timeoutSec: 25 });
    const after = await call.dialOutcome('answered');
    expect(after.waitingFor).toBe('end');
    expect(after.heard).toEqual([]);
  });

  it('a SIP destination is dialled as SIP', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    const transfer = await call.press('3');
    expect(transfer.dial?.sip).toBe('sip:billing@pbx.example.kz');
  });

  it.each([
    ['техподдержка пожалуйста', '+77172000002'],
    ['Мне нужен ОПЕРАТОР!', OPERATOR],
    ['менің төлем туралы сұрағым бар', 'sip:billing@pbx.example.kz'],
    ['I want to buy', '+77172000001'],
  ])('speech %j goes to %s, in any language', async (speech, destination) => {
    const t = await buildTestApp();
    const call = provider.call(t, ASEL);
    await call.start();
    const transfer = await call.say(speech, 0.87);
    expect(transfer.dial?.number ?? transfer.dial?.sip).toBe(destination);
  });

  it('low-confidence speech counts as not understood', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    const again = await call.say('продажи', 0.2);
    expect(again.heard[0]?.text).toBe('Извините, такого пункта нет.');
    expect(again.waitingFor).toBe('input');
  });

  it('invalid input re-prompts, then silence goes to the operator', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    const again = await call.press('7');
    expect(again.heard[0]?.text).toBe('Извините, такого пункта нет.');
    expect(spoken(again)).toContain('Отдел продаж — нажмите 1.');
    const operator = await call.silence();
    expect(operator.heard[0]?.text).toBe(
      'Соединяю с оператором, пожалуйста, оставайтесь на линии.',
    );
    expect(operator.dial?.number).toBe(OPERATOR);
  });

  it('three invalid answers reach the operator', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('7');
    await call.say('погода в Алматы', 0.9);
    const operator = await call.press('*');
    expect(operator.dial?.number).toBe(OPERATOR);
  });

  it('a phone that cannot send tones reaches the operator after one reading of the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    const menu = await call.start();
    expect(spoken(menu)).toContain('Чтобы поговорить с оператором');
    const operator = await call.silence();
    expect(operator.dial?.number).toBe(OPERATOR);
  });

  it('busy department → operator → fallback number → apology', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, IVAN);
    await call.start();
    await call.press('2');
    const toOperator = await call.dialOutcome('busy');
    expect(toOperator.heard[0]?.text).toBe(
      'К сожалению, никто не ответил. Соединяю с другим специалистом.',
    );
    expect(toOperator.dial?.number).toBe(OPERATOR);
    const toFallback = await call.dialOutcome('no-answer');
    expect(toFallback.dial?.number).toBe(FALLBACK);
    const end = await call.dialOutcome('failed');
    expect(end.heard.map((h) => h.text)).toEqual([
      'К сожалению, все операторы сейчас заняты. Пожалуйста, перезвоните позже. До свидания.',
    ]);
    expect(end.waitingFor).toBe('end');
  });

  it('records the call and its path in the CRM when the call ends', async () => {
    const { crm } = await testCrm();
    const t = await buildTestApp({ crm });
    const call = provider.call(t, ASEL);
    await call.start();
    await call.press('5');
    await call.press('1');
    await call.dialOutcome('answered');
    const done = await call.hangup();
    expect(done.status).toBe(204);
    const record = await crm.findCall(call.id);
    expect(record).toMatchObject({
      provider: provider.name,
      caller: ASEL,
      called: '+77172123456',
      customerId: 'c-asel',
      language: 'kk',
      status: 'completed',
      transferredTo: '+77172000001',
    });
    expect(record?.path.map((p) => p.result)).toEqual([
      'greeted',
      'invalid',
      'chosen:sales',
      'sales:answered',
      'ended:completed',
    ]);
    // A repeated status callback changes nothing.
    expect((await call.hangup()).status).toBe(204);
    expect((await crm.findCall(call.id))?.path).toHaveLength(5);
  });
});
