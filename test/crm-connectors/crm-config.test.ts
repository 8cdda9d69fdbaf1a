import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';

const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent' };

describe('CRM_PROVIDER configuration', () => {
  it('defaults to the embedded CRM', () => {
    expect(parseConfig(base).crm.provider).toBe('embedded');
  });

  it('http names every missing variable', () => {
    expect(() => parseConfig({ ...base, CRM_PROVIDER: 'http' })).toThrow(
      /CRM_HTTP_URL: required[\s\S]*CRM_HTTP_TOKEN: required[\s\S]*CRM_HTTP_SECRET: required/,
    );
  });

  it('refuses a short HMAC secret and an unknown provider', () => {
    expect(() =>
      parseConfig({
        ...base,
        CRM_PROVIDER: 'http',
        CRM_HTTP_URL: 'https://crm.example.kz/ivr/',
        CRM_HTTP_TOKEN: 't',
        CRM_HTTP_SECRET: 'short',
      }),
    ).toThrow(/CRM_HTTP_SECRET: at least 16 characters/);
    expect(() => parseConfig({ ...base, CRM_PROVIDER: 'salesforce' })).toThrow(/CRM_PROVIDER/);
  });

  it('bitrix24 takes a webhook, or the whole OAuth set', () => {
    const hook = parseConfig({
      ...base,
      CRM_PROVIDER: 'bitrix24',
      BITRIX24_WEBHOOK_URL: 'https://portal.bitrix24.kz/rest/1/abc/',
    });
    expect(hook.crm.bitrix24?.auth).toEqual({
      kind: 'webhook',
      webhookUrl: 'https://portal.bitrix24.kz/rest/1/abc',
    });
    expect(() =>
      parseConfig({
        ...base,
        CRM_PROVIDER: 'bitrix24',
        BITRIX24_PORTAL_URL: 'https://p.bitrix24.kz',
      }),
    ).toThrow(/BITRIX24_CLIENT_ID: required/);
  });

  it('amocrm takes a long-lived token, or the whole OAuth set', () => {
    const token = parseConfig({
      ...base,
      CRM_PROVIDER: 'amocrm',
      AMOCRM_BASE_URL: 'https://company.amocrm.ru/',
      AMOCRM_ACCESS_TOKEN: 'long-lived',
      AMOCRM_USER_ID: '8800',
    });
    expect(token.crm.amocrm).toEqual({
      baseUrl: 'https://company.amocrm.ru',
      auth: { kind: 'token', accessToken: 'long-lived' },
      userId: 8800,
    });
    expect(() => parseConfig({ ...base, CRM_PROVIDER: 'amocrm' })).toThrow(
      /AMOCRM_BASE_URL: required[\s\S]*AMOCRM_ACCESS_TOKEN: required[\s\S]*AMOCRM_CLIENT_ID: required/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'map-'));
    const file = join(dir, 'map.json');
    writeFileSync(file, JSON.stringify({ amocrm: { extensions: { '8801': 'x34' } } }));
    expect(() => parseConfig({ ...base, CRM_FIELD_MAP_FILE: file })).toThrow(
      /amocrm\.extensions\.8801/,
    );
  });

  it('validates the field mapping file and names the bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'map-'));
    const file = join(dir, 'map.json');
    writeFileSync(
      file,
      JSON.stringify({ bitrix24: { language: { field: 'UF_LANG', values: { '1': 'de' } } } }),
    );
    expect(() => parseConfig({ ...base, CRM_FIELD_MAP_FILE: file })).toThrow(
      /bitrix24\.language\.values\.1/,
    );
    writeFileSync(file, JSON.stringify({ bitrix24: { openItems: { enabled: true } } }));
    const ok = parseConfig({ ...base, CRM_FIELD_MAP_FILE: file });
    expect(ok.crm.fieldMapping.bitrix24.openItems).toEqual({ enabled: true, stages: {}, limit: 5 });
    // Sections left out keep their defaults.
    expect(ok.crm.fieldMapping.bitrix24.segment.field).toBe('TYPE_ID');
  });
});
