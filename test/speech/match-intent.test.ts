import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/flow/language.js';
import {
  DEFAULT_INTENT_VOCABULARY,
  INTENT_NAMES,
  parseIntentVocabulary,
  readEntry,
  type IntentName,
} from '../../src/speech/intent-vocabulary.js';
import { matchIntent, type MatchIntentOptions } from '../../src/speech/match-intent.js';

const ALL = [...INTENT_NAMES];

/** The intent heard in a call in `language` at a question accepting every intent. */
function heard(text: string, opts: Partial<MatchIntentOptions> = {}) {
  return matchIntent(text, opts.minConfidence === undefined ? null : 0.9, {
    language: 'ru',
    allowed: ALL,
    minConfidence: 0.4,
    ...opts,
  });
}
const intentOf = (text: string, opts: Partial<MatchIntentOptions> = {}) => heard(text, opts).intent;

describe('every intent in every language', () => {
  const said: Array<[Language, IntentName, string]> = [
    ['ru', 'yes', 'Да, конечно'],
    ['kk', 'yes', 'Иә, әрине'],
    ['en', 'yes', 'Yeah, sure'],
    ['uk', 'yes', 'Так, звісно'],
    ['ru', 'no', 'Нет'],
    ['kk', 'no', 'Жоқ, қажет емес'],
    ['en', 'no', 'Nope'],
    ['uk', 'no', 'Ні, не треба'],
    ['ru', 'order_status', 'Где мой заказ?'],
    ['kk', 'order_status', 'Тапсырысым қайда?'],
    ['en', 'order_status', 'Where is my order?'],
    ['uk', 'order_status', 'Де моє замовлення?'],
    ['ru', 'claim_status', 'Хочу узнать статус заявки'],
    ['kk', 'claim_status', 'Өтінішім қайда?'],
    ['en', 'claim_status', 'What is my claim status?'],
    ['uk', 'claim_status', 'Що з моєю заявкою?'],
    ['ru', 'block_card', 'Заблокируйте карту, это мошенники'],
    ['kk', 'block_card', 'Картаны бұғаттаңыз'],
    ['en', 'block_card', 'Please block my card'],
    ['uk', 'block_card', 'Заблокуйте картку'],
    ['ru', 'appointment_confirm', 'Подтверждаю запись'],
    ['kk', 'appointment_confirm', 'Растаймын, келемін'],
    ['en', 'appointment_confirm', "I'll be there"],
    ['uk', 'appointment_confirm', 'Підтверджую'],
    ['ru', 'appointment_reschedule', 'Можно перенести на другое время?'],
    ['kk', 'appointment_reschedule', 'Басқа күнге ауыстырыңыз'],
    ['en', 'appointment_reschedule', 'I need to reschedule'],
    ['uk', 'appointment_reschedule', 'Перенесіть, будь ласка'],
    ['ru', 'operator', 'Соедините с оператором'],
    ['kk', 'operator', 'Маманмен сөйлескім келеді'],
    ['en', 'operator', 'Let me talk to a human'],
    ['uk', 'operator', 'Потрібна людина'],
    ['ru', 'renew', 'Хочу продлить договор'],
    ['kk', 'renew', 'Келісімшартты ұзартқым келеді'],
    ['en', 'renew', 'Renew my subscription'],
    ['uk', 'renew', 'Продовжте договір'],
    ['ru', 'repeat', 'Повторите, пожалуйста'],
    ['kk', 'repeat', 'Қайталаңызшы'],
    ['en', 'repeat', 'Could you repeat that?'],
    ['uk', 'repeat', 'Повторіть, будь ласка'],
  ];

  it('covers every intent in every language', () => {
    for (const intent of INTENT_NAMES) {
      for (const language of LANGUAGES) {
        expect(said.some(([l, i]) => l === language && i === intent)).toBe(true);
      }
    }
  });

  it.each(said)('%s %s: %j', (language, intent, text) => {
    // In a call of that language, and in a call of any other: callers switch.
    for (const call of LANGUAGES) {
      expect(heard(text, { language: call })).toMatchObject({ intent });
    }
  });

  it('matches every entry of the shipped vocabulary, alone, to its intent', () => {
    for (const intent of INTENT_NAMES) {
      for (const language of LANGUAGES) {
        for (const entry of DEFAULT_INTENT_VOCABULARY.intents[intent][language]) {
          const { hint } = readEntry(entry) as { hint: string };
          for (const call of LANGUAGES) {
            expect([hint, call, intentOf(hint, { language: call })]).toEqual([hint, call, intent]);
          }
        }
      }
    }
  });
});

