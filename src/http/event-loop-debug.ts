import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Router } from 'express';

/** Histogram resolution, ms: fine enough to see a 20 ms stall, cheap enough to leave on. */
const RESOLUTION_MS = 10;

const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;

/** The histogram's figures in milliseconds. */
function summary(h: IntervalHistogram) {
  return {
    samples: h.count,
    minMs: ms(h.min),
    meanMs: ms(h.mean),
    p50Ms: ms(h.percentile(50)),
    p99Ms: ms(h.percentile(99)),
    maxMs: ms(h.max),
  };
}

/**
 * GET /debug/event-loop: how late the event loop ran its timers since the last reset
 * (perf_hooks.monitorEventLoopDelay); DELETE resets it. Mounted only with
 * DEBUG_EVENT_LOOP=on, for the webhook benchmark (docs/performance.md): a stall here is
 * time every call on the server waited.
 */
export function eventLoopDebugRoutes(): Router {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const router = Router();
  router.get('/debug/event-loop', (_req, res) => {
    res.json(summary(histogram));
  });
  router.delete('/debug/event-loop', (_req, res) => {
    histogram.reset();
    res.status(204).end();
  });
  return router;
}
