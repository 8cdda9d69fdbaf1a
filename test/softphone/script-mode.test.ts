import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/softphone/caller.js';
import { parseScript } from '../../src/softphone/script.js';
import { runSoftphone, type SoftphoneOptions } from '../../src/softphone/softphone.js';
import { DEFAULT_TIMING } from '../../src/softphone/speech-time.js';
import {
  buildTestApp,
  PUBLIC_URL,
  TWILIO_TOKEN,
  VONAGE_SECRET,
  type TestApp,
} from '../support/test-app.js';

const options = (t: TestApp, provider: 'twilio' | 'vonage', extra: Partial<SoftphoneOptions>) => {
  const lines: string[] = [];
  const o: SoftphoneOptions = {
    provider,
    from: '+7 707 123 45 67',
    to: '+77172123456',
    transport: t.transport,
    publicUrl: PUBLIC_URL,
    twilioAuthToken: TWILIO_TOKEN,
    vonageSignatureSecret: VONAGE_SECRET,
    vonageAnswerMethod: 'POST',
    timing: DEFAULT_TIMING,
    write: (line) => lines.push(line),
    ...extra,
  };
  return { o, lines };
};

const SALES_BUSY_THEN_OPERATOR = `
// Әсел calls at 12:00 Almaty time, picks sales, sales is busy, the operator answers.
expect Қайырлы күн, Әсел!
expect Сату бөлімі — 1
press 1
expect-dial +77172000001
far-end busy
expect Басқа маманға қосып жатырмын
expect-dial +77172000000
far-end answered
expect-end
`;

describe.each(['twilio', 'vonage'] as const)('%s: softphone script mode', (provider) => {
  it('completes a whole call and passes its expectations', async () => {
    const t = await buildTestApp();
    const { o, lines } = options(t, provider, { script: parseScript(SALES_BUSY_THEN_OPERATOR) });
    expect(await runSoftphone(o)).toBe(0);
    expect(lines).toContain('✔ script passed');
    expect(lines.join('\n')).toMatch(/caller time ≈ \d+ s|caller time ≈ \d+ min/);
  });

  it('exits 1 naming the line when an expectation fails', async () => {
    const t = await buildTestApp();
    const script = parseScript(
      'expect Добрый вечер\npress 2\nexpect-dial +77172000001\nfar-end answered',
    );
    const { o, lines } = options(t, provider, { script });
    expect(await runSoftphone(o)).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('line 1: expected to hear "Добрый вечер"');
    expect(text).toContain('line 3: expected a transfer to +77172000001, got +77172000002');
  });

  it('a script line that does not fit the call is a failure, and the call still ends', async () => {
    const t = await buildTestApp();
    const { o, lines } = options(t, provider, { script: parseScript('far-end busy') });
    expect(await runSoftphone(o)).toBe(1);
    expect(lines.join('\n')).toContain('line 1: "far-end busy", but the call waits for an answer');
  });

  it('interactive: keys and phrases typed at the keyboard, far end chosen by flag', async () => {
    const t = await buildTestApp();
    const typed = ['7', 'say: маған оператор керек'];
    const asked: string[] = [];
    const prompt = {
      question: (q: string) => {
        asked.push(q);
        return Promise.resolve(typed.shift() ?? 'hangup');
      },
    };
    const { o, lines } = options(t, provider, { prompt, farEnds: ['answered'] });
    const code = await runSoftphone(o);
    expect(asked).toHaveLength(2);
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Кешіріңіз, мұндай таңдау жоқ.');
    expect(text).toContain('☎ dialling +77172000000');
    expect(text).toContain('☎ far end: answered');
    expect(text).toMatch(/call over \(the IVR ended the call\); caller time ≈ /);
  });
});

describe('script and answer syntax', () => {
  it('reads every step kind', () => {
    const steps = parseScript(
      'expect Hi\npress 123#\nsay где мой заказ\nsay(0.3) продажи\nsilence\nexpect-dial sip:a@b\nfar-end no-answer\nexpect-end\nhangup',
    );
    expect(steps.map((s) => s.kind)).toEqual([
      'expect',
      'press',
      'say',
      'say',
      'silence',
      'expect-dial',
      'far-end',
      'expect-end',
      'hangup',
    ]);
    expect(steps[3]).toMatchObject({ words: 'продажи', confidence: 0.3 });
  });

  it('names the line it cannot read', () => {
    expect(() => parseScript('press 1\npress one')).toThrow(
      'script line 2: cannot read "press one"',
    );
    expect(() => parseScript('far-end maybe')).toThrow('script line 1: "maybe": answer, busy');
  });

  it('reads typed answers', () => {
    expect(parseAnswer('123#')).toEqual({ kind: 'dtmf', digits: '123#' });
    expect(parseAnswer('say: где мой заказ')).toMatchObject({
      kind: 'speech',
      text: 'где мой заказ',
    });
    expect(parseAnswer('')).toEqual({ kind: 'silence' });
    expect(() => parseAnswer('hello')).toThrow('say:');
  });
});
