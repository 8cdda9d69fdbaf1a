import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLIC_URL, TWILIO_TOKEN, VONAGE_SECRET, OPERATOR, FALLBACK } from './test-app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A port nobody listens on now: bound on 127.0.0.1 port 0, read, released. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A real server process, as `npm start` runs it, on a port of its own. */
export interface ChildApp {
  port: number;
  base: string;
  process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  kill: (signal: NodeJS.Signals) => void;
}

/** A fresh folder for a SQLite file several child apps may share. */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'ivr-child-')), 'crm.sqlite');
}

/**
 * The shipped IVR settings with every language left to the providers' voices: the child
 * apps' tests read the prompts' texts, which a synthesiser (Kazakh through espeak-ng where
 * it is installed) would turn into audio.
 */
function providerVoicesSettingsFile(): string {
  const settings = JSON.parse(
    readFileSync(join(ROOT, 'src/config/default-ivr-settings.json'), 'utf8'),
  ) as { speech?: { languages?: Record<string, unknown> } };
  settings.speech = { ...settings.speech, languages: {} };
  const file = join(mkdtempSync(join(tmpdir(), 'ivr-settings-')), 'ivr-settings.json');
  writeFileSync(file, JSON.stringify(settings));
  return file;
}

/**
 * Starts src/main.ts in a child process (node --import tsx) with the test secrets, the test
 * CRM seed and `env`, and waits until GET /health answers.
 */
export async function startChildApp(env: Record<string, string> = {}): Promise<ChildApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      PUBLIC_URL,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      VONAGE_SIGNATURE_SECRET: VONAGE_SECRET,
      OPERATOR_NUMBER: OPERATOR,
      FALLBACK_NUMBER: FALLBACK,
      DATABASE_PATH: tempDatabasePath(),
      CRM_SEED_FILE: join(ROOT, 'test/fixtures/crm/customers.json'),
      IVR_SETTINGS_FILE: providerVoicesSettingsFile(),
      SPEECH_WARM_AT_START: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the app exited at start:\n${text}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not answer /health within 60 s:\n${text}`);
    }
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    base,
    process: child,
    output: () => text,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
