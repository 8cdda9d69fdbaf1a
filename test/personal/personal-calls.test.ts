import { describe, expect, it } from 'vitest';
import type { TransferContext } from '../../src/flow/transfer-context.js';
import type { ScreenPop } from '../../src/operator-context/screen-pop.js';
import { spoken } from '../../src/simulator/heard.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** The test app's clock: Saturday 21 November 2026, 12:00 in Almaty. */
const ALIYA = '+77051112201'; // kk, order 12345 placed yesterday, delivery today 14:00–18:00
const BORIS = '+77051112202'; // ru, suspicious 45 000 ₸ payment today 09:47
const DANA = '+77051112203'; // kk, appointment tomorrow 11:00
const OLEG = '+77051112204'; // ru, claim КАСКО-0412 opened 14 November, in review
const MERUERT = '+77051112205'; // kk, open ticket SR-77
const VIKTOR = '+77051112206'; // ru, VIP with a personal manager
const GLEB = '+77051112207'; // ru, overdue balance
const PYOTR = '+77051112208'; // ru, policy expiring 30 November
const SAULE = '+77051112209'; // kk, payment due in 2 days, and bonus points
const ILYA = '+77051112213'; // ru, 121 bonus points
const OLENA = '+380675551214'; // uk, 1 234,50 ₴ due tomorrow (Kyiv)
const EMMA = '+447700900777'; // en, order UK-5521 placed 18 November, ready for pickup
const MARAT = '+77051112215'; // kk, VIP whose manager is a SIP address
const DINA = '+77015550000'; // no language on file

const BOOKING = '+77172000015';
const FRAUD = '+77172000014';

/** A screen pop that keeps every context it is given. */
function recordingScreenPop(): { pops: TransferContext[]; screenPop: ScreenPop } {
  const pops: TransferContext[] = [];
  const screenPop: ScreenPop = (context) => {
    pops.push(context);
    return Promise.resolve({ sent: true, status: 204, ms: 1 });
  };
  return { pops, screenPop };
}

async function requests(t: TestApp) {
  return t.db.selectFrom('customer_requests').selectAll().execute();
}

