import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/lib/normalize-phone.js';
import { buildTestApp } from '../support/test-app.js';

describe('phone numbers are one number however they are written', () => {
  it.each([
    '8 707 123 45 67',
    '87071234567',
    '+7 (707) 123-45-67',
    '+77071234567',
    '007 707 1234567',
  ])('normalises %s to +77071234567 (region KZ)', (raw) => {
    expect(normalizePhone(raw, 'KZ')).toBe('+77071234567');
  });

  it('rejects text that is not a phone number', () => {
    expect(normalizePhone('anonymous', 'KZ')).toBeNull();
    expect(normalizePhone('client:alice', 'KZ')).toBeNull();
  });

  // The CRM holds "8 707 123 45 67"; the caller arrives in whatever form the trunk sends.
  it.each(['+77071234567', '87071234567', '8 707 123 45 67', '+7 (707) 123-45-67'])(
    'twilio From=%s finds the customer',
    async (from) => {
      const t = await buildTestApp();
      const step = await t.twilio(from).start();
      expect(step.heard[0]?.text).toContain('Әсел');
    },
  );

  it.each(['77071234567', ' 77071234567', '+77071234567'])(
    'vonage from=%j finds the customer',
    async (from) => {
      const t = await buildTestApp();
      const step = await t.vonage(from, { answerMethod: 'POST' }).start();
      expect(step.heard[0]?.text).toContain('Әсел');
    },
  );
});
