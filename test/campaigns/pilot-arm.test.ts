import { describe, expect, it } from 'vitest';
import { pilotArmFor } from '../../src/campaigns/pilot-arm.js';

const numbers = Array.from({ length: 10_000 }, (_, i) => `+7701${String(1_000_000 + i * 7)}`);

describe('pilot arm', () => {
  it.each([10, 15, 20, 50])(
    'gives %i %% of 10,000 numbers the personalised flow, ±1.5 points',
    (percent) => {
      const personalised = numbers.filter(
        (n) => pilotArmFor(n, 'ivr-pilot', percent) === 'personalised',
      );
      expect(Math.abs((personalised.length / numbers.length) * 100 - percent)).toBeLessThanOrEqual(
        1.5,
      );
    },
  );

  it('is stable per number, grows with the share, and changes with the salt', () => {
    const first = numbers.map((n) => pilotArmFor(n, 'ivr-pilot', 20));
    expect(numbers.map((n) => pilotArmFor(n, 'ivr-pilot', 20))).toEqual(first);
    // Raising the share only moves control callers over, never the other way.
    numbers.forEach((n, i) => {
      if (first[i] === 'personalised') expect(pilotArmFor(n, 'ivr-pilot', 30)).toBe('personalised');
    });
    expect(numbers.every((n) => pilotArmFor(n, 'x', 0) === 'control')).toBe(true);
    expect(numbers.every((n) => pilotArmFor(n, 'x', 100) === 'personalised')).toBe(true);
    const salted = numbers.map((n) => pilotArmFor(n, 'another-salt', 20));
    expect(salted).not.toEqual(first);
  });
});
