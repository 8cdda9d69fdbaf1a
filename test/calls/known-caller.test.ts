import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

// 07:00 UTC: 12:00 in Almaty/Aqtobe (UTC+5), 10:00 in Moscow, 07:00 in London, 09:00 in Kyiv.
const NOW = '2026-11-21T07:00:00Z';

const KNOWN = [
  { phone: '+77071234567', lang: 'kk', expect: 'Қайырлы күн, Әсел!', say: 'ru-RU', asr: 'ru-RU' },
  {
    phone: '+79165551234',
    lang: 'ru',
    expect: 'Доброе утро, Иван Петрович!',
    say: 'ru-RU',
    asr: 'ru-RU',
  },
  { phone: '+447700900123', lang: 'en', expect: 'Good morning, John!', say: 'en-GB', asr: 'en-GB' },
  {
    phone: '+380671234567',
    lang: 'uk',
    expect: 'Доброго ранку, Тарас!',
    say: 'uk-UA',
    asr: 'uk-UA',
  },
] as const;

describe.each(PROVIDERS)('$name: known caller', (provider) => {
  it.each(KNOWN)('greets $lang caller by name in their language and zone', async (k) => {
    const t = await buildTestApp({ now: NOW });
    const step = await provider.call(t, k.phone).start();
    expect(step.status).toBe(200);
    expect(step.heard[0]?.text).toBe(k.expect);
    // Kazakh has no provider voice: it is read with the configured Russian fallback voice.
    expect(step.heard[0]?.language).toBe(k.say);
    expect(step.waitingFor).toBe('input');
    expect(step.gather?.input).toEqual(['dtmf', 'speech']);
    expect(step.gather?.speechLanguage).toBe(k.asr);
  });

  it('reads the menu in the caller language after the greeting', async () => {
    const t = await buildTestApp({ now: NOW });
    const step = await provider.call(t, '+77071234567').start();
    const text = spoken(step);
    expect(text).toContain('Сату бөлімі — 1 басыңыз.');
    expect(text).toContain('Оператор — 0 басыңыз немесе «оператор» деңіз');
    expect(step.gather?.hints).toEqual(expect.arrayContaining(['сату', 'оператор']));
  });

  it('finds a customer by any of several numbers', async () => {
    const t = await buildTestApp({ now: NOW });
    for (const phone of ['+77011112233', '+77471112233']) {
      const step = await provider.call(t, phone).start();
      expect(step.heard[0]?.text).toBe('Қайырлы күн, Арман Қайратұлы!');
    }
  });

  it('asks a known caller without a language to choose one, greeting by name', async () => {
    const t = await buildTestApp({ now: NOW });
    const call = provider.call(t, '+77015550000');
    const step = await call.start();
    expect(step.heard[0]?.text).toBe('Добрый день, Дина!');
    expect(spoken(step)).toContain('Қазақ тілінде жалғастыру үшін 2 батырмасын басыңыз.');
    const menu = await call.press('3');
    expect(spoken(menu)).toContain('For sales, press 1.');
  });
});
