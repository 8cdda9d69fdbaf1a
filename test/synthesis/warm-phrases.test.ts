import { describe, expect, it } from 'vitest';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { warmPhrases } from '../../src/synthesis/warm-phrases.js';

describe('the phrases a warm-up hands on', () => {
  it('holds each phrase once however many people share a name', () => {
    const settings = loadIvrSettings(null);
    const same = { firstName: 'Әсел', lastName: 'Нұрланқызы', patronymic: null };
    const customers = Array.from({ length: 5000 }, () => same);
    const one = warmPhrases(settings, ['kk'], { customers: [same], employees: [] }, true);
    const many = warmPhrases(settings, ['kk'], { customers, employees: [] }, true);
    expect(one.length).toBeGreaterThan(0);
    expect(many).toEqual(one);
    const keys = many.map((p) => `${p.language}|${p.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(many.some((p) => p.text.includes('Әсел'))).toBe(true);
  });
});