describe('code-switching', () => {
  it.each<[string, IntentName, Language]>([
    ['менің order-ім қайда?', 'order_status', 'kk'],
    ["менің order'ім қайда?", 'order_status', 'kk'],
    ['где мой order', 'order_status', 'ru'],
    ['где мой заказ', 'order_status', 'en'],
    ['картамды block жасаңыз', 'block_card', 'kk'],
    ['иә, да', 'yes', 'kk'],
    ['yes, конечно', 'yes', 'ru'],
    ['жоқ, нет', 'no', 'kk'],
    ['менің delivery қайда', 'order_status', 'kk'],
    ['operator керек', 'operator', 'kk'],
    ['мені операторға қосыңыз', 'operator', 'kk'],
  ])('%j is %s in a %s call', (text, intent, language) => {
    expect(heard(text, { language })).toMatchObject({ intent });
  });

  it('counts the words of every language towards one intent', () => {
    expect(heard('иә, да', { language: 'kk' })).toEqual({ intent: 'yes', score: 2 });
  });
});

describe('case, punctuation and spelling', () => {
  it.each([
    ['ДА!!!', 'yes'],
    ['Иә.', 'yes'],
    ['  НЕТ ... ', 'no'],
    ['«Оператор!»', 'operator'],
    ['Всё верно', 'yes'],
    ['зака́з', 'order_status'],
  ])('%j is %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it('reads Kazakh typed or recognised with Russian letters', () => {
    expect(intentOf('жок', { language: 'kk' })).toBe('no');
    expect(intentOf('кажет емес', { language: 'kk' })).toBe('no');
    expect(intentOf('тапсырысым кайда', { language: 'kk' })).toBe('order_status');
    expect(intentOf('кайталаныз', { language: 'kk' })).toBe('repeat');
    expect(intentOf('арине', { language: 'kk' })).toBe('yes');
    // ә written as а is the fold; as э it is a spelling of its own, listed as data.
    expect(intentOf('иа', { language: 'kk' })).toBe('yes');
    expect(intentOf('иэ', { language: 'kk' })).toBe('yes');
  });

  it('scores a word matched only after folding a little lower than an exact one', () => {
    expect(heard('кайталаныз', { language: 'kk' })).toEqual({ intent: 'repeat', score: 0.9 });
    expect(heard('қайталаңыз', { language: 'kk' })).toEqual({ intent: 'repeat', score: 1 });
    // "жок" is listed as written, so it is exact.
    expect(heard('жок', { language: 'kk' })).toEqual({ intent: 'no', score: 1 });
  });
});

describe('inflections', () => {
  it.each<[string, IntentName]>([
    ['заказа', 'order_status'],
    ['по моему заказу', 'order_status'],
    ['когда будет доставка', 'order_status'],
    ['по доставке', 'order_status'],
    ['тапсырысым', 'order_status'],
    ['тапсырыстарымыз', 'order_status'],
    ['замовленням', 'order_status'],
    ['заявкой', 'claim_status'],
    ['операторға', 'operator'],
    ['с оператором', 'operator'],
    ['продлите', 'renew'],
    ['продление', 'renew'],
    ['перенесём', 'appointment_reschedule'],
    ['ауыстырыңыз', 'appointment_reschedule'],
    ['бұғаттаңыз', 'block_card'],
    ['мошенничество', 'block_card'],
    ['повторить', 'repeat'],
    ['renewal', 'renew'],
    ['delivered', 'order_status'],
  ])('%j is %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it('does not stretch short words: "да" is not "дайте", "не" is not "неделя"', () => {
    expect(heard('дайте')).toEqual({ intent: null, reason: 'no-match' });
    expect(heard('на неделе')).toEqual({ intent: null, reason: 'no-match' });
    expect(heard('также')).toEqual({ intent: null, reason: 'no-match' });
  });
});

describe('negation and phrases', () => {
  it.each<[string, IntentName | null]>([
    ['нет, не надо', 'no'],
    ['да нет', 'no'],
    ['да нет, не нужно', 'no'],
    ['не верно', 'no'],
    ['неправильно', 'no'],
    ['дұрыс емес', 'no'],
    ['not correct', 'no'],
    ['невірно', 'no'],
    ['нет проблем', 'yes'],
    ['no problem', 'yes'],
    ['почему бы и нет', 'yes'],
    ['ну да', 'yes'],
    ['это не я', 'block_card'],
    ['не расслышал', 'repeat'],
    ['не смогу прийти', 'appointment_reschedule'],
    ['да, приду', 'appointment_confirm'],
  ])('%j is %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it('"не знаю" is no answer at all, neither yes nor no', () => {
    for (const [text, language] of [
      ['не знаю', 'ru'],
      ['я не знаю', 'ru'],
      ['не уверена', 'ru'],
      ["I don't know", 'en'],
      ['не знаю', 'uk'],
    ] as const) {
      expect(heard(text, { language, allowed: ['yes', 'no'] })).toEqual({
        intent: null,
        reason: 'no-match',
      });
    }
  });

  it('still hears the answer after "не знаю"', () => {
    expect(intentOf('не знаю... наверное, да', { allowed: ['yes', 'no'] })).toBe('yes');
  });

  it('scores a phrase by its words, above the single words in it', () => {
    expect(heard('где мой заказ')).toEqual({ intent: 'order_status', score: 3 });
    expect(heard('заказ')).toEqual({ intent: 'order_status', score: 1 });
    expect(heard('нет, не надо')).toEqual({ intent: 'no', score: 3 });
  });

  it('a phrase of an intent the question does not accept does not count', () => {
    // Asked "did you make this payment?": "не я" is simply no.
    expect(intentOf('это не я', { allowed: ['yes', 'no'] })).toBe('no');
  });
});

