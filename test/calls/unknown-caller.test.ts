import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, DID, OPERATOR } from '../support/test-app.js';

describe.each(PROVIDERS)('$name: unknown caller', (provider) => {
  it('hears a neutral greeting and a one-step language choice, each language in its voice', async () => {
    const t = await buildTestApp();
    const step = await provider.call(t, '+77779998877').start();
    expect(step.heard[0]?.text).toBe('Здравствуйте! Спасибо за звонок.');
    const lines = step.heard.slice(1);
    expect(lines.map((h) => h.text)).toEqual([
      'Для продолжения на русском языке нажмите 1.',
      'Қазақ тілінде жалғастыру үшін 2 батырмасын басыңыз.',
      'For English, press 3.',
      'Щоб продовжити українською, натисніть 4.',
    ]);
    expect(lines.map((h) => h.language)).toEqual(['ru-RU', 'ru-RU', 'en-GB', 'uk-UA']);
    expect(step.gather?.hints).toEqual(expect.arrayContaining(['қазақша', 'english']));
  });

  it('chooses Kazakh by key and gets the menu in Kazakh', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, '+77779998877');
    await call.start();
    const menu = await call.press('2');
    expect(spoken(menu)).toContain('Техникалық қолдау — 2 басыңыз.');
  });

  it('chooses Ukrainian by saying it, with Kazakh and Ukrainian letters intact', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, '+77779998877');
    await call.start();
    const menu = await call.say('Українська!', 0.8);
    expect(spoken(menu)).toContain('Відділ продажів — натисніть 1.');
    const dial = await call.say('підтримка', 0.9);
    expect(dial.dial?.number).toBe('+77172000002');
  });

  it('keeps the default language when the choice is silent and still reaches a person', async () => {
    const t = await buildTestApp();
    const call = provider.call(t, '+77779998877');
    await call.start();
    const menu = await call.silence();
    expect(spoken(menu)).toContain('Отдел продаж — нажмите 1.');
    const transfer = await call.silence();
    expect(transfer.dial?.number).toBe(OPERATOR);
    expect(transfer.dial?.callerId).toBe(DID.twilio);
  });

  it('treats a withheld number as unknown without asking the CRM', async () => {
    const t = await buildTestApp();
    const step =
      provider.name === 'twilio'
        ? await t.twilio('anonymous').start()
        : await t.vonage('Unknown').start();
    expect(step.heard[0]?.text).toBe('Здравствуйте! Спасибо за звонок.');
  });
});