describe.each(PROVIDERS)('$name: the predicted reason is asked first', (provider) => {
  it('an order placed yesterday, confirmed by speech in Kazakh: status and window, then the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, ALIYA);
    const first = await call.start();
    expect(first.heard[0]?.text).toBe('Қайырлы күн, Әлия!');
    expect(spoken(first)).toContain('12345 тапсырысыңыз бойынша ма? «Иә» деңіз немесе 1 басыңыз.');
    // The recogniser is told this question's words: yes, no and the order's own.
    expect(first.gather?.hints).toEqual(expect.arrayContaining(['иә', 'жоқ', 'тапсырыс']));
    const status = await call.say('иә, дұрыс', 0.91);
    // The question named the order: its number is not said again.
    expect(status.heard[0]?.text).toBe(
      'Тапсырыс жеткізуге берілді. Жеткізу: бүгін, 14:00 — 18:00.',
    );
    expect(status.waitingFor).toBe('input');
    expect(spoken(status)).toContain('Сату бөлімі — 1 басыңыз.');
  });

  it('an older order in English: asked by its number, the status once confirmed', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, EMMA);
    const first = await call.start();
    expect(first.heard[0]?.text).toBe('Good morning, Emma!');
    expect(spoken(first)).toContain('Calling about order UK-5521? Say yes or press 1.');
    const status = await call.say('yes please', 0.9);
    expect(status.heard[0]?.text).toBe('Your order is waiting for you at the pickup point.');
  });

  it('a suspicious payment, asked by merchant and time, key 1: the fraud line with the request recorded', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, BORIS);
    const first = await call.start();
    expect(spoken(first)).toContain(
      'Вы по платежу в Электроника, Алматы сегодня в 09:47? Скажите «да» или нажмите 1.',
    );
    const transfer = await call.press('1');
    expect(transfer.heard[0]?.text).toBe('Соединяю со службой безопасности, карту заблокируют.');
    expect(transfer.dial?.number).toBe(FRAUD);
    expect(await requests(t)).toMatchObject([
      { kind: 'block-card', customer_id: 'c-boris', item_id: 'txn-1', call_id: call.id },
    ]);
  });

  it.each(['заблокируйте карту', 'картаны бұғаттаңыз', 'это не я'])(
    'a suspicious payment, «%s»: the card is blocked at the fraud line',
    async (words) => {
      const t = await buildTestApp();
      const call = provider.call(t, BORIS);
      const first = await call.start();
      expect(first.gather?.hints).toEqual(expect.arrayContaining(['заблокировать']));
      const transfer = await call.say(words, 0.87);
      expect(transfer.dial?.number).toBe(FRAUD);
      expect(await requests(t)).toMatchObject([{ kind: 'block-card', item_id: 'txn-1' }]);
    },
  );

  it('the operator learns the predicted reason and the answer: screen pop and whisper', async () => {
    const { pops, screenPop } = recordingScreenPop();
    const t = await buildTestApp({ screenPop });
    const call = provider.call(t, BORIS);
    await call.start();
    await call.say('да, верно', 0.9);
    expect(pops).toHaveLength(1);
    expect(pops[0]).toMatchObject({
      customerId: 'c-boris',
      predictedReason: 'операция по карте на 4417',
      callerAnswer: 'yes',
    });
    expect(pops[0]?.speech).toContain('да, верно');
    const bridged = await call.dialOutcome('answered');
    // The customer's name declined as the sentence needs (Борис → от Бориса).
    expect(bridged.agentHeard?.map((h) => h.text).join(' ')).toBe(
      'Звонок от Бориса. Причина: операция по карте на 4417, ответ: да.',
    );
  });

  it('«оператор» at the question: the operator, told what was asked', async () => {
    const { pops, screenPop } = recordingScreenPop();
    const t = await buildTestApp({ screenPop });
    const call = provider.call(t, OLEG);
    await call.start();
    const transfer = await call.say('соедините с оператором', 0.9);
    expect(transfer.dial?.number).toBe('+77172000000');
    expect(pops[0]).toMatchObject({ predictedReason: 'заявка КАСКО-0412', callerAnswer: null });
  });

  it('an appointment tomorrow, «иә» then 1: confirmed in the CRM', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, DANA);
    const first = await call.start();
    expect(spoken(first)).toContain(
      'Ертең сағат 11:00 жазылуыңыз бойынша ма? «Иә» деңіз немесе 1 басыңыз.',
    );
    const choice = await call.say('иә', 0.9);
    expect(choice.heard[0]?.text).toBe(
      // The date was just said: not read again.
      'Растау үшін «иә» деңіз немесе 1 басыңыз. Ауыстыру үшін «ауыстыру» деңіз немесе 2 басыңыз.',
    );
    expect(choice.gather?.hints).toEqual(expect.arrayContaining(['ауыстыру', 'перенести']));
    const done = await call.press('1');
    expect(done.heard[0]?.text).toBe('Жазылу расталды. Сізді ертең, сағат 11:00 күтеміз.');
    const row = await t.db
      .selectFrom('customer_appointments')
      .selectAll()
      .where('id', '=', 'apt-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'confirmed', confirmed_call_id: call.id });
  });

  it('an appointment, reschedule (2): the front desk, the request recorded', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, DANA);
    await call.start();
    await call.press('1');
    const transfer = await call.press('2');
    expect(transfer.heard[0]?.text).toBe('Жазылуды ауыстыру үшін тіркеу бөліміне қосып жатырмын.');
    expect(transfer.dial?.number).toBe(BOOKING);
    expect(await requests(t)).toMatchObject([
      { kind: 'reschedule-appointment', customer_id: 'c-dana', item_id: 'apt-1', call_id: call.id },
    ]);
  });

  it.each([
    ['перенести', 'ru'],
    ['басқа күнге ауыстыру керек', 'kk'],
  ])('an appointment, «%s» (%s) at the question: straight to the front desk', async (words) => {
    const t = await buildTestApp();
    const call = provider.call(t, DANA);
    await call.start();
    const transfer = await call.say(words, 0.85);
    expect(transfer.dial?.number).toBe(BOOKING);
    expect(await requests(t)).toMatchObject([{ kind: 'reschedule-appointment' }]);
  });

  it.each(['подтверждаю', 'растаймын, келемін'])(
    'an appointment, «%s» at the question: confirmed without a second question',
    async (words) => {
      const t = await buildTestApp();
      const call = provider.call(t, DANA);
      await call.start();
      const done = await call.say(words, 0.85);
      expect(done.heard[0]?.text).toBe('Жазылу расталды. Сізді ертең, сағат 11:00 күтеміз.');
      expect(done.waitingFor).toBe('input');
    },
  );

  it('the appointment choice not understood: asked again, then keys only, then the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, DANA);
    await call.start();
    await call.press('1');
    const again = await call.say('ммм', 0.9);
    expect(again.heard[0]?.text).toBe('Кешіріңіз, жауабыңызды түсінбедім.');
    expect(again.gather?.input).toContain('speech');
    const keys = await call.say('ммм', 0.9);
    expect(keys.heard.map((h) => h.text)).toEqual([
      'Жазылуды растау үшін 1 батырмасын, ауыстыру үшін 2 батырмасын басыңыз.',
    ]);
    expect(keys.gather?.input).toEqual(['dtmf']);
    const menu = await call.press('7');
    expect(spoken(menu)).toContain('Сату бөлімі — 1 басыңыз.');
  });

  it('a claim opened a week ago, «да» in Russian: its status, then the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, OLEG);
    const first = await call.start();
    expect(spoken(first)).toContain(
      'Я вижу вашу заявку на страховое возмещение КАСКО-0412, поданную 14 ноября.',
    );
    const status = await call.say('Да, по ней', 0.88);
    expect(status.heard[0]?.text).toBe('Заявка КАСКО-0412: на рассмотрении.');
    expect(status.waitingFor).toBe('input');
  });

  it('«жоқ» (no): straight to the menu, nothing read', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, MERUERT);
    await call.start();
    const menu = await call.say('жоқ', 0.9);
    expect(spoken(menu)).not.toContain('SR-77');
    expect(spoken(menu)).toContain('Сату бөлімі — 1 басыңыз.');
  });

  it('silence: the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, OLEG);
    await call.start();
    const menu = await call.silence();
    expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
  });

  it('not understood: asked once more by voice, then for keys only, then the menu', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, OLEG);
    await call.start();
    const again = await call.say('мм', 0.9);
    expect(again.heard.map((h) => h.text)).toEqual([
      'Извините, я не поняла ответ.',
      'Я вижу вашу заявку на страховое возмещение КАСКО-0412, поданную 14 ноября. Если вы звоните по ней, скажите «да» или нажмите 1.',
      'Другой вопрос — «нет» или 2.',
    ]);
    expect(again.gather?.input).toEqual(['dtmf', 'speech']);
    // Heard, but below menu.minConfidence: not trusted, whatever the words.
    const keys = await call.say('да', 0.2);
    expect(keys.heard.map((h) => h.text)).toEqual([
      'Пожалуйста, нажмите 1, если да, или 2, если нет.',
    ]);
    expect(keys.gather?.input).toEqual(['dtmf']);
    expect(keys.gather?.hints ?? []).toEqual([]);
    const menu = await call.press('5');
    expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
    expect(spoken(menu)).not.toContain('КАСКО');
  });
});

