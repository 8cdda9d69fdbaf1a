/**
 * `npm run bench:ranking [-- --clients 100000 --employees 1000 --events 1000000]`: the
 * employee ranking at scale, on a fresh SQLite file in a temp folder. Not a test: it prints
 * event-ingest time per event, wall and CPU of this process (through the incremental path
 * the HTTP endpoint and the CRM file import use), the rebuild time, and the call-time
 * lookup latency (p50/p99) of findRankedEmployees for random clients, with the machine's
 * load average at each step (on a shared machine CPU time is the steadier figure) and the
 * run's total time. The workload is generated from a seeded PRNG, so every run measures
 * the same data. Figures go to docs/employee-ranking.md.
 * `--pragma synchronous=NORMAL` (repeatable) tries SQLite settings the app does not use.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { RankingEvent } from '../src/crm/ranking/ranking-event.js';
import { writeRanking } from '../src/crm/ranking/ranking-import.js';
import type { CrmFileEmployee } from '../src/crm/ranking/ranking-file-schema.js';
import { DEFAULT_RANKING_SETTINGS } from '../src/crm/ranking/ranking-settings.js';
import { rebuildRanking } from '../src/crm/ranking/rebuild-ranking.js';
import { recordEvents } from '../src/crm/ranking/record-event.js';
import { migrateToLatest } from '../src/store/migrations.js';
import { openSqliteDatabase } from '../src/store/open-sqlite.js';
import { SqlCrm } from '../src/crm/embedded/sql-crm.js';
import { seededRandom } from '../src/lib/seeded-random.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    employees: { type: 'string', default: '1000' },
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    lookups: { type: 'string', default: '10000' },
    keep: { type: 'boolean', default: false },
    pragma: { type: 'string', multiple: true, default: [] },
  },
});
const CLIENTS = Number(args.clients);
const EMPLOYEES = Number(args.employees);
const EVENTS = Number(args.events);
const BATCH = Number(args.batch);
const LOOKUPS = Number(args.lookups);

/** The call instant: a Wednesday, 11:00 in Almaty; events span the year before it. */
const CALL_AT = '2026-11-18T06:00:00Z';
const CALL_MS = Date.parse(CALL_AT);
const SPAN_MS = 365 * 86_400_000;
const START_MS = CALL_MS - SPAN_MS;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const clientId = (i: number) => `client-${pad(i, 6)}`;
const employeeId = (i: number) => `emp-${pad(i, 4)}`;

/** Event types by how often a CRM logs them. */
const TYPE_MIX: Array<[string, number]> = [
  ['email', 0.3],
  ['call_outgoing', 0.2],
  ['call_incoming', 0.15],
  ['support_reply', 0.15],
  ['invoice_sent', 0.08],
  ['meeting', 0.07],
  ['deal_stage_change', 0.05],
];

function pickType(r: number): string {
  let acc = 0;
  for (const [type, share] of TYPE_MIX) {
    acc += share;
    if (r < acc) return type;
  }
  return 'email';
}

/** Each client's own 2–5 employees, derived from the client index alone. */
function ownEmployees(client: number): number[] {
  const random = seededRandom(client * 7919 + 17);
  const count = 2 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => Math.floor(random() * EMPLOYEES));
}

function makeEmployees(): CrmFileEmployee[] {
  const random = seededRandom(42);
  const office = {
    mon: ['09:00', '18:00'],
    tue: ['09:00', '18:00'],
    wed: ['09:00', '18:00'],
    thu: ['09:00', '18:00'],
    fri: ['09:00', '18:00'],
  } satisfies CrmFileEmployee['workingHours'];
  const always: CrmFileEmployee['workingHours'] = {
    ...office,
    sat: ['00:00', '24:00'],
    sun: ['00:00', '24:00'],
  };
  const zones = ['Asia/Almaty', 'Asia/Almaty', 'Asia/Almaty', 'Asia/Aqtobe', 'Europe/Moscow'];
  return Array.from({ length: EMPLOYEES }, (_, i) => {
    const r = random();
    return {
      id: employeeId(i),
      firstName: `Name${i}`,
      lastName: `Surname${i}`,
      extension: String(1000 + i),
      destination: i % 2 ? `+7701${pad(i, 7)}` : `sip:emp${i}@pbx.example.kz`,
      timeZone: zones[i % zones.length] ?? 'Asia/Almaty',
      workingHours: r < 0.1 ? always : office,
      ...(r > 0.98 && { dismissed: true }),
      ...(r > 0.97 && r <= 0.98 && { technical: true }),
      ...(r > 0.94 &&
        r <= 0.97 && {
          absences: [{ startsOn: '2026-11-10', endsOn: '2026-11-24', kind: 'vacation' as const }],
        }),
    };
  });
}

