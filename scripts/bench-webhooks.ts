/**
 * `npm run bench:webhooks`: the webhooks' speed side by side with a bare Express 5 app, in
 * one run, on this machine (docs/performance.md). Not a test: it prints figures.
 *
 * 1. Builds the server (npm run build) and, unless it exists, a CRM of BENCH_CUSTOMERS
 *    generated customers (default 1,000,000) through `crm:import` of a streamed file,
 *    printing the import's time and peak memory.
 * 2. Starts the COMPILED server (node dist/main.js, LOG_LEVEL=info, DEBUG_EVENT_LOOP=on) on a
 *    copy of that database and the bare app (scripts/bench/bare-express.ts), each its own
 *    process, and checks one whole call per provider.
 * 3. Closed loops with autocannon (BENCH_CONNECTIONS, 50), IVR and bare interleaved
 *    (A B A B, BENCH_ROUNDS ≥ 3, BENCH_SECONDS each): a signed Twilio incoming call of a
 *    known customer, each its own CallSid; a signed Vonage answer; whole calls
 *    (voice → gather → dial action → status) against the same number of bare requests.
 * 4. An open loop: BENCH_RATE webhooks/s (500) for BENCH_RATE_SECONDS (20), whole calls of
 *    both providers mixed, latency from the scheduled send time.
 * Prints req/s, p50/p99/max, ratios, the server's event-loop delay and the load average.
 * BENCH_CPU_PROF=1 runs the server with --cpu-prof (profile in data/bench/prof/).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { request } from 'undici';
import { customerPhone, writeBenchCrmFile } from './bench/crm-data.js';
import { openLoop } from './bench/open-loop.js';
import {
  BENCH_PUBLIC_URL,
  BENCH_TWILIO_TOKEN,
  BENCH_VONAGE_SECRET,
  newCallSid,
  newVonageUuid,
  twilioIncoming,
  twilioWholeCall,
  vonageAnswer,
  vonageWholeCall,
  type BenchRequest,
  type WholeCallPaths,
} from './bench/provider-requests.js';
import { smokeTwilio, smokeVonage } from './bench/smoke-call.js';
import { seededRandom } from '../src/lib/seeded-random.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CUSTOMERS = env('BENCH_CUSTOMERS', 1_000_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const ROUNDS = Math.max(1, env('BENCH_ROUNDS', 3));
const SECONDS = env('BENCH_SECONDS', 10);
const RATE = env('BENCH_RATE', 500);
const RATE_SECONDS = env('BENCH_RATE_SECONDS', 20);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const FORMAT = process.env.BENCH_CRM_FORMAT === 'json' ? 'json' : 'jsonl';
const DIR = join('data', 'bench');

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs `command`, sampling its peak resident memory (VmHWM) until it exits. */
async function runMeasured(
  command: string,
  args: string[],
  extraEnv: Record<string, string>,
): Promise<{ seconds: number; peakMb: number; output: string }> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...extraEnv } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let peakKb = 0;
  const sample = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has just exited.
    }
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sample);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output}`);
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, output };
}

/** The benchmark CRM, imported once per size and reused. */
async function benchDatabase(): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const db = join(DIR, `crm-${CUSTOMERS}.sqlite`);
  if (existsSync(db)) {
    say(`CRM: reusing ${db}`);
    return db;
  }
  const file = join(DIR, `crm-${CUSTOMERS}.${FORMAT}`);
  if (!existsSync(file)) {
    say(`CRM: writing ${CUSTOMERS} customers to ${file}`);
    await writeBenchCrmFile(file, CUSTOMERS, FORMAT);
  }
  const building = `${db}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  say(`CRM: node dist/cli/crm-import.js ${file} (load ${load()})`);
  const run = await runMeasured('node', ['dist/cli/crm-import.js', file], {
    DATABASE_PATH: building,
    LOG_LEVEL: 'warn',
  });
  say(
    `CRM import: ${CUSTOMERS} customers in ${run.seconds.toFixed(1)} s, peak memory ${run.peakMb.toFixed(0)} MB (load ${load()})`,
  );
  renameSync(building, db);
  for (const ext of ['-wal', '-shm']) rmSync(`${building}${ext}`, { force: true });
  return db;
}

interface Server {
  origin: string;
  child: ChildProcess;
}

async function waitHealthy(origin: string, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log()}`);
    try {
      const res = await request(`${origin}/health`);
      await res.body.text();
      if (res.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server did not start:\n${log()}`);
}