/** Each predicted item, and the first thing the caller hears once they confirm it. */
const RESOLUTIONS: Array<[string, string, string]> = [
  ['order', ALIYA, 'Тапсырыс жеткізуге берілді.'],
  ['card payment', BORIS, 'Соединяю со службой безопасности, карту заблокируют.'],
  ['appointment', DANA, 'Растау үшін «иә» деңіз'],
  ['claim', OLEG, 'Заявка КАСКО-0412: на рассмотрении.'],
  ['ticket', MERUERT, 'SR-77 өтініші: жұмыста.'],
];

describe.each(PROVIDERS)('$name: every item type confirmed three ways', (provider) => {
  describe.each(RESOLUTIONS)('%s', (_kind, phone, heard) => {
    it.each([
      ['«да» (ru)', { say: 'да' }],
      ['«иә» (kk)', { say: 'иә' }],
      ['key 1', { press: '1' }],
    ] as const)('by %s', async (_how, answer) => {
      const t = await buildTestApp();
      const call = provider.call(t, phone);
      await call.start();
      const next =
        'say' in answer ? await call.say(answer.say, 0.9) : await call.press(answer.press);
      expect(next.heard[0]?.text).toContain(heard);
    });
  });
});

describe.each(PROVIDERS)('$name: speech at the menu, in any language or a mix', (provider) => {
  it.each(['менің order-ім қайда?', 'где мой заказ', 'тапсырысым қайда'])(
    '«%s» reads the order’s status, with its number (the menu did not name it)',
    async (words) => {
      const t = await buildTestApp();
      const call = provider.call(t, ALIYA);
      await call.start();
      await call.say('жоқ', 0.9);
      const status = await call.say(words, 0.85);
      expect(status.heard[0]?.text).toBe(
        '12345 тапсырысы: жеткізуге берілді. Жеткізу: бүгін, 14:00 — 18:00.',
      );
    },
  );

  it('not understood once: asked again; twice: keys only; the hints carry the vocabulary', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, OLEG);
    await call.start();
    const menu = await call.say('нет', 0.9);
    expect(menu.gather?.input).toContain('speech');
    expect(menu.gather?.hints).toEqual(expect.arrayContaining(['оператор', 'где мой заказ']));
    const again = await call.say('бла-бла', 0.9);
    expect(again.heard[0]?.text).toBe('Извините, такого пункта нет.');
    expect(again.gather?.input).toContain('speech');
    const keys = await call.say('ммм', 0.9);
    expect(keys.heard[0]?.text).toBe('Пожалуйста, выберите пункт клавишами телефона.');
    expect(keys.gather?.input).toEqual(['dtmf']);
  });
});

