import type { DatabaseTarget } from '../../src/config/config.js';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import type { AppDatabase } from '../../src/store/database-schema.js';
import type { CheckResult } from '../../src/doctor/check-result.js';
import { defaultDoctorDeps, type DoctorDeps } from '../../src/doctor/doctor-deps.js';
import { freePort } from '../support/child-app.js';
import { freshTarget, HAS_POSTGRES } from '../support/test-databases.js';
import { noteRedisSkip, TEST_REDIS_URL, testPrefix } from '../support/redis.js';
import { formatResult } from '../../src/doctor/format-result.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { deadUrl, doctorConfig, startServer, type RunningServer } from './doctor-server.js';

noteRedisSkip('the doctor on Redis');

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function doctor(env: Record<string, string> = {}, deps: Partial<DoctorDeps> = {}) {
  const report = await runDoctor({
    loadConfig: () => doctorConfig(server, env),
    deps: defaultDoctorDeps({ httpTimeoutMs: 3000, ...deps }),
  });
  const find = (label: string): CheckResult => {
    const found = report.results.find((r) => r.label === label);
    if (!found)
      throw new Error(`no "${label}" in ${report.results.map((r) => r.label).join(', ')}`);
    return found;
  };
  return { ...report, find };
}

describe('npm run doctor against the running app', () => {
  it('with the server’s own secrets, every check passes', async () => {
    const report = await doctor();
    expect(report.results.map(formatResult).filter((l) => !l.startsWith('✔'))).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.label)).toEqual([
      'configuration',
      'IVR settings',
      'TWILIO_AUTH_TOKEN',
      'VONAGE_SIGNATURE_SECRET',
      'webhook verification',
      'PUBLIC_URL reachable',
      'Twilio signature round-trip',
      'Vonage signature round-trip',
      'CRM database',
      'CRM lookup latency',
      'CRM database writable',
      'session store (memory)',
    ]);
    expect(report.find('PUBLIC_URL reachable').detail).toMatch(/200 in \d+ ms/);
    expect(report.find('CRM lookup latency').detail).toMatch(/p50 [\d.]+ ms, max [\d.]+ ms/);
  });

  it.skipIf(!TEST_REDIS_URL)(
    'with REDIS_URL the session store checked is Redis, with a round trip there',
    async () => {
      const report = await doctor({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: testPrefix() });
      expect(report.find('session store (redis)')).toMatchObject({ status: 'ok' });
    },
  );

  it.skipIf(!HAS_POSTGRES)(
    'with DATABASE_URL the database checks run on PostgreSQL (migrated, written, rolled back)',
    async () => {
      const target = await freshTarget('postgres');
      if (target.kind !== 'postgres' || !target.schema) throw new Error('expected PostgreSQL');
      const report = await doctor({ DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema });
      const database = report.find('CRM database');
      expect(database.detail).toContain('postgres://');
      expect(database.detail).toContain('schema up to date');
      expect(report.find('CRM database writable')).toMatchObject({ status: 'ok' });
    },
  );

  it('a REDIS_URL nobody answers fails the session store check and says what to fix', async () => {
    const port = await freePort();
    const report = await doctor({ REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}/0` });
    const redis = report.find('session store (redis)');
    expect(redis.status).toBe('fail');
    expect(redis.detail).toContain(`127.0.0.1:${port}`);
    expect(redis.detail).not.toContain('hunter2-secret');
    expect(redis.fix).toContain('REDIS_URL');
    expect(report.ok).toBe(false);
  });

  it('a wrong TWILIO_AUTH_TOKEN fails the Twilio round-trip and says which secret to fix', async () => {
    const report = await doctor({ TWILIO_AUTH_TOKEN: 'not-the-server-token' });
    const twilio = report.find('Twilio signature round-trip');
    expect(twilio.status).toBe('fail');
    expect(twilio.detail).toContain('403');
    expect(twilio.fix).toContain('TWILIO_AUTH_TOKEN');
    expect(twilio.fix).toContain('PUBLIC_URL');
    expect(report.find('Vonage signature round-trip').status).toBe('ok');
    expect(report.ok).toBe(false);
  });

  it('a wrong VONAGE_SIGNATURE_SECRET fails the Vonage round-trip and says which secret to fix', async () => {
    const report = await doctor({ VONAGE_SIGNATURE_SECRET: 'not-the-server-secret' });
    const vonage = report.find('Vonage signature round-trip');
    expect(vonage.status).toBe('fail');
    expect(vonage.detail).toContain('403');
    expect(vonage.fix).toContain('VONAGE_SIGNATURE_SECRET');
    expect(report.find('Twilio signature round-trip').status).toBe('ok');
    expect(report.ok).toBe(false);
  });

  it('a server checking against another PUBLIC_URL fails the Twilio round-trip only', async () => {
    // Started before .env got the new ngrok URL: Twilio signs the URL, Vonage does not.
    const stale = await startServer({ PUBLIC_URL: 'https://old-tunnel.ngrok.app' });
    try {
      const report = await runDoctor({
        loadConfig: () => doctorConfig(stale),
        deps: defaultDoctorDeps({ httpTimeoutMs: 3000 }),
      });
      const status = (label: string) => report.results.find((r) => r.label === label)?.status;
      expect(status('PUBLIC_URL reachable')).toBe('ok');
      expect(status('Twilio signature round-trip')).toBe('fail');
      expect(status('Vonage signature round-trip')).toBe('ok');
    } finally {
      await stale.close();
    }
  });

  it('missing secrets are warnings, not failures', async () => {
    const report = await doctor({ TWILIO_AUTH_TOKEN: '', VONAGE_SIGNATURE_SECRET: '' });
    for (const label of ['TWILIO_AUTH_TOKEN', 'VONAGE_SIGNATURE_SECRET']) {
      expect(report.find(label)).toMatchObject({ status: 'warn' });
      expect(report.find(label).detail).toContain('rejected');
      expect(report.find(label).fix).toContain(label);
    }
    expect(report.find('Twilio signature round-trip')).toMatchObject({ status: 'warn' });
    expect(report.find('Vonage signature round-trip')).toMatchObject({ status: 'warn' });
    expect(report.ok).toBe(true);
  });

  it('verification switched off is a warning', async () => {
    const report = await doctor({ WEBHOOK_VERIFICATION: 'off-for-development' });
    expect(report.find('webhook verification').status).toBe('warn');
    expect(report.ok).toBe(true);
  });

  it('no server at PUBLIC_URL: reachability fails and explains what to start', async () => {
    const report = await doctor({ PUBLIC_URL: await deadUrl() });
    const reach = report.find('PUBLIC_URL reachable');
    expect(reach.status).toBe('fail');
    expect(reach.detail).toContain('ECONNREFUSED');
    expect(reach.fix).toContain('npm start');
    expect(report.find('Twilio signature round-trip').detail).toMatch(/not checked/);
    expect(report.find('Vonage signature round-trip').detail).toMatch(/not checked/);
    expect(report.ok).toBe(false);
  });

  it('a server without the secret says so in the fix', async () => {
    const bare = await startServer({ TWILIO_AUTH_TOKEN: '' });
    try {
      const report = await runDoctor({
        loadConfig: () => doctorConfig(bare),
        deps: defaultDoctorDeps({ httpTimeoutMs: 3000 }),
      });
      const twilio = report.results.find((r) => r.label === 'Twilio signature round-trip');
      expect(twilio?.status).toBe('fail');
      expect(twilio?.fix).toMatch(/running server has no TWILIO_AUTH_TOKEN/);
    } finally {
      await bare.close();
    }
  });
});

describe('the CRM file', () => {
  it('an absent DATABASE_PATH fails, and the doctor does not create it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'missing', 'crm.sqlite');
    const report = await doctor({ DATABASE_PATH: path });
    const crm = report.find('CRM database');
    expect(crm.status).toBe('fail');
    expect(crm.detail).toContain('does not exist');
    expect(crm.fix).toContain('DATABASE_PATH');
    expect(existsSync(path)).toBe(false);
    expect(report.find('CRM lookup latency').detail).toMatch(/not checked/);
    expect(report.find('CRM database writable').detail).toMatch(/not checked/);
    expect(report.ok).toBe(false);
  });

  it('a folder as DATABASE_PATH fails', async () => {
    const report = await doctor({ DATABASE_PATH: mkdtempSync(join(tmpdir(), 'doctor-')) });
    expect(report.find('CRM database')).toMatchObject({ status: 'fail' });
  });

  it('a file the server cannot write fails with a permissions fix', async () => {
    // Opened read-only: what SQLite falls back to when the file or its folder is not writable
    // (chmod cannot show it when the tests run as root).
    const readOnly = (target: DatabaseTarget) =>
      new Kysely<AppDatabase>({
        dialect: new SqliteDialect({
          database: new Database(target.kind === 'sqlite' ? target.path : '', { readonly: true }),
        }),
      });
    const report = await doctor({}, { openDatabase: readOnly });
    // Migrating an up-to-date file writes nothing, so the open succeeds and the write fails.
    const failed = report.results.filter((r) => r.status === 'fail');
    expect(failed.map((r) => r.label)).toEqual(['CRM database writable']);
    expect(failed[0]?.detail).toMatch(/readonly/i);
    expect(failed[0]?.fix).toContain('writable');
  });

  it('a file that is not a SQLite database fails', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'crm.sqlite');
    writeFileSync(path, 'customers,phones\n');
    const report = await doctor({ DATABASE_PATH: path });
    expect(report.find('CRM database')).toMatchObject({ status: 'fail' });
    expect(report.find('CRM database').detail).toContain('not a database');
  });

  it('an empty CRM is a warning', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'crm.sqlite');
    new Database(path).close();
    const report = await doctor({ DATABASE_PATH: path });
    expect(report.find('CRM database')).toMatchObject({ status: 'warn' });
    expect(report.find('CRM lookup latency').detail).toContain('an unknown number');
    expect(report.find('CRM database writable').status).toBe('ok');
  });
});

describe('configuration', () => {
  it('a ConfigError is printed with its message and stops the doctor', async () => {
    const report = await runDoctor({
      loadConfig: () => parseConfig({ PORT: 'not-a-port', CRM_TIMEOUT_MS: '5' }),
      deps: defaultDoctorDeps(),
    });
    expect(report.ok).toBe(false);
    expect(report.results).toHaveLength(1);
    const [config] = report.results;
    expect(config?.status).toBe('fail');
    expect(config?.detail).toContain('PORT');
    expect(config?.detail).toContain('CRM_TIMEOUT_MS');
    expect(formatResult(config!)).toMatch(/^✖ configuration — Invalid configuration:\n {4}PORT/);
  });

  it('a broken IVR settings file fails', async () => {
    const report = await doctor({ IVR_SETTINGS_FILE: '/nonexistent/ivr-settings.json' });
    expect(report.find('IVR settings')).toMatchObject({ status: 'fail' });
  });
});
