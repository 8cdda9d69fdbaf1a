import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { BenchRequest } from './provider-requests.js';

/**
 * A constant-arrival-rate load: whole calls start on a fixed schedule whatever the server
 * does (open loop), each webhook of a call is due `thinkMs` after the previous one was
 * due, and is sent then, or as soon as the previous answer arrived if that is later. Its
 * latency counts from when it was due, so time spent queueing, in the client or the
 * server, is never hidden (no coordinated omission).
 */
export interface OpenLoopResult {
  sent: number;
  errors: number;
  /** Answers that came back 2xx but too late for the provider (over `timeoutMs`). */
  late: number;
  latenciesMs: number[];
  seconds: number;
}

export async function openLoop(opts: {
  origin: string;
  /** Webhooks per second, all calls together. */
  rate: number;
  seconds: number;
  /** Builds call number `k`: its webhooks in order. */
  call: (k: number) => Array<() => BenchRequest>;
  webhooksPerCall: number;
  thinkMs: number;
  timeoutMs: number;
}): Promise<OpenLoopResult> {
  const pool = new Pool(opts.origin, {
    connections: 256,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  const result: OpenLoopResult = {
    sent: 0,
    errors: 0,
    late: 0,
    latenciesMs: [],
    seconds: opts.seconds,
  };
  const callsPerSec = opts.rate / opts.webhooksPerCall;
  const calls = Math.round(callsPerSec * opts.seconds);
  const start = performance.now() + 50;
  const running: Array<Promise<void>> = [];

  const playCall = async (k: number, due: number) => {
    const steps = opts.call(k);
    for (let j = 0; j < steps.length; j += 1) {
      const dueAt = due + j * opts.thinkMs;
      const wait = dueAt - performance.now();
      if (wait > 0) await sleep(wait);
      const r = steps[j]!();
      result.sent += 1;
      try {
        const res = await pool.request({
          path: r.path,
          method: r.method,
          headers: r.headers,
          body: r.body,
        });
        await res.body.text();
        const latency = performance.now() - dueAt;
        result.latenciesMs.push(latency);
        if (res.statusCode >= 300) result.errors += 1;
        else if (latency > opts.timeoutMs) result.late += 1;
      } catch {
        result.errors += 1;
        return;
      }
    }
  };

  for (let k = 0; k < calls; k += 1) {
    const due = start + (k * 1000) / callsPerSec;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(playCall(k, due));
  }
  await Promise.all(running);
  await pool.close();
  return result;
}