describe.each(PROVIDERS)('$name: routes by segment, reminders, language', (provider) => {
  it('VIP: the personal manager directly; no answer → the VIP line', async () => {
    const { pops, screenPop } = recordingScreenPop();
    const t = await buildTestApp({ segmentRouting: true, screenPop });
    const call = provider.call(t, VIKTOR);
    const first = await call.start();
    expect(pops[0]).toMatchObject({
      segment: 'vip',
      segmentRule: 'vip-personal-manager',
      target: { id: 'personal-manager', destination: '+77012000102' },
    });
    expect(first.heard.map((h) => h.text)).toContain('Соединяю с вашим персональным менеджером.');
    expect(first.dial?.number).toBe('+77012000102');
    const next = await call.dialOutcome('no-answer');
    expect(next.dial?.number).toBe('+77172000010');
    await call.dialOutcome('answered');
    await call.hangup();
    const row = await t.db
      .selectFrom('calls')
      .select(['path_json'])
      .where('call_id', '=', call.id)
      .executeTakeFirstOrThrow();
    expect(row.path_json).toContain('segment:vip-personal-manager');
  });

  it('VIP with a manager on the PBX: formal greeting, straight to the manager’s SIP address', async () => {
    const t = await buildTestApp({ segmentRouting: true });
    const call = provider.call(t, MARAT);
    const first = await call.start();
    expect(first.heard.map((h) => h.text)).toEqual([
      'Қайырлы күн, Марат Ерланұлы!',
      'Жеке менеджеріңізге қосып жатырмын.',
    ]);
    expect(first.dial?.sip).toBe('sip:a.ospanova@pbx.example.kz');
    const next = await call.dialOutcome('busy');
    expect(next.dial?.number).toBe('+77172000010');
  });

  it.each([
    ['+79165551234', 'a corporate customer: the priority queue', '+77172000013'],
    ['+77051112212', 'an open complaint: retention', '+77172000012'],
  ])('%s', async (phone, _what, line) => {
    const t = await buildTestApp({ segmentRouting: true });
    const first = await provider.call(t, phone).start();
    expect(first.dial?.number).toBe(line);
  });

  it('a debtor goes to collections, skipping the menu', async () => {
    const t = await buildTestApp({ segmentRouting: true });
    const call = provider.call(t, GLEB);
    const first = await call.start();
    expect(first.dial?.number).toBe('+77172000011');
  });

  it('a policy expiring in 9 days: the renewal offer, key 1 → renewals', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, PYOTR);
    const first = await call.start();
    expect(spoken(first)).toContain(
      'Ваш полис, оканчивающийся на 5518, истекает 30 ноября. Чтобы продлить его, скажите «продлить» или нажмите 1.',
    );
    expect(first.gather?.hints).toEqual(expect.arrayContaining(['продлить']));
    const transfer = await call.press('1');
    expect(transfer.dial?.number).toBe('+77172000016');
  });

  it('the renewal offer taken by voice («продлите, пожалуйста»); declined («нет»): the menu', async () => {
    const t = await buildTestApp();
    const renew = provider.call(t, PYOTR);
    await renew.start();
    const transfer = await renew.say('продлите, пожалуйста', 0.8);
    expect(transfer.heard[0]?.text).toBe('Соединяю со специалистом по продлению.');
    expect(transfer.dial?.number).toBe('+77172000016');
    const decline = provider.call(t, PYOTR);
    await decline.start();
    const menu = await decline.say('нет', 0.9);
    expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
  });

  it('one reminder per call: the payment due in words, not the bonus points', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, SAULE);
    const first = await call.start();
    expect(spoken(first)).toContain(
      'Еске саламыз: 23 қараша күні төрт мың бес жүз теңге төлеу керек.',
    );
    expect(spoken(first)).not.toContain('ұпай');
  });

  it('thresholds: a payment due in 4 days is not mentioned (3 days), the next reminder is', async () => {
    // Thursday 19 November, 12:00 in Almaty: the payment is due on the 23rd.
    const t = await buildTestApp({ now: '2026-11-19T07:00:00Z' });
    const first = await provider.call(t, SAULE).start();
    expect(spoken(first)).not.toContain('төлеу керек');
    expect(first.heard[1]?.text).toBe('Сәуленің бонус шотында 1250 ұпай бар.');
  });

  it('thresholds: a policy expiring in 15 days is not mentioned (14 days), 14 days is', async () => {
    const early = await buildTestApp({ now: '2026-11-15T07:00:00Z' });
    const far = await provider.call(early, PYOTR).start();
    expect(spoken(far)).not.toContain('полис');
    expect(spoken(far)).toContain('Отдел продаж — нажмите 1.');
    const due = await buildTestApp({ now: '2026-11-16T07:00:00Z' });
    const near = await provider.call(due, PYOTR).start();
    expect(spoken(near)).toContain('Ваш полис, оканчивающийся на 5518, истекает 30 ноября.');
  });

  it('a payment due tomorrow in Kyiv, in Ukrainian: hryvnias and kopiykas in words', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, OLENA);
    const first = await call.start();
    expect(first.heard[0]?.text).toBe('Доброго ранку, Олена!');
    expect(spoken(first)).toContain(
      "Нагадуємо: завтра термін платежу. Сума до сплати — одна тисяча двісті тридцять чотири гривні п'ятдесят копійок.",
    );
  });

  it('bonus points with the word in its Russian plural: 121 балл', async () => {
    const t = await buildTestApp();
    const first = await provider.call(t, ILYA).start();
    expect(first.heard[1]?.text).toBe('На вашем бонусном счёте 121 балл.');
  });

  it.each([
    ['+77051112210', 'Қайырлы күн, Нұрлан!', 'Нұрланның бонус шотында 300 ұпай бар.'],
    ['+77051112211', 'Қайырлы күн, Айгүл Серікқызы!', 'Айгүлдің бонус шотында 500 ұпай бар.'],
  ])('the name in its Kazakh case: %s', async (phone, greeting, reminder) => {
    const t = await buildTestApp();
    const call = provider.call(t, phone);
    const first = await call.start();
    expect(first.heard[0]?.text).toBe(greeting);
    expect(first.heard[1]?.text).toBe(reminder);
  });

  it('a language chosen once is written back and used on the next call', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, DINA);
    const first = await call.start();
    expect(first.gather).toBeDefined();
    await call.press('2');
    await call.hangup();
    const again = provider.call(t, DINA);
    const second = await again.start();
    expect(second.heard[0]?.text).toMatch(/^Қайырлы күн, Дина!/);
    expect(spoken(second)).not.toContain('Для русского языка');
  });
});