async function startIvr(database: string): Promise<Server> {
  const port = await freePort();
  const runDb = join(DIR, 'run.sqlite');
  for (const ext of ['', '-wal', '-shm']) rmSync(`${runDb}${ext}`, { force: true });
  copyFileSync(database, runDb);
  const args = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(DIR, 'prof')] : [];
  const child = spawn('node', [...args, 'dist/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: BENCH_PUBLIC_URL,
      TWILIO_AUTH_TOKEN: BENCH_TWILIO_TOKEN,
      VONAGE_SIGNATURE_SECRET: BENCH_VONAGE_SECRET,
      DATABASE_PATH: runDb,
      LOG_LEVEL: 'info',
      DEBUG_EVENT_LOOP: 'on',
      // The start-up warm-up synthesises every CRM name (hours for a million, espeak-ng
      // processes competing for the same cores): a production server is warmed beforehand
      // with npm run speech:warm, and the benchmark measures webhooks, not the warm-up.
      SPEECH_WARM_AT_START: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // The server's log is read and dropped, as a log shipper would; the tail is kept for errors.
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const origin = `http://127.0.0.1:${port}`;
  await waitHealthy(origin, child, () => log);
  return { origin, child };
}

async function startBare(): Promise<Server> {
  const port = await freePort();
  const child = spawn('node', ['--import', 'tsx', 'scripts/bench/bare-express.ts'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const origin = `http://127.0.0.1:${port}`;
  await waitHealthy(origin, child, () => log);
  return { origin, child };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
}

interface EventLoop {
  p99Ms: number;
  maxMs: number;
}

async function resetEventLoop(origin: string) {
  const res = await request(`${origin}/debug/event-loop`, { method: 'DELETE' });
  await res.body.text();
}

async function readEventLoop(origin: string): Promise<EventLoop> {
  const res = await request(`${origin}/debug/event-loop`);
  return (await res.body.json()) as EventLoop;
}

/** CPU time (user + system) the process has used so far, ms, from /proc (Linux). */
function cpuMs(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Run {
  reqPerSec: number;
  /** The server's CPU time per request answered, ms: far less sensitive to load than req/s. */
  cpuMsPerReq: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  load: string;
  loop?: EventLoop;
}

/** A closed loop: `connections` clients, each sending `sequence`'s requests in order, again and again. */
async function closedLoop(
  server: Server,
  sequence: (context: Record<string, unknown>) => Array<() => BenchRequest>,
  withLoop: boolean,
  seconds = SECONDS,
): Promise<Run> {
  const { origin } = server;
  const before = load();
  if (withLoop) await resetEventLoop(origin);
  const cpuBefore = cpuMs(server.child);
  const length = sequence({}).length;
  const requests = Array.from({ length }, (_, i) => ({
    setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
      if (i === 0) context.steps = sequence(context);
      const r = (context.steps as Array<() => BenchRequest>)[i]!();
      return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
    },
  }));
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: requests as unknown as autocannon.Request[],
  });
  const cpuUsed = cpuMs(server.child) - cpuBefore;
  const loop = withLoop ? await readEventLoop(origin) : undefined;
  return {
    reqPerSec: result.requests.average,
    cpuMsPerReq: cpuUsed / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    load: `${before} → ${load()}`,
    ...(loop ? { loop } : {}),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

function row(name: string, r: Run): string {
  const loop = r.loop ? `  loop p99 ${r.loop.p99Ms} max ${r.loop.maxMs} ms` : '';
  return `  ${name.padEnd(6)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  cpu ${r.cpuMsPerReq.toFixed(2)} ms/req  p50 ${String(r.p50).padStart(4)}  p99 ${String(r.p99).padStart(5)}  max ${String(r.max).padStart(5)} ms  errors ${r.errors}${loop}  load ${r.load}`;
}

async function main(): Promise<void> {
  say(
    `bench:webhooks — ${cpus().length} CPUs, Node ${process.version}, ${CUSTOMERS} customers, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s; load ${load()}`,
  );
  say('Building: npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const database = await benchDatabase();
  const random = seededRandom(20261207);
  const someCustomer = () => customerPhone(Math.floor(random() * CUSTOMERS));

  const ivr = await startIvr(database);
  const bare = await startBare();
  try {
    const paths: Record<'twilio' | 'vonage', WholeCallPaths> = {
      twilio: await smokeTwilio(ivr.origin, someCustomer()),
      vonage: await smokeVonage(ivr.origin, someCustomer()),
    };
    say(
      `Smoke calls passed: Twilio ${JSON.stringify(paths.twilio)}, Vonage ${JSON.stringify(paths.vonage)}`,
    );

    const scenarios: Array<{
      name: string;
      sequence: () => Array<() => BenchRequest>;
    }> = [
      {
        name: 'Twilio incoming call (known customer)',
        sequence: () => {
          const sid = newCallSid();
          const from = someCustomer();
          return [() => twilioIncoming(sid, from)];
        },
      },
      {
        name: 'Vonage answer (known customer)',
        sequence: () => {
          const uuid = newVonageUuid();
          const from = someCustomer();
          return [() => vonageAnswer(uuid, from)];
        },
      },
      {
        name: 'Whole call, Twilio (voice → gather → dial → status)',
        sequence: () => twilioWholeCall(newCallSid(), someCustomer(), paths.twilio),
      },
      {
        name: 'Whole call, Vonage (answer → input → connect → event)',
        sequence: () => vonageWholeCall(newVonageUuid(), someCustomer(), paths.vonage),
      },
    ];

    // Warm both servers up (JIT, SQLite page cache) before anything counts.
    for (const s of scenarios) {
      await closedLoop(ivr, s.sequence, false, 2);
      await closedLoop(bare, s.sequence, false, 2);
    }

    const results = scenarios.map(() => ({ ivr: [] as Run[], bare: [] as Run[] }));
    for (let round = 1; round <= ROUNDS; round += 1) {
      say(`Round ${round}/${ROUNDS}`);
      for (const [i, s] of scenarios.entries()) {
        const a = await closedLoop(ivr, s.sequence, true);
        const b = await closedLoop(bare, s.sequence, false);
        results[i]!.ivr.push(a);
        results[i]!.bare.push(b);
        say(` ${s.name}`);
        say(row('IVR', a));
        say(row('bare', b));
      }
    }

    say('');
    say(`Summary (medians of ${ROUNDS} rounds; ratio = IVR ÷ bare in the same round, median)`);
    for (const [i, s] of scenarios.entries()) {
      const { ivr: a, bare: b } = results[i]!;
      const ratios = a.map((r, k) => r.reqPerSec / b[k]!.reqPerSec);
      const p99s = a.map((r, k) => r.p99 / Math.max(1, b[k]!.p99));
      const cpu = a.map((r, k) => r.cpuMsPerReq / b[k]!.cpuMsPerReq);
      say(` ${s.name}`);
      say(
        `  IVR ${median(a.map((r) => r.reqPerSec)).toFixed(0)} req/s cpu ${median(a.map((r) => r.cpuMsPerReq)).toFixed(2)} ms/req p50 ${median(a.map((r) => r.p50))} p99 ${median(a.map((r) => r.p99))} max ${Math.max(...a.map((r) => r.max))} ms errors ${a.reduce((n, r) => n + r.errors, 0)}` +
          ` | bare ${median(b.map((r) => r.reqPerSec)).toFixed(0)} req/s cpu ${median(b.map((r) => r.cpuMsPerReq)).toFixed(2)} ms/req p50 ${median(b.map((r) => r.p50))} p99 ${median(b.map((r) => r.p99))} max ${Math.max(...b.map((r) => r.max))} ms`,
      );
      say(
        `  CPU per request: bare ÷ IVR ${(100 / median(cpu)).toFixed(0)} % (IVR costs ${median(cpu).toFixed(2)}× bare's CPU per request)`,
      );
      say(
        `  throughput ${(median(ratios) * 100).toFixed(0)} % of bare (rounds: ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}); p99 ${median(p99s).toFixed(2)}× bare; event loop p99 ${Math.max(...a.map((r) => r.loop?.p99Ms ?? 0))} max ${Math.max(...a.map((r) => r.loop?.maxMs ?? 0))} ms`,
      );
    }

    say('');
    say(
      `Open loop: ${RATE} webhooks/s for ${RATE_SECONDS} s, whole calls alternating Twilio and Vonage (load ${load()})`,
    );
    await resetEventLoop(ivr.origin);
    const open = await openLoop({
      origin: ivr.origin,
      rate: RATE,
      seconds: RATE_SECONDS,
      webhooksPerCall: 4,
      thinkMs: 500,
      timeoutMs: 5000,
      call: (k) =>
        k % 2 === 0
          ? twilioWholeCall(newCallSid(), someCustomer(), paths.twilio)
          : vonageWholeCall(newVonageUuid(), someCustomer(), paths.vonage),
    });
    const loop = await readEventLoop(ivr.origin);
    const l = open.latenciesMs;
    say(
      `  sent ${open.sent} (${(open.sent / RATE_SECONDS).toFixed(0)}/s)  p50 ${pct(l, 50).toFixed(1)}  p99 ${pct(l, 99).toFixed(1)}  max ${pct(l, 100).toFixed(1)} ms  errors ${open.errors}  over 5 s ${open.late}  event loop p99 ${loop.p99Ms} max ${loop.maxMs} ms  load ${load()}`,
    );
  } finally {
    await stop(ivr);
    await stop(bare);
  }
  if (CPU_PROF) say(`CPU profile of the server in ${join(DIR, 'prof')}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
