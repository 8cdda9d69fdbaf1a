import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { loadIvrSettings } from '../../src/config/ivr-settings.js';
import { ConfigError } from '../../src/errors/config-error.js';

describe('configuration is read once and fails fast, naming the variable', () => {
  it('has working defaults for a fresh machine', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      crmTimeoutMs: 700,
      defaultRegion: 'KZ',
      defaultLanguage: 'ru',
      companyTimeZone: 'Asia/Almaty',
      verifyWebhooks: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ COMPANY_TIME_ZONE: 'UTC+5' }, 'COMPANY_TIME_ZONE'],
    [{ DEFAULT_REGION: 'XX' }, 'DEFAULT_REGION'],
    [{ DEFAULT_LANGUAGE: 'de' }, 'DEFAULT_LANGUAGE'],
    [{ OPERATOR_NUMBER: '8 707 123' }, 'OPERATOR_NUMBER'],
    [{ CRM_TIMEOUT_MS: '5' }, 'CRM_TIMEOUT_MS'],
    [{ WEBHOOK_VERIFICATION: 'off' }, 'WEBHOOK_VERIFICATION'],
  ])('%j → error names %s', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(variable);
  });

  it('refuses to switch verification off in production', () => {
    expect(() =>
      parseConfig({ NODE_ENV: 'production', WEBHOOK_VERIFICATION: 'off-for-development' }),
    ).toThrow(/WEBHOOK_VERIFICATION/);
  });

  it('runs tasks with pg-boss on PostgreSQL and with the in-process scheduler on SQLite, unless told', () => {
    const pg = 'postgres://ivr@db.internal:5432/ivr';
    expect(parseConfig({}).taskEngine).toBe('scheduler');
    expect(parseConfig({ DATABASE_URL: pg }).taskEngine).toBe('pg-boss');
    expect(parseConfig({ DATABASE_URL: pg, TASK_ENGINE: 'scheduler' }).taskEngine).toBe(
      'scheduler',
    );
    expect(parseConfig({ DATABASE_URL: pg }).taskQueueSchema).toBe('pgboss');
    expect(() => parseConfig({ TASK_ENGINE: 'pg-boss' })).toThrow(/TASK_ENGINE.*DATABASE_URL/);
    expect(() => parseConfig({ TASK_ENGINE: 'bullmq' })).toThrow(/TASK_ENGINE/);
    expect(() => parseConfig({ DATABASE_URL: pg, TASK_QUEUE_SCHEMA: 'Pg-Boss' })).toThrow(
      /TASK_QUEUE_SCHEMA/,
    );
  });

  it('strips a trailing slash from PUBLIC_URL so signed URLs match', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://abc.ngrok.app/' }).publicUrl).toBe(
      'https://abc.ngrok.app',
    );
  });

  it('rejects a settings file that gives one menu key two meanings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-settings-'));
    const file = join(dir, 'ivr.json');
    const raw = JSON.parse(
      readFileSync(new URL('../../src/config/default-ivr-settings.json', import.meta.url), 'utf8'),
    ) as { selfService: { trustCredit: { key: string } } };
    raw.selfService.trustCredit.key = '0';
    writeFileSync(file, JSON.stringify(raw));
    expect(() => loadIvrSettings(file)).toThrow(
      /selfService\.trustCredit\.key: key 0 is already used by menu\.operator\.key/,
    );
  });

  it('rejects an IVR settings file with a bad destination, naming its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-settings-'));
    const file = join(dir, 'ivr.json');
    const raw = JSON.parse(
      readFileSync(new URL('../../src/config/default-ivr-settings.json', import.meta.url), 'utf8'),
    ) as { menu: { options: Array<{ destination: string }> } };
    raw.menu.options[0]!.destination = '8 (707) 000';
    writeFileSync(file, JSON.stringify(raw));
    expect(() => loadIvrSettings(file)).toThrow(/menu\.options\.0\.destination/);
  });
});
