import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  ROOT,
  runShell,
  startServerProcess,
  type StartedServer,
} from '../support/run-command.js';

/** Every `npm run call …` line of the README's shell blocks, word for word. */
function readmeCallCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.startsWith('npm run call'));
}

/**
 * A fresh clone: no .env secrets, an empty data folder, the default PUBLIC_URL. The README's
 * softphone commands must work against `npm start` as written, through npm.
 */
describe('the README softphone examples on a fresh clone', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'readme-calls-'));
  let port = 0;
  let server: StartedServer;
  // What a fresh clone has; set explicitly so a developer's own .env cannot change it.
  const env = () => ({
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATABASE_PATH: join(dataDir, 'crm.sqlite'),
    NODE_ENV: 'development',
    TWILIO_AUTH_TOKEN: '',
    VONAGE_SIGNATURE_SECRET: '',
    WEBHOOK_VERIFICATION: 'on',
    CRM_SEED_FILE: '',
    CRM_DEMO_DATA: 'on',
  });

  beforeAll(async () => {
    port = await freePort();
    server = await startServerProcess({ ...env(), LOG_LEVEL: 'warn' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('finds the examples in the README, and the script files they name', () => {
    const commands = readmeCallCommands();
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(commands.some((c) => c.includes('--script'))).toBe(true);
    expect(commands.some((c) => c.includes('--step'))).toBe(true);
    for (const c of commands) {
      for (const [, file] of c.matchAll(/--script (\S+)/g)) {
        expect(existsSync(join(ROOT, file!)), file).toBe(true);
      }
    }
  });

  it('the server warns loudly that it runs on development secrets', () => {
    expect(server.output()).toContain(
      'TWILIO_AUTH_TOKEN and VONAGE_SIGNATURE_SECRET are not set: local calls are verified with development secrets generated in',
    );
    expect(existsSync(join(dataDir, 'development-secrets.json'))).toBe(true);
  });

  it('each command passes as written (interactive ones hang up at the end of input)', async () => {
    for (const command of readmeCallCommands()) {
      const r = await runShell(command, { env: env(), timeoutMs: 90_000 });
      const report = `${command}\n${r.stdout}${r.stderr}`;
      expect(r.status, report).toBe(0);
      expect(r.stdout, report).toContain('🔊');
      expect(r.stdout, report).not.toMatch(/refused|HTTP 4\d\d|HTTP 5\d\d/);
    }
  });

  it('npm run doctor signs with the same development secrets and says where they are', async () => {
    const r = await runShell('npm run doctor', { env: env() });
    expect(r.stdout).toContain('✔ Twilio signature round-trip');
    expect(r.stdout).toContain('✔ Vonage signature round-trip');
    expect(r.stdout).toMatch(
      /⚠ TWILIO_AUTH_TOKEN — not set: local calls use the development secret in .*development-secrets\.json/,
    );
    expect(r.status, r.stdout).toBe(0);
  });

  it('a refused call says so and why, never that the IVR ended it, and exits 1', async () => {
    const r = await runShell('npm run call -- --step "expect Добрый"', {
      env: { ...env(), TWILIO_AUTH_TOKEN: 'not-the-server-token' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('the server refused the request (HTTP 403)');
    expect(r.stdout).toContain(
      "the server refused the call's signature (HTTP 403): it checks with another TWILIO_AUTH_TOKEN",
    );
    expect(r.stdout).not.toContain('the IVR ended the call');
  });

  it('without a server at the address, says so instead of "fetch failed", exit 2', async () => {
    const nobody = await freePort();
    const r = await runShell(`npm run call -- --url http://localhost:${nobody}`, { env: env() });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no server answers at http://localhost:${nobody}`);
    expect(r.stderr).toContain('Start it with npm start');
    expect(r.stderr).not.toContain('fetch failed');
  });
});
