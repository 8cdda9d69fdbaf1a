/**
 * `npm run bench:analytics [-- --calls 1000000 --days 365]`: a year of calls in the call log
 * of a fresh SQLite file (or PostgreSQL with --database-url), the rollups rebuilt from
 * them the way `npm run analytics:rebuild` does, then each analytics endpoint timed through
 * the real app (target ≤ 1 s each) against a baseline: the same totals computed straight
 * from the call log with one aggregate query. Not a test: it prints figures, ratios and the
 * machine's load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql, type Insertable } from 'kysely';
import request from 'supertest';
import { SqlAnalyticsQueries } from '../src/analytics/sql-analytics-queries.js';
import { SqlAnalyticsRollup } from '../src/analytics/sql-analytics-rollup.js';
import { analyticsApiRoutes } from '../src/http/analytics-api-routes.js';
import { createLogger } from '../src/lib/logger.js';
import { seededRandom } from '../src/lib/seeded-random.js';
import type { CallStepsTable, CallsTable } from '../src/store/database-schema.js';
import { openMigratedDatabase } from '../src/store/open-database.js';
import express from 'express';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '365' },
    'database-url': { type: 'string' },
    rounds: { type: 'string', default: '5' },
  },
});
const CALLS = Number(args.calls);
const DAYS = Number(args.days);
const ROUNDS = Number(args.rounds);
const KEY = 'bench-analytics-key-0123456789';
const ZONE = 'Asia/Almaty';
const END = Date.parse('2026-12-01T00:00:00Z');

const dir = mkdtempSync(join(tmpdir(), 'bench-analytics-'));
const db = await openMigratedDatabase(
  args['database-url']
    ? { kind: 'postgres', url: args['database-url'], schema: null, poolSize: 4 }
    : { kind: 'sqlite', path: join(dir, 'calls.sqlite') },
);
const random = seededRandom(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** A plausible settled call: a node path, an outcome, speech and prediction now and then. */
function makeCall(i: number): {
  call: Insertable<CallsTable>;
  steps: Array<Insertable<CallStepsTable>>;
} {
  const id = `BENCH${String(i).padStart(8, '0')}`;
  const started = new Date(END - random() * DAYS * 86_400_000).toISOString();
  const known = random() < 0.7;
  const predicted = known && random() < 0.4;
  const nodes = [
    ...(known ? [] : ['language']),
    ...(predicted ? ['predict'] : []),
    known && random() < 0.3 ? 'personal-menu' : 'menu',
    ...(random() < 0.25 ? ['contract-entry', 'self-service'] : ['transfer']),
  ];
  const outcomeRoll = random();
  const abandoned = outcomeRoll < 0.12;
  const cut = abandoned ? 1 + Math.floor(random() * nodes.length) : nodes.length;
  const walked = nodes.slice(0, cut);
  const last = walked[walked.length - 1] ?? 'menu';
  const ivrOutcome = abandoned
    ? 'abandoned'
    : last === 'self-service'
      ? 'self-served'
      : last === 'transfer'
        ? 'transferred'
        : 'completed';
  const steps: Array<Insertable<CallStepsTable>> = [];
  walked.forEach((step, n) => {
    const speech = random() < 0.4;
    const again = random() < 0.1;
    const base = { call_id: id, entered_at: started, prompt: null, input: null, confidence: null };
    if (again) {
      steps.push({
        ...base,
        seq: steps.length + 1,
        step,
        input_kind: speech ? 'speech' : 'digits',
        left_by: 'input',
        left_at: started,
        duration_ms: 4000,
      });
    }
    const final = abandoned && n === walked.length - 1;
    steps.push({
      ...base,
      seq: steps.length + 1,
      step,
      input_kind: final ? null : again ? 'digits' : speech ? 'speech' : 'digits',
      left_by: final ? 'hangup' : 'input',
      left_at: started,
      duration_ms: 5000,
    });
  });
  const results = [
    known ? 'greeted' : random() < 0.03 ? 'crm-timeout' : 'unknown',
    ...(predicted ? ['predicted:order', random() < 0.55 ? 'predict:yes' : 'predict:no'] : []),
  ];
  const firstRanked = walked.includes('personal-menu') ? `emp-${i % 40}` : null;
  const armRoll = random();
  return {
    call: {
      call_id: id,
      provider: random() < 0.6 ? 'twilio' : 'vonage',
      direction: 'inbound',
      caller: '+77050000000',
      called: '+77172123456',
      campaign: null,
      customer_id: null,
      language: pick(['ru', 'kk', 'kk', 'ru', 'en', 'uk']),
      started_at: started,
      answered_at: started,
      ended_at: started,
      status: 'completed',
      outcome: 'ANSWERED',
      full_contact: 1,
      duration_sec: 90,
      talk_sec: 60,
      ivr_sec: Math.round(5 + random() * random() * 240),
      wait_sec: 10,
      ivr_outcome: ivrOutcome,
      ivr_abandoned_at: abandoned ? last : null,
      last_step: last,
      transferred_to: null,
      answered_by: firstRanked && random() < 0.6 ? `employee:${firstRanked}` : null,
      recording_url: null,
      self_served: ivrOutcome === 'self-served' ? 1 : 0,
      path_json: JSON.stringify(
        results.map((result) => ({ step: 'menu', at: started, input: null, result })),
      ),
      task_id: null,
      attempt: null,
      rules_applied_at: started,
      context_json: null,
      segment: known ? pick(['regular', 'regular', 'vip', 'corporate']) : 'unknown',
      first_ranked: firstRanked,
      rolled_up_at: null,
      updated_at: started,
      ...({
        pilot_arm: armRoll < 0.15 ? 'personalised' : armRoll < 0.3 ? 'control' : null,
      } as object),
    },
    steps,
  };
}

