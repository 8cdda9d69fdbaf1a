import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import type { CrmPort } from '../../src/crm/crm-port.js';
import { checkCrmLatency } from '../../src/doctor/check-crm-latency.js';
import { checkPublicUrl } from '../../src/doctor/check-public-url.js';
import { checkSessionStore } from '../../src/doctor/check-session-store.js';
import type { FetchLike, StopwatchClock } from '../../src/doctor/doctor-deps.js';
import { formatResult, formatSummary } from '../../src/doctor/format-result.js';
import { MemorySessionStore } from '../../src/session/memory-session-store.js';
import { systemClock } from '../../src/runtime/clock.js';
import { doctorConfig, startServer } from './doctor-server.js';

const config = (env: Record<string, string> = {}) =>
  parseConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://ivr-test.ngrok.app', ...env });

/** A clock that moves by `stepMs` each time it is read. */
const steppingClock = (stepMs: number): StopwatchClock => {
  let now = 0;
  return { nowMs: () => (now += stepMs) };
};

const answering =
  (status: number, body: string): FetchLike =>
  () =>
    Promise.resolve(new Response(body, { status }));

describe('PUBLIC_URL reachable, with a fake fetch', () => {
  const deps = (fetch: FetchLike, stepMs = 10) => ({
    fetch,
    clock: steppingClock(stepMs),
    httpTimeoutMs: 4000,
  });

  it('a timeout says how long it waited and asks about npm start and ngrok', async () => {
    const timeout: FetchLike = () =>
      Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const r = await checkPublicUrl(config(), deps(timeout));
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('no answer within 4 s');
    expect(r.fix).toContain('npm start');
    expect(r.fix).toContain('ngrok');
    expect(r.fix).toContain('PUBLIC_URL');
  });

  it('an offline ngrok endpoint is told apart from a missing server behind the tunnel', async () => {
    const offline = await checkPublicUrl(
      config(),
      deps(answering(404, 'The endpoint ivr-test.ngrok.app is offline. ERR_NGROK_3200')),
    );
    expect(offline).toMatchObject({ status: 'fail' });
    expect(offline.detail).toContain('ERR_NGROK_3200');
    expect(offline.fix).toMatch(/ngrok endpoint is offline/);

    const noServer = await checkPublicUrl(
      config(),
      deps(answering(502, 'failed to establish a connection to the upstream. ERR_NGROK_8012')),
    );
    expect(noServer.fix).toMatch(/tunnel is up but cannot reach the server/);
    expect(noServer.fix).toContain('npm start');
  });

  it('another server at PUBLIC_URL fails', async () => {
    const r = await checkPublicUrl(config(), deps(answering(200, '<html>hello</html>')));
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('not {"ok":true}');
  });

  it('a slow tunnel is a warning with the latency', async () => {
    const r = await checkPublicUrl(config(), deps(answering(200, '{"ok":true}'), 2500));
    expect(r).toMatchObject({ status: 'warn' });
    expect(r.detail).toContain('2500 ms');
  });
});

describe('CRM lookup latency against CRM_TIMEOUT_MS', () => {
  const crm = { findCustomerByPhone: () => Promise.resolve(null) } as unknown as CrmPort;
  const budget = config({ CRM_TIMEOUT_MS: '700' });

  it('well under half the budget is ok', async () => {
    expect(await checkCrmLatency(budget, crm, '+77071234567', steppingClock(5))).toMatchObject({
      status: 'ok',
    });
  });

  it('above half the budget warns', async () => {
    const r = await checkCrmLatency(budget, crm, '+77071234567', steppingClock(400));
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('p50 400.0 ms');
    expect(r.fix).toContain('CRM_TIMEOUT_MS');
  });

  it('over the budget fails', async () => {
    expect(await checkCrmLatency(budget, crm, null, steppingClock(800))).toMatchObject({
      status: 'fail',
    });
  });

  it('a lookup that throws fails', async () => {
    const broken = {
      findCustomerByPhone: () => Promise.reject(new Error('disk I/O error')),
    } as unknown as CrmPort;
    const r = await checkCrmLatency(budget, broken, null, steppingClock(1));
    expect(r).toMatchObject({ status: 'fail' });
    expect(r.detail).toContain('disk I/O error');
  });
});

describe('session store', () => {
  it('round-trips on the memory store and leaves nothing behind', async () => {
    const store = new MemorySessionStore(systemClock);
    expect(await checkSessionStore(store)).toMatchObject({ status: 'ok' });
    expect(store.size).toBe(0);
  });

  it('a store that cannot write fails', async () => {
    const store = new MemorySessionStore(systemClock);
    store.set = () => Promise.reject(new Error('READONLY You can’t write against a replica'));
    const r = await checkSessionStore(store);
    expect(r).toMatchObject({ status: 'fail' });
    expect(r.detail).toContain('READONLY');
  });
});

describe('output', () => {
  it('prints one line per check, the fix after the detail', () => {
    expect(formatResult({ status: 'ok', label: 'a', detail: 'fine' })).toBe('✔ a — fine');
    expect(formatResult({ status: 'warn', label: 'b', detail: 'hm', fix: 'do x' })).toBe(
      '⚠ b — hm — fix: do x',
    );
    expect(formatResult({ status: 'fail', label: 'c', detail: 'bad', fix: 'do y' })).toBe(
      '✖ c — bad — fix: do y',
    );
    expect(
      formatSummary({
        ok: false,
        results: [
          { status: 'ok', label: 'a' },
          { status: 'warn', label: 'b', detail: '' },
          { status: 'fail', label: 'c', detail: '', fix: '' },
        ],
      }),
    ).toBe('1 ok, 1 warning, 1 failure: fix the ✖ lines above');
  });
});

describe('the npm run doctor command', { timeout: 60_000 }, () => {
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const cli = join(process.cwd(), 'src', 'cli', 'doctor.ts');
  // A folder without .env, so a developer's own .env cannot leak into the run.
  const cwd = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
  // Asynchronous: the server under test runs in this process and must keep answering.
  const run = (env: Record<string, string>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [tsx, cli], {
        cwd,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
        timeout: 30_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('exits 0 when nothing fails and 1 when something does', async () => {
    const server = await startServer();
    try {
      const config = doctorConfig(server);
      const env = {
        PUBLIC_URL: config.publicUrl,
        TWILIO_AUTH_TOKEN: config.twilioAuthToken ?? '',
        VONAGE_SIGNATURE_SECRET: config.vonageSignatureSecret ?? '',
        DATABASE_PATH: config.databasePath,
      };
      const good = await run(env);
      expect(good.stderr).toBe('');
      expect(good.stdout).toContain('✔ Twilio signature round-trip');
      // As many choices as the caller hears read out (docs/doctor.md shows this line).
      expect(good.stdout).toContain(
        '✔ IVR settings — shipped defaults: the main menu reads 6 choices (1 sales, 2 support, 3 billing, # balance by SMS, 9 trust credit, 0 operator)',
      );
      expect(good.stdout).toContain('0 failures');
      expect(good.status).toBe(0);

      const bad = await run({ ...env, TWILIO_AUTH_TOKEN: 'wrong' });
      expect(bad.stdout).toMatch(/^✖ Twilio signature round-trip .* — fix: .*TWILIO_AUTH_TOKEN/m);
      expect(bad.status).toBe(1);
    } finally {
      await server.close();
    }
  });
});