describe('allowed intents', () => {
  it('looks only for the intents of the question', () => {
    expect(heard('оператор', { allowed: ['yes', 'no'] })).toEqual({
      intent: null,
      reason: 'no-match',
    });
    expect(heard('оператор', { allowed: ['yes', 'operator'] })).toMatchObject({
      intent: 'operator',
    });
  });

  it('matches nothing when nothing is allowed, or nothing is said', () => {
    expect(heard('да', { allowed: [] })).toEqual({ intent: null, reason: 'no-match' });
    expect(heard('')).toEqual({ intent: null, reason: 'no-match' });
    expect(heard('...')).toEqual({ intent: null, reason: 'no-match' });
    expect(heard('погода в Алматы')).toEqual({ intent: null, reason: 'no-match' });
  });
});

describe('confidence', () => {
  const opts = { language: 'ru', allowed: ALL, minConfidence: 0.4 } as const;

  it('does not trust speech below minConfidence, whatever the words', () => {
    expect(matchIntent('да', 0.2, opts)).toEqual({ intent: null, reason: 'low-confidence' });
    expect(matchIntent('абракадабра', 0.39, opts)).toEqual({
      intent: null,
      reason: 'low-confidence',
    });
  });

  it('trusts minConfidence itself and above', () => {
    expect(matchIntent('да', 0.4, opts)).toEqual({ intent: 'yes', score: 1 });
    expect(matchIntent('да', 0.95, opts)).toEqual({ intent: 'yes', score: 1 });
  });

  it('trusts speech of unknown confidence', () => {
    expect(matchIntent('да', null, opts)).toEqual({ intent: 'yes', score: 1 });
  });
});

describe('ambiguity', () => {
  it('two intents with the same score in the same language are ambiguous', () => {
    expect(heard('да, перенести', { allowed: ['yes', 'appointment_reschedule'] })).toEqual({
      intent: null,
      reason: 'ambiguous',
    });
    expect(heard('заказ и заявка')).toEqual({ intent: null, reason: 'ambiguous' });
  });

  it('the intent with more words wins', () => {
    expect(intentOf('где мой заказ и заявка')).toBe('order_status');
  });

  describe('the same word with two meanings in two languages', () => {
    // In Kazakh "не?" is "what?": a vocabulary may hold it for repeat in kk, while in
    // Russian and Ukrainian it is no.
    const raw = JSON.parse(JSON.stringify(DEFAULT_INTENT_VOCABULARY)) as {
      intents: { repeat: { kk: string[] } };
    };
    raw.intents.repeat.kk.push('не');
    const vocabulary = parseIntentVocabulary(raw, 'test.json');
    const allowed: IntentName[] = ['no', 'repeat'];

    it('goes to the call language', () => {
      expect(heard('не?', { vocabulary, allowed, language: 'kk' })).toEqual({
        intent: 'repeat',
        score: 1,
      });
      expect(heard('не', { vocabulary, allowed, language: 'ru' })).toEqual({
        intent: 'no',
        score: 1,
      });
    });

    it('is ambiguous when the call is in neither language', () => {
      expect(heard('не', { vocabulary, allowed, language: 'en' })).toEqual({
        intent: null,
        reason: 'ambiguous',
      });
    });

    it('goes by score before language', () => {
      expect(heard('не, не надо', { vocabulary, allowed, language: 'kk' })).toMatchObject({
        intent: 'no',
      });
    });
  });
});

describe('vocabulary option', () => {
  it('uses the vocabulary given', () => {
    const raw = JSON.parse(JSON.stringify(DEFAULT_INTENT_VOCABULARY)) as {
      intents: { operator: { ru: string[] } };
    };
    raw.intents.operator.ru.push('живой голос');
    const vocabulary = parseIntentVocabulary(raw, 'test.json');
    expect(intentOf('дайте живой голос', { vocabulary })).toBe('operator');
    expect(intentOf('дайте живой голос')).toBeNull();
  });
});
