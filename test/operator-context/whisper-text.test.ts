import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import type { TransferContext } from '../../src/flow/transfer-context.js';
import { LANGUAGES, type Language } from '../../src/flow/language.js';
import type { PersonName } from '../../src/names/person-name.js';
import { nameForms } from '../../src/names/address-name.js';
import { whisperText } from '../../src/operator-context/whisper-text.js';

const prompts = loadIvrSettings(null).prompts;

const base: TransferContext = {
  callId: 'CA1',
  provider: 'twilio',
  customerId: 'c-asel',
  maskedCaller: '+7707*****67',
  language: 'kk',
  segment: 'vip',
  segmentRule: null,
  predictedReason: null,
  callerAnswer: null,
  path: [],
  speech: [],
  target: { id: 'sales', destination: '+77172000001' },
};

const asel: PersonName = { firstName: 'Әсел', patronymic: 'Нұрланқызы', lastName: 'Ахметова' };
const names = (language: Language, person = asel) => nameForms(person, language);

describe('whisperText', () => {
  it('says the customer, the segment, the predicted reason and the answer', () => {
    const context = { ...base, predictedReason: 'заказ 12345', callerAnswer: 'yes' as const };
    expect(whisperText({ context, names: names('ru') }, prompts.ru.whisper)).toBe(
      'Звонок от Әсел, VIP. Причина: заказ 12345, ответ: да.',
    );
    expect(whisperText({ context, names: names('en') }, prompts.en.whisper)).toBe(
      'Call from Әсел, VIP. Reason: заказ 12345, answer: yes.',
    );
  });

  it('declines the name as the sentence needs: "Звонок от Армана", "Дзвінок від Тараса"', () => {
    const context = { ...base, segment: null };
    const arman = { firstName: 'Арман', patronymic: 'Қайратұлы', lastName: null };
    const taras = { firstName: 'Тарас', patronymic: 'Григорович', lastName: 'Шевчук' };
    const maria = { firstName: 'Мария', patronymic: 'Ивановна', lastName: 'Петрова' };
    expect(whisperText({ context, names: names('ru', arman) }, prompts.ru.whisper)).toBe(
      'Звонок от Армана.',
    );
    expect(whisperText({ context, names: names('ru', maria) }, prompts.ru.whisper)).toBe(
      'Звонок от Марии.',
    );
    expect(whisperText({ context, names: names('uk', taras) }, prompts.uk.whisper)).toBe(
      'Дзвінок від Тараса.',
    );
    expect(whisperText({ context, names: names('kk', arman) }, prompts.kk.whisper)).toBe(
      'Клиент Арман.',
    );
  });

  it('a reason the caller was not asked about, and silence as an answer', () => {
    const context = { ...base, segment: null, predictedReason: 'счёт' };
    expect(whisperText({ context, names: names('ru') }, prompts.ru.whisper)).toBe(
      'Звонок от Әсел. Причина: счёт.',
    );
    expect(
      whisperText(
        { context: { ...context, callerAnswer: 'silence' }, names: names('kk') },
        prompts.kk.whisper,
      ),
    ).toBe('Клиент Әсел. Себебі: счёт, жауабы: жауап жоқ.');
  });

  it('without a prediction, the caller’s last words, cut when long', () => {
    const context = { ...base, segment: 'regular', speech: ['қазақша', 'маған оператор керек'] };
    expect(whisperText({ context, names: names('ru') }, prompts.ru.whisper)).toBe(
      'Звонок от Әсел. Клиент сказал: маған оператор керек.',
    );
    const long = { ...base, speech: [`${'сөз '.repeat(60)}соңы`] };
    const text = whisperText({ context: long, names: names('ru') }, prompts.ru.whisper);
    expect(text).toMatch(/^Звонок от Әсел, VIP\. Клиент сказал: (сөз )+сөз…\.$/);
    expect(text.length).toBeLessThan(170);
  });

  it('a segment the settings do not name is said as the CRM wrote it; CRM text is sanitised', () => {
    const context = { ...base, segment: 'gold\u0000 partner' };
    const dirty = names('ru', { ...asel, firstName: 'Ә\u0007сел\uD800' });
    expect(whisperText({ context, names: dirty }, prompts.ru.whisper)).toBe(
      'Звонок от Әсел, gold partner.',
    );
  });

  it('an unknown caller; nothing at all when the settings leave it empty', () => {
    const context = { ...base, customerId: null, segment: null };
    expect(whisperText({ context, names: null }, prompts.uk.whisper)).toBe('Новий клієнт.');
    expect(
      whisperText({ context, names: null }, { ...prompts.ru.whisper, unknownCaller: '' }),
    ).toBe('');
  });

  it('every language has whisper prompts with their placeholders', () => {
    for (const language of LANGUAGES) {
      const w = prompts[language].whisper;
      expect(w.customer).toMatch(/\{name\w*\}/);
      expect(w.customerWithSegment).toMatch(/\{name\w*\}.*\{segment\}/);
      expect(w.reason).toContain('{reason}');
      expect(w.reasonWithAnswer).toMatch(/\{reason\}.*\{answer\}/);
      expect(w.said).toContain('{speech}');
    }
  });
});