const ms = (from: number) => performance.now() - from;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// The pilot's column, when this version's migrations do not add it.
try {
  await sql`select pilot_arm from calls limit 1`.execute(db);
} catch {
  await sql`alter table calls add column pilot_arm text`.execute(db);
}

console.log(
  `bench:analytics — ${CALLS.toLocaleString('en')} calls over ${DAYS} days; ${cpus().length} cores, load ${load()}`,
);
let t0 = performance.now();
const BATCH = 400;
for (let i = 0; i < CALLS; i += BATCH) {
  const made = Array.from({ length: Math.min(BATCH, CALLS - i) }, (_, k) => makeCall(i + k));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('calls')
      .values(made.map((m) => m.call))
      .execute();
    const steps = made.flatMap((m) => m.steps);
    for (let s = 0; s < steps.length; s += 1000) {
      await trx
        .insertInto('call_steps')
        .values(steps.slice(s, s + 1000))
        .execute();
    }
  });
  if ((i / BATCH) % 250 === 0 && i > 0)
    process.stdout.write(`  ${i.toLocaleString('en')} calls written\r`);
}
console.log(`call log written: ${(ms(t0) / 1000).toFixed(1)} s`);

t0 = performance.now();
const added = await new SqlAnalyticsRollup(db, ZONE).rebuild();
const rollupRows = await db
  .selectFrom('analytics_daily')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirst();
const edgeRows = await db
  .selectFrom('analytics_edges')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirst();
console.log(
  `rollups rebuilt from ${added.toLocaleString('en')} calls: ${(ms(t0) / 1000).toFixed(1)} s → ${Number(rollupRows?.n)} daily rows, ${Number(edgeRows?.n)} edge rows`,
);

const app = express();
app.use(
  analyticsApiRoutes({
    apiKey: KEY,
    analytics: new SqlAnalyticsQueries(db),
    companyTimeZone: ZONE,
    now: () => new Date(END).toISOString(),
    logger: createLogger('silent'),
  }),
);
const period = 'from=2025-12-01&to=2026-11-30';
const endpoints = [
  `/api/analytics/overview?${period}`,
  `/api/analytics/overview?${period}&provider=vonage&language=kk&segment=vip`,
  `/api/analytics/paths?${period}`,
  `/api/analytics/pilot?${period}`,
];

/** Baseline: the year's totals straight from the call log, one aggregate query. */
async function baseline(): Promise<void> {
  await db
    .selectFrom('calls')
    .select((eb) => [
      eb.fn.countAll().as('calls'),
      eb.fn.sum('ivr_sec').as('ivr'),
      eb.fn.sum('self_served').as('self'),
      'provider',
    ])
    .where('direction', '=', 'inbound')
    .where('started_at', '>=', '2025-11-30T19:00:00Z')
    .groupBy('provider')
    .execute();
}

const timings: Array<[string, number[]]> = [];
const bt: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const s = performance.now();
  await baseline();
  bt.push(ms(s));
}
timings.push(['baseline: one aggregate over the raw call log', bt]);
for (const path of endpoints) {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    const res = await request(app).get(path).set('Authorization', `Bearer ${KEY}`);
    times.push(ms(s));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  timings.push([path, times]);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const base = median(bt);
console.log(`\n${'what'.padEnd(96)} median ms   max ms   ÷ baseline`);
for (const [what, times] of timings) {
  console.log(
    `${what.padEnd(96)} ${median(times).toFixed(1).padStart(9)} ${Math.max(...times)
      .toFixed(1)
      .padStart(8)} ${(median(times) / base).toFixed(3).padStart(12)}`,
  );
}
console.log(`\nload average after: ${load()} (a shared machine: figures vary between runs)`);
await db.destroy();
rmSync(dir, { recursive: true, force: true });
