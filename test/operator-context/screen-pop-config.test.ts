import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';

const SECRET = 'x'.repeat(16);

describe('screen-pop configuration', () => {
  it('is off by default, with a 1500 ms timeout', () => {
    const config = parseConfig({});
    expect(config.screenPopUrl).toBeNull();
    expect(config.screenPopSecret).toBeNull();
    expect(config.screenPopTimeoutMs).toBe(1500);
  });

  it('reads the URL, the secret and the timeout', () => {
    const config = parseConfig({
      SCREEN_POP_URL: 'https://crm.example.kz/ivr/screen-pop',
      SCREEN_POP_SECRET: SECRET,
      SCREEN_POP_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({
      screenPopUrl: 'https://crm.example.kz/ivr/screen-pop',
      screenPopSecret: SECRET,
      screenPopTimeoutMs: 5000,
    });
  });

  it.each([
    [
      { SCREEN_POP_URL: 'https://crm.example.kz/pop' },
      /SCREEN_POP_SECRET: required when SCREEN_POP_URL is set/,
    ],
    [
      { SCREEN_POP_URL: 'https://crm.example.kz/pop', SCREEN_POP_SECRET: 'short' },
      /SCREEN_POP_SECRET: at least 16 characters/,
    ],
    [{ SCREEN_POP_URL: 'ftp://crm.example.kz/pop', SCREEN_POP_SECRET: SECRET }, /SCREEN_POP_URL:/],
    [{ SCREEN_POP_URL: 'not a url', SCREEN_POP_SECRET: SECRET }, /SCREEN_POP_URL:/],
    [{ SCREEN_POP_TIMEOUT_MS: '5001' }, /SCREEN_POP_TIMEOUT_MS:/],
    [{ SCREEN_POP_TIMEOUT_MS: '50' }, /SCREEN_POP_TIMEOUT_MS:/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('a secret without a URL is kept but sends nothing', () => {
    expect(parseConfig({ SCREEN_POP_SECRET: SECRET }).screenPopUrl).toBeNull();
  });
});
