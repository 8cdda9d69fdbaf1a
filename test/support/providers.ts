import type { CallStep } from '../../src/simulator/heard.js';
import type { SimResponse } from '../../src/simulator/transport.js';
import type { TestApp } from './test-app.js';

/** A call driven the same way on either provider, for tables of whole-call tests. */
export interface SimCall {
  start(): Promise<CallStep>;
  press(digits: string): Promise<CallStep>;
  say(text: string, confidence?: number): Promise<CallStep>;
  silence(): Promise<CallStep>;
  dialOutcome(outcome: 'answered' | 'busy' | 'no-answer' | 'failed'): Promise<CallStep>;
  hangup(): Promise<SimResponse>;
  readonly id: string;
}

export interface ProviderCase {
  name: 'twilio' | 'vonage';
  /** Starts a call from `e164` (written the way this provider writes numbers). */
  call(t: TestApp, e164: string): SimCall;
}

export const PROVIDERS: ProviderCase[] = [
  {
    name: 'twilio',
    call: (t, e164) => {
      const c = t.twilio(e164);
      return {
        id: c.callSid,
        start: () => c.start(),
        press: (d) => c.press(d),
        say: (s, conf) => c.say(s, conf),
        silence: () => c.silence(),
        dialOutcome: (o) => c.dialOutcome(o === 'answered' ? 'completed' : o),
        hangup: () => c.hangup(),
      };
    },
  },
  {
    name: 'vonage',
    call: (t, e164) => {
      // Vonage writes numbers as international digits without "+".
      const c = t.vonage(e164.replace(/^\+/, ''));
      return {
        id: c.uuid,
        start: () => c.start(),
        press: (d) => c.press(d),
        say: (s, conf) => c.say(s, conf),
        silence: () => c.silence(),
        dialOutcome: (o) =>
          c.dialOutcome(o === 'answered' ? 'completed' : o === 'no-answer' ? 'unanswered' : o),
        hangup: () => c.hangup(),
      };
    },
  },
];
