import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { runProvision } from '../../src/provision/run-provision.js';
import {
  startFakeTwilioApi,
  twilioNumber,
  type FakeTwilioApi,
} from '../support/fake-twilio-api.js';
import { startFakeVonageApi, type FakeVonageApi } from '../support/fake-vonage-api.js';
import {
  APP_ID,
  capture,
  existingApplication,
  provisionConfig,
  TWILIO_SID,
  TWILIO_TOKEN,
  VONAGE_KEY,
  VONAGE_SECRET,
} from './provision-fixtures.js';

const NUMBER = '+14155550100';

/** No stack frames (`    at fn (file:line)`) may reach the operator. */
const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m;

let twilioApi: FakeTwilioApi;
let vonageApi: FakeVonageApi;

beforeAll(async () => {
  twilioApi = await startFakeTwilioApi({
    accountSid: TWILIO_SID,
    authToken: TWILIO_TOKEN,
    numbers: [twilioNumber(TWILIO_SID, NUMBER)],
  });
  vonageApi = await startFakeVonageApi({
    apiKey: VONAGE_KEY,
    apiSecret: VONAGE_SECRET,
    applications: [existingApplication()],
  });
});
afterAll(async () => {
  await twilioApi.close();
  await vonageApi.close();
});

/** Runs the CLI logic as `npm run provision -- <argv>` would, against the fakes. */
async function cli(argv: string[], loadConfig: () => Config = () => provisionConfig()) {
  const out = capture();
  const err = capture();
  const code = await runProvision(argv, {
    loadConfig,
    out: out.out,
    err: err.out,
    twilioApiBaseUrl: twilioApi.url,
    vonageApiHost: vonageApi.url,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('npm run provision: arguments', () => {
  it.each([
    [[], 'Which provider? Give twilio or vonage.'],
    [['plivo', '--number', NUMBER], 'Unknown provider "plivo": use twilio or vonage.'],
    [['twilio'], 'twilio needs --number <phone number>.'],
    [['twilio', '--number'], "Option '--number <value>' argument missing"],
    [['vonage', '--dry-run'], 'vonage needs --application <application id>.'],
    [['vonage', '--number', NUMBER], '--number is for twilio; vonage takes --application.'],
    [['twilio', '--number', NUMBER, '--application', APP_ID], '--application is for vonage'],
    [['twilio', '--number', NUMBER, '--dryrun'], "Unknown option '--dryrun'"],
    [['twilio', 'vonage'], 'Unexpected argument: vonage'],
  ])('%j → exit 1: %s', async (argv, message) => {
    const loadConfig = vi.fn(() => provisionConfig());
    const run = await cli(argv, loadConfig);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage:\n  npm run provision -- twilio --number');
    expect(run.stdout).toBe('');
    // Usage errors do not depend on .env.
    expect(loadConfig).not.toHaveBeenCalled();
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run provision -- vonage --application <application id>');
  });
});

describe('npm run provision: runs', () => {
  it('twilio --dry-run prints the diff, exit 0, nothing written', async () => {
    twilioApi.requests.length = 0;
    const run = await cli(['twilio', '--number', '+1 415 555 0100', '--dry-run']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /\* VoiceUrl +\(not set\) +→ +https:\/\/ivr-test\.ngrok\.app\/twilio\/voice/,
    );
    expect(run.stdout).toContain('Nothing was changed.');
    expect(twilioApi.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('vonage applies and prints what changed, exit 0', async () => {
    vonageApi.requests.length = 0;
    const run = await cli(['vonage', '--application', APP_ID]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Done: 6 of 7 settings changed.');
    expect(vonageApi.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('twilio applies, exit 0', async () => {
    const run = await cli(['twilio', '--number', NUMBER]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Done: 3 of 6 settings changed.');
  });
});

describe('npm run provision: failures are one clear message and exit 1', () => {
  const failing: [string, string[], Record<string, string | undefined>, string][] = [
    [
      'missing Twilio credentials',
      ['twilio', '--number', NUMBER],
      { TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined },
      'Twilio credentials missing: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in .env.',
    ],
    [
      'missing Vonage secret',
      ['vonage', '--application', APP_ID],
      { VONAGE_API_SECRET: undefined },
      'Vonage credentials missing: set VONAGE_API_SECRET in .env.',
    ],
    [
      'wrong Twilio token',
      ['twilio', '--number', NUMBER, '--dry-run'],
      { TWILIO_AUTH_TOKEN: 'not-the-token-0000' },
      'Twilio rejected TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN (HTTP 401',
    ],
    [
      'wrong Vonage secret',
      ['vonage', '--application', APP_ID, '--dry-run'],
      { VONAGE_API_SECRET: 'not-the-secret-0000' },
      'Vonage rejected VONAGE_API_KEY/VONAGE_API_SECRET (HTTP 401',
    ],
    [
      'number not in the account',
      ['twilio', '--number', '+14155550177'],
      {},
      '+14155550177 is not a phone number of the Twilio account',
    ],
    [
      'unknown application',
      ['vonage', '--application', '00000000-0000-4000-8000-000000000000'],
      {},
      'Vonage application 00000000-0000-4000-8000-000000000000 not found (HTTP 404).',
    ],
    [
      'localhost PUBLIC_URL',
      ['vonage', '--application', APP_ID],
      { PUBLIC_URL: 'http://localhost:3000' },
      'Set PUBLIC_URL to the ngrok https:// URL first.',
    ],
  ];

  it.each(failing)('%s', async (_name, argv, env, message) => {
    const run = await cli(argv, () => provisionConfig(env));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    for (const secret of [TWILIO_TOKEN, VONAGE_SECRET, ...Object.values(env)]) {
      if (secret && !secret.startsWith('http'))
        expect(run.stderr + run.stdout).not.toContain(secret);
    }
  });

  it('a bad .env is reported with its hint', async () => {
    const run = await cli(['twilio', '--number', NUMBER], () => {
      throw new ConfigError('Invalid configuration:\n  TWILIO_ACCOUNT_SID: an Account SID', {
        hint: 'Fix the variables above in .env (see .env.example).',
      });
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Invalid configuration:\n  TWILIO_ACCOUNT_SID: an Account SID\nFix the variables above in .env (see .env.example).\n',
    );
  });
});

// Each run starts tsx: seconds, not milliseconds, on a loaded machine.
describe('src/cli/provision.ts as a process', { timeout: 30_000 }, () => {
  const exec = promisify(execFile);
  const root = resolve(import.meta.dirname, '../..');
  // Outside the repo, so a developer's .env cannot change the outcome.
  const cwd = mkdtempSync(join(tmpdir(), 'provision-cli-'));

  async function runCli(argv: string[], env: Record<string, string> = {}) {
    try {
      const r = await exec(
        join(root, 'node_modules/.bin/tsx'),
        [join(root, 'src/cli/provision.ts'), ...argv],
        {
          cwd,
          env: { PATH: process.env.PATH ?? '', ...env },
        },
      );
      return { code: 0, ...r };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('exits 1 with the message and no stack trace on a usage error', async () => {
    const r = await runCli(['plivo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Unknown provider "plivo"');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 1 refusing the default PUBLIC_URL', async () => {
    const r = await runCli(['twilio', '--number', NUMBER, '--dry-run'], {
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'PUBLIC_URL is http://localhost:3000, which Twilio cannot reach. Set PUBLIC_URL to the ngrok https:// URL first.',
    );
    expect(r.stderr).not.toContain(TWILIO_TOKEN);
  });
});
