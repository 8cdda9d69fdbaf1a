import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The application's Prometheus metrics, in prom-client's default registry (GET /metrics
 * serves the whole registry, so metrics other modules define there are served too).
 * Defined once per process; docs/operations.md lists them.
 */

// Process metrics: CPU, memory, handles, GC and the event-loop delay
// (nodejs_eventloop_lag_seconds, nodejs_eventloop_lag_p99_seconds, …).
if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics();

/** Latency of every provider webhook, by provider, route (the matched path) and status. */
export const webhookDuration = new Histogram({
  name: 'ivr_webhook_duration_seconds',
  help: 'Time from a provider webhook arriving to its answer being sent',
  labelNames: ['provider', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5],
});

/** Calls by their settled outcome (ANSWERED, MISSED, …), counted when the rules run. */
export const callsByOutcome = new Counter({
  name: 'ivr_calls_total',
  help: 'Settled calls by outcome',
  labelNames: ['outcome'] as const,
});

/** The caller lookup in the CRM during a call, by result (found, not-found, timeout, failed). */
export const crmLookupDuration = new Histogram({
  name: 'ivr_crm_lookup_duration_seconds',
  help: 'CRM caller lookups by result',
  labelNames: ['result'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2],
});

/**
 * Failed operations on a store (`sessions`, `call-lock`, `replay-guard`, `responses`,
 * `call-log`), by operation. The call goes on in every case; this says how often it had to.
 */
export const storeErrors = new Counter({
  name: 'ivr_store_errors_total',
  help: 'Store operations that failed (the call went on without them)',
  labelNames: ['store', 'op'] as const,
});

/** Webhooks answered from the response stored for a provider's retry (same token). */
export const webhookRetriesReplayed = new Counter({
  name: 'ivr_webhook_retries_replayed_total',
  help: 'Provider retries answered with the stored response instead of being processed again',
  labelNames: ['provider'] as const,
});

/** Calls whose webhooks were handled without the per-call lock (the wait ran out, or Redis failed). */
export const callLockMisses = new Counter({
  name: 'ivr_call_lock_misses_total',
  help: 'Webhooks handled without the per-call lock',
  labelNames: ['reason'] as const,
});

/** Calls whose state was missing and were resumed from the question in the URL. */
export const callsRecovered = new Counter({
  name: 'ivr_calls_recovered_total',
  help: 'Webhooks whose call state was missing, resumed at the question their URL names',
  labelNames: ['provider', 'step'] as const,
});

let pendingTasks: (() => Promise<number>) | null = null;

/** Tasks waiting to run (queue depth); read from the task store at each scrape. */
export const tasksPending = new Gauge({
  name: 'ivr_tasks_pending',
  help: 'Tasks pending (queue depth)',
  async collect() {
    if (!pendingTasks) return;
    try {
      this.set(await pendingTasks());
    } catch {
      storeErrors.inc({ store: 'tasks', op: 'count' });
    }
  },
});

let queuedJobs: (() => Promise<number>) | null = null;

/**
 * Jobs waiting in the queue engine (pg-boss: created or waiting to retry). Only with
 * TASK_ENGINE pg-boss; `ivr_tasks_pending` counts tasks whichever engine runs them.
 */
export const taskQueueJobs = new Gauge({
  name: 'ivr_task_queue_jobs',
  help: 'Jobs waiting in the task queue engine (pg-boss)',
  async collect() {
    if (!queuedJobs) return;
    try {
      this.set(await queuedJobs());
    } catch {
      storeErrors.inc({ store: 'task-queue', op: 'count' });
    }
  },
});

/** Where `ivr_task_queue_jobs` reads from (main.ts sets pg-boss's queue size). */
export function trackQueuedJobs(count: (() => Promise<number>) | null): void {
  queuedJobs = count;
}

/** Where `ivr_tasks_pending` reads the queue depth from (main.ts sets the task store's). */
export function trackPendingTasks(count: (() => Promise<number>) | null): void {
  pendingTasks = count;
}
