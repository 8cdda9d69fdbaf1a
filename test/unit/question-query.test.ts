import { describe, expect, it } from 'vitest';
import { questionFromQuery, withQuestion } from '../../src/providers/question-query.js';

describe('the question in an action URL', () => {
  it('is appended in alphabetical order and read back', () => {
    const url = withQuestion('https://x.ngrok.app/vonage/continue?call=abc', {
      step: 'contract-confirm',
      language: 'kk',
      task: 'balance',
      contract: '55501234',
    });
    expect(url).toBe(
      'https://x.ngrok.app/vonage/continue?call=abc&contract=55501234&lang=kk&step=contract-confirm&task=balance',
    );
    const query = Object.fromEntries(new URL(url).searchParams);
    expect(questionFromQuery(query)).toEqual({
      step: 'contract-confirm',
      language: 'kk',
      task: 'balance',
      contract: '55501234',
    });
  });

  it('a URL without one, or with one this version does not know, names none', () => {
    expect(withQuestion('https://x/twilio/gather', undefined)).toBe('https://x/twilio/gather');
    expect(questionFromQuery({})).toBeNull();
    expect(questionFromQuery({ step: 'transfer', lang: 'ru' })).toBeNull();
    expect(questionFromQuery({ step: 'menu', lang: 'de' })).toBeNull();
    expect(questionFromQuery({ step: 'menu', lang: 'ru', contract: '12a' })).toBeNull();
  });
});