/** Event i of the workload: time grows with i (a CRM reports in order), clients skewed. */
function makeBatch(from: number, count: number, random: () => number): RankingEvent[] {
  const out: RankingEvent[] = [];
  for (let i = from; i < from + count; i += 1) {
    // Mild skew: a few busy clients, a long tail of quiet ones.
    const client = Math.min(CLIENTS - 1, Math.floor(CLIENTS * random() ** 1.3));
    const own = ownEmployees(client);
    // 90 % with the client's own employees, the first of them most of all.
    const employee =
      random() < 0.9
        ? (own[Math.floor(own.length * random() ** 1.5)] ?? 0)
        : Math.floor(random() * EMPLOYEES);
    const at = START_MS + (i / EVENTS) * SPAN_MS + Math.floor(random() * 60_000);
    out.push({
      id: `ev-${pad(i, 8)}`,
      type: pickType(random()),
      clientId: clientId(client),
      employeeId: employeeId(employee),
      at: new Date(Math.min(at, CALL_MS - 1000)).toISOString(),
    });
  }
  return out;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmtMs = (ms: number) => `${ms.toFixed(3)} ms`;
const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
/** CPU time of this process (user + system) since `from`, ms. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const perEvent = (ms: number, events: number) => `${((ms * 1000) / events).toFixed(1)} µs`;

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'bench-ranking-'));
  const path = join(dir, 'crm.sqlite');
  const db = openSqliteDatabase(path);
  const settings = DEFAULT_RANKING_SETTINGS;
  const crm = new SqlCrm(db, settings);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await migrateToLatest(db);
    // Off by default: the figures are for the app's own settings (openSqliteDatabase).
    for (const pragma of args.pragma) await sql.raw(`pragma ${pragma}`).execute(db);
    out(
      `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; ${new Date().toISOString()}`,
    );
    out(
      `Workload: ${CLIENTS} clients, ${EMPLOYEES} employees, ${EVENTS} events, batches of ${BATCH}; ${path}`,
    );

    await db
      .transaction()
      .execute((trx) => writeRanking(trx, { employees: makeEmployees(), events: [] }, settings));

    // Ingest: the same incremental code as POST /api/crm-events, one batch per transaction.
    const random = seededRandom(2026);
    out(`Ingest starts (${load()})`);
    let ingestMs = 0;
    let ingestCpuMs = 0;
    let recorded = 0;
    for (let from = 0; from < EVENTS; from += BATCH) {
      const batch = makeBatch(from, Math.min(BATCH, EVENTS - from), random);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      recorded += await recordEvents(db, settings, batch);
      ingestCpuMs += cpuMs(cpu0);
      ingestMs += performance.now() - t0;
      const done = from + BATCH;
      if (done % 500_000 === 0) {
        out(
          `  ${done} events: ${perEvent(ingestMs, done)}/event wall, ${perEvent(ingestCpuMs, done)} CPU so far (${load()})`,
        );
      }
    }
    out(
      `Ingest: ${recorded} events in ${fmtS(ingestMs)} wall, ${fmtS(ingestCpuMs)} CPU: ` +
        `**${perEvent(ingestMs, EVENTS)} per event** wall, ${perEvent(ingestCpuMs, EVENTS)} CPU ` +
        `(generation excluded; ${load()})`,
    );

    // Lookups on the incremental ranking: one warm-up pass, then timed calls.
    const pickRandom = seededRandom(7);
    const sample = Array.from({ length: LOOKUPS }, () =>
      clientId(Math.floor(pickRandom() * CLIENTS)),
    );
    for (const id of sample.slice(0, 1000)) await crm.findRankedEmployees(id, CALL_AT, 3);
    const latencies: number[] = [];
    let offered = 0;
    const before = new Map<string, string>();
    for (const id of sample) {
      const t0 = performance.now();
      const ranked = await crm.findRankedEmployees(id, CALL_AT, settings.menuSize);
      latencies.push(performance.now() - t0);
      offered += ranked.length;
      before.set(id, ranked.map((e) => `${e.id}:${e.score.toPrecision(9)}`).join(','));
    }
    latencies.sort((a, b) => a - b);
    out(
      `Lookup findRankedEmployees (${LOOKUPS} random clients): p50 ${fmtMs(percentile(latencies, 50))}, ` +
        `p99 ${fmtMs(percentile(latencies, 99))}, max ${fmtMs(latencies[latencies.length - 1] ?? NaN)}; ` +
        `${(offered / LOOKUPS).toFixed(2)} employees offered per call (${load()})`,
    );

    const extensionLatencies: number[] = [];
    for (let i = 0; i < LOOKUPS; i += 1) {
      const extension = String(1000 + Math.floor(pickRandom() * EMPLOYEES));
      const t0 = performance.now();
      await crm.findAvailableEmployeeByExtension(extension, CALL_AT);
      extensionLatencies.push(performance.now() - t0);
    }
    extensionLatencies.sort((a, b) => a - b);
    out(
      `Lookup findAvailableEmployeeByExtension: p50 ${fmtMs(percentile(extensionLatencies, 50))}, ` +
        `p99 ${fmtMs(percentile(extensionLatencies, 99))}`,
    );

    const rebuildCpu = process.cpuUsage();
    const rebuilt = await rebuildRanking(db, settings);
    out(
      `Rebuild: ${rebuilt.events} events, ${rebuilt.clients} clients, ${rebuilt.aggregates} aggregates in ${fmtS(rebuilt.ms)} wall, ${fmtS(cpuMs(rebuildCpu))} CPU (${load()})`,
    );

    let differ = 0;
    for (const id of sample) {
      const ranked = await crm.findRankedEmployees(id, CALL_AT, settings.menuSize);
      const again = ranked.map((e) => `${e.id}:${e.score.toPrecision(9)}`).join(',');
      if (again !== before.get(id)) differ += 1;
    }
    out(
      `Rebuild vs incremental: ${differ} of ${LOOKUPS} sampled rankings differ (ids and scores to 9 digits)`,
    );
    out(`Database: ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB`);
    out(
      `Total: ${fmtS(performance.now() - started)} wall, ${fmtS(cpuMs({ user: 0, system: 0 }))} CPU of this process (${load()})`,
    );
  } finally {
    await db.destroy();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
