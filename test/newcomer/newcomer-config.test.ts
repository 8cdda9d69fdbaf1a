import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isPlaceholderUrl, parseConfig } from '../../src/config/config.js';
import {
  isLocalUrl,
  readDevelopmentSecrets,
  withDevelopmentSecrets,
} from '../../src/config/development-secrets.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { ROOT } from '../support/run-command.js';

const example = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));

describe('.env.example copied to .env', () => {
  it('starts in development, with the demo customers', () => {
    const config = parseConfig(example);
    expect(config.env).toBe('development');
    expect(config.crmDemoData).toBe(true);
    expect(isPlaceholderUrl(config.publicUrl)).toBe(true);
  });

  it('is refused with NODE_ENV=production until PUBLIC_URL is filled in', () => {
    expect(() => parseConfig({ ...example, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => parseConfig({ ...example, NODE_ENV: 'production' })).toThrow(
      'PUBLIC_URL: https://your-subdomain.ngrok.app is the placeholder from .env.example',
    );
    const real = parseConfig({
      ...example,
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://ivr.company.kz',
    });
    expect(real.crmDemoData).toBe(false);
    expect(
      parseConfig({
        ...example,
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://ivr.company.kz',
        CRM_DEMO_DATA: 'on',
      }).crmDemoData,
    ).toBe(true);
  });

  it('tells placeholders from real and local addresses', () => {
    for (const url of [
      'https://your-subdomain.ngrok.app',
      'https://your-domain.com',
      'https://example.com',
      'https://ivr.example.org',
      'https://ivr.invalid',
    ]) {
      expect(isPlaceholderUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://abc123.ngrok.app',
      'https://ivr.company.kz',
      'http://localhost:3000',
    ]) {
      expect(isPlaceholderUrl(url), url).toBe(false);
    }
    expect(isLocalUrl('http://localhost:3000')).toBe(true);
    expect(isLocalUrl('http://127.0.0.1:8080')).toBe(true);
    expect(isLocalUrl('http://[::1]:3000')).toBe(true);
    expect(isLocalUrl('https://abc123.ngrok.app')).toBe(false);
  });
});

describe('development secrets', () => {
  const base = (env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
    return parseConfig({ DATABASE_PATH: join(dir, 'crm.sqlite'), ...env });
  };

  it('are generated once by the server, per missing secret, and read by the softphone', () => {
    const config = base({ TWILIO_AUTH_TOKEN: 'set-in-dotenv-0000' });
    const first = withDevelopmentSecrets(config);
    expect(first.use).toMatchObject({ variables: ['VONAGE_SIGNATURE_SECRET'], generated: true });
    expect(first.config.twilioAuthToken).toBe('set-in-dotenv-0000');
    expect(first.config.vonageSignatureSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.use!.file).mode & 0o077).toBe(0);

    const again = withDevelopmentSecrets(config);
    expect(again.use?.generated).toBe(false);
    expect(again.config.vonageSignatureSecret).toBe(first.config.vonageSignatureSecret);
    expect(readDevelopmentSecrets(config).config.vonageSignatureSecret).toBe(
      first.config.vonageSignatureSecret,
    );
  });

  it('never apply in production, with a public PUBLIC_URL or with verification off', () => {
    const cases: Array<Record<string, string>> = [
      { NODE_ENV: 'production' },
      { PUBLIC_URL: 'https://abc123.ngrok.app' },
      { WEBHOOK_VERIFICATION: 'off-for-development' },
    ];
    for (const env of cases) {
      const config = base(env);
      expect(withDevelopmentSecrets(config)).toEqual({ config, use: null });
    }
  });
});
