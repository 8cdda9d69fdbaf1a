import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The repository's root, where npm scripts run. */
export const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** The whole environment besides PATH (and HOME, for npm): nothing leaks in from ours. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (closed at once by default). */
  input?: string;
  timeoutMs?: number;
}

/** Runs a program to its end, collecting its output. */
export function runProgram(
  file: string,
  args: string[],
  o: RunOptions = {},
): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, {
      cwd: o.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...o.env },
      timeout: o.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

/** Runs one of src/cli/*.ts (or src/main.ts) with node + tsx, as its npm script does. */
export function runTsx(script: string, args: string[], o: RunOptions = {}) {
  return runProgram(process.execPath, [TSX, join(ROOT, script), ...args], o);
}

/** A command line as a shell runs it (README examples, word for word). */
export function runShell(line: string, o: RunOptions = {}) {
  return runProgram('/bin/sh', ['-c', line], o);
}

/** A TCP port free right now on this machine (for a server that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** A running `src/main.ts`, stopped by `stop()`. */
export interface StartedServer {
  port: number;
  output: () => string;
  stop: () => Promise<CommandResult>;
}

/**
 * Starts the server (`npm start`'s entry point) and resolves once it prints that it
 * listens; rejects with its output if it exits first.
 */
export function startServerProcess(env: Record<string, string>, cwd = ROOT) {
  return new Promise<StartedServer>((done, fail) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'src/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let listening = false;
    const exited = new Promise<CommandResult>((r) =>
      child.on('close', (status) => r({ status, stdout, stderr })),
    );
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const m = /IVR listening on port (\d+)/.exec(stdout);
      if (m && !listening) {
        listening = true;
        done({
          port: Number(m[1]),
          output: () => stdout + stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((r) => {
      if (!listening) fail(new Error(`the server exited ${r.status}:\n${r.stdout}${r.stderr}`));
    });
  });
}
