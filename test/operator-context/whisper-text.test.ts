import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import type { TransferContext } from '../../src/flow/transfer-context.js';
import { LANGUAGES } from '../../src/flow/language.js';
import { whisperText } from '../../src/operator-context/whisper-text.js';

const prompts = loadIvrSettings(null).prompts;

const base: TransferContext = {
  callId: 'CA1',
  provider: 'twilio',
  customerId: 'c-asel',
  maskedCaller: '+7707*****67',
  language: 'kk',
  segment: 'vip',
  predictedReason: null,
  callerAnswer: null,
  path: [],
  speech: [],
  target: { id: 'sales', destination: '+77172000001' },
};

describe('whisperText', () => {
  it('says the customer, the segment, the predicted reason and the answer', () => {
    const context = { ...base, predictedReason: 'заказ 12345', callerAnswer: 'yes' as const };
    expect(whisperText({ context, name: 'Әсел' }, prompts.ru.whisper)).toBe(
      'Клиент Әсел, VIP. Причина: заказ 12345, ответ: да.',
    );
    expect(whisperText({ context, name: 'Әсел' }, prompts.en.whisper)).toBe(
      'Customer Әсел, VIP. Reason: заказ 12345, answer: yes.',
    );
  });

  it('a reason the caller was not asked about, and silence as an answer', () => {
    const context = { ...base, segment: null, predictedReason: 'счёт' };
    expect(whisperText({ context, name: 'Әсел' }, prompts.ru.whisper)).toBe(
      'Клиент Әсел. Причина: счёт.',
    );
    expect(
      whisperText(
        { context: { ...context, callerAnswer: 'silence' }, name: 'Әсел' },
        prompts.kk.whisper,
      ),
    ).toBe('Клиент Әсел. Себебі: счёт, жауабы: жауап жоқ.');
  });

  it('without a prediction, the caller’s last words, cut when long', () => {
    const context = { ...base, segment: 'regular', speech: ['қазақша', 'маған оператор керек'] };
    expect(whisperText({ context, name: 'Әсел' }, prompts.ru.whisper)).toBe(
      'Клиент Әсел. Клиент сказал: маған оператор керек.',
    );
    const long = { ...base, speech: [`${'сөз '.repeat(60)}соңы`] };
    const text = whisperText({ context: long, name: 'Әсел' }, prompts.ru.whisper);
    expect(text).toMatch(/^Клиент Әсел, VIP\. Клиент сказал: (сөз )+сөз…\.$/);
    expect(text.length).toBeLessThan(170);
  });

  it('a segment the settings do not name is said as the CRM wrote it; CRM text is sanitised', () => {
    const context = { ...base, segment: 'gold\u0000 partner' };
    expect(whisperText({ context, name: 'Ә\u0007сел\uD800' }, prompts.ru.whisper)).toBe(
      'Клиент Әсел, gold partner.',
    );
  });

  it('an unknown caller; nothing at all when the settings leave it empty', () => {
    const context = { ...base, customerId: null, segment: null };
    expect(whisperText({ context, name: null }, prompts.uk.whisper)).toBe('Новий клієнт.');
    expect(whisperText({ context, name: null }, { ...prompts.ru.whisper, unknownCaller: '' })).toBe(
      '',
    );
  });

  it('every language has whisper prompts with their placeholders', () => {
    for (const language of LANGUAGES) {
      const w = prompts[language].whisper;
      expect(w.customer).toContain('{name}');
      expect(w.customerWithSegment).toMatch(/\{name\}.*\{segment\}/);
      expect(w.reason).toContain('{reason}');
      expect(w.reasonWithAnswer).toMatch(/\{reason\}.*\{answer\}/);
      expect(w.said).toContain('{speech}');
    }
  });
});
