import { describe, expect, it } from 'vitest';
import { nextPromptMode } from '../../src/speech/retry-policy.js';

describe('nextPromptMode', () => {
  it.each([
    [{ lowConfidence: 0, noMatch: 0 }, 'speech-and-dtmf'],
    [{ lowConfidence: 1, noMatch: 0 }, 'reprompt'],
    [{ lowConfidence: 0, noMatch: 1 }, 'reprompt'],
    [{ lowConfidence: 2, noMatch: 0 }, 'dtmf-only'],
    [{ lowConfidence: 0, noMatch: 2 }, 'dtmf-only'],
    [{ lowConfidence: 1, noMatch: 1 }, 'dtmf-only'],
    [{ lowConfidence: 5, noMatch: 3 }, 'dtmf-only'],
  ] as const)('after %o: %s', (previous, mode) => {
    expect(nextPromptMode(previous)).toBe(mode);
  });

  it('reads impossible negative counts as none', () => {
    expect(nextPromptMode({ lowConfidence: -1, noMatch: 0 })).toBe('speech-and-dtmf');
    expect(nextPromptMode({ lowConfidence: -3, noMatch: 1 })).toBe('reprompt');
  });

  it('re-prompts once, then keys only, whatever the failures were', () => {
    const modes = [];
    const previous = { lowConfidence: 0, noMatch: 0 };
    for (const failure of ['lowConfidence', 'noMatch', 'noMatch'] as const) {
      modes.push(nextPromptMode(previous));
      previous[failure] += 1;
    }
    modes.push(nextPromptMode(previous));
    expect(modes).toEqual(['speech-and-dtmf', 'reprompt', 'dtmf-only', 'dtmf-only']);
  });
});
