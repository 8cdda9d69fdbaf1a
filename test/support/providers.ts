import type { CallEngine } from '../../src/simulator/call-engine.js';
import type { TestApp } from './test-app.js';

/** A call driven the same way on either provider, for tables of whole-call tests. */
export type SimCall = CallEngine;

export interface ProviderCase {
  name: 'twilio' | 'vonage';
  /** Starts a call from `e164`, written the way this provider writes numbers. */
  call(t: TestApp, e164: string): SimCall;
}

export const PROVIDERS: ProviderCase[] = [
  { name: 'twilio', call: (t, e164) => t.twilio(e164) },
  // Vonage writes numbers as international digits without "+".
  { name: 'vonage', call: (t, e164) => t.vonage(e164.replace(/^\+/, '')) },
];
