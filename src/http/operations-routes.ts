import { Router } from 'express';
import { register } from 'prom-client';
import { constantTimeEqual } from '../lib/constant-time-equal.js';
import type { Logger } from '../lib/logger.js';
import { withTimeout } from '../runtime/with-timeout.js';

/** One thing the instance needs to serve calls (the call state store, the database). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when reachable. */
  ping: () => Promise<unknown>;
}

/** What /ready reports: reachable stores and not shutting down. */
export interface Readiness {
  checks: ReadinessCheck[];
  /** True from SIGTERM on: the balancer should stop sending new calls here. */
  draining: () => boolean;
}

/** Longest a readiness ping may take: a store slower than this is as good as down. */
const PING_TIMEOUT_MS = 1000;

/**
 * Operations endpoints (docs/operations.md):
 * - `GET /health`: the process is alive and its event loop turns (liveness; never checks
 *   stores, so a Redis outage does not get every instance restarted);
 * - `GET /ready`: every store answers and the instance is not draining (readiness: 200, else
 *   503 with what failed);
 * - `GET /metrics`: prom-client's default registry in the Prometheus text format, with
 *   `Authorization: Bearer <METRICS_TOKEN>`; 503 while METRICS_TOKEN is not set.
 */
export function operationsRoutes(opts: {
  readiness: Readiness | undefined;
  metricsToken: string | null;
  logger: Logger;
}): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/ready', async (_req, res) => {
    const readiness = opts.readiness;
    const draining = readiness?.draining() ?? false;
    const checks = await Promise.all(
      (readiness?.checks ?? []).map(async (c) => {
        try {
          await withTimeout(c.ping(), PING_TIMEOUT_MS, `${c.name} ping`);
          return { name: c.name, ok: true as const };
        } catch (err) {
          return { name: c.name, ok: false as const, error: (err as Error).message };
        }
      }),
    );
    const ready = !draining && checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ ready, draining, checks });
  });

  router.get('/metrics', async (req, res) => {
    const token = opts.metricsToken;
    if (token === null) {
      res.status(503).json({
        error: 'METRICS_TOKEN is not set: /metrics is disabled',
        hint: 'Set METRICS_TOKEN in .env (see .env.example) and scrape with Authorization: Bearer <METRICS_TOKEN>.',
      });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match?.[1] || !constantTimeEqual(match[1], token)) {
      opts.logger.warn('metrics rejected: missing or wrong METRICS_TOKEN (401)');
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'Invalid metrics token' });
      return;
    }
    res.type(register.contentType).send(await register.metrics());
  });
  return router;
}
