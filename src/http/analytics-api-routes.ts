import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { readAnalyticsFilters, type AnalyticsFilters } from '../analytics/analytics-filters.js';
import { compareArms } from '../analytics/compare-arms.js';
import type { SqlAnalyticsQueries } from '../analytics/sql-analytics-queries.js';
import type { Logger } from '../lib/logger.js';
import { requireApiKey } from './require-api-key.js';

export const ANALYTICS_API_PATHS = {
  overview: '/api/analytics/overview',
  paths: '/api/analytics/paths',
  pilot: '/api/analytics/pilot',
} as const;

/** The pilot's default minimal effect: 5 percentage points of self-service. */
const DEFAULT_EFFECT = 0.05;

/**
 * The analytics of the whole flow (docs/analytics.md), read from the daily rollups:
 * overview, path/drop-off and the pilot comparison. Bearer API_KEY or a console session.
 */
export function analyticsApiRoutes(opts: {
  apiKey: string | null;
  analytics: SqlAnalyticsQueries | undefined;
  companyTimeZone: string;
  now: () => string;
  logger: Logger;
}): Router {
  const { analytics, logger } = opts;
  const router = Router();
  const guard = requireApiKey({
    apiKey: opts.apiKey,
    logger,
    endpoint: 'the analytics API',
    logName: 'Analytics API',
    unavailable: () => (analytics ? null : 'No database to read the analytics from'),
  });

  function bad(req: Request, res: Response, field: string, message: string): void {
    logger.warn({ path: req.path, field }, 'Analytics API query rejected (400)');
    res.status(400).json({
      error: 'Invalid query parameters',
      issues: [`${field}: ${message}`],
      fields: [field],
    });
  }

  function filtersOr400(req: Request, res: Response, query: unknown): AnalyticsFilters | null {
    const today = DateTime.fromISO(opts.now(), { zone: 'utc' })
      .setZone(opts.companyTimeZone)
      .toISODate() as string;
    const read = readAnalyticsFilters(query, today);
    if (read.ok) return read.filters;
    bad(req, res, read.field, read.message);
    return null;
  }

  router.get(ANALYTICS_API_PATHS.overview, guard, async (req, res) => {
    const filters = filtersOr400(req, res, req.query);
    if (!filters || !analytics) return;
    res
      .set('Cache-Control', 'no-store')
      .json({ ...filters, ...(await analytics.overview(filters)) });
  });

  router.get(ANALYTICS_API_PATHS.paths, guard, async (req, res) => {
    const filters = filtersOr400(req, res, req.query);
    if (!filters || !analytics) return;
    res.set('Cache-Control', 'no-store').json({ ...filters, ...(await analytics.paths(filters)) });
  });

  router.get(ANALYTICS_API_PATHS.pilot, guard, async (req, res) => {
    const { effect: rawEffect, ...query } = req.query as Record<string, unknown>;
    let effect = DEFAULT_EFFECT;
    if (rawEffect !== undefined) {
      effect =
        typeof rawEffect === 'string' && /^0?\.\d+$/.test(rawEffect) ? Number(rawEffect) : NaN;
      if (!(effect >= 0.005 && effect <= 0.5)) {
        bad(req, res, 'effect', 'expected an absolute change of a rate from 0.005 to 0.5');
        return;
      }
    }
    const filters = filtersOr400(req, res, query);
    if (!filters || !analytics) return;
    const comparison = compareArms(await analytics.arms(filters), effect);
    const { arm: _arm, ...shown } = filters;
    res.set('Cache-Control', 'no-store').json({ ...shown, ...comparison });
  });

  const failed: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    logger.error(
      { path: req.path, err: err instanceof Error ? { message: err.message } : err },
      'Analytics API could not answer (500)',
    );
    res.status(500).json({ error: 'Could not read the analytics; retry later' });
  };
  router.use('/api/analytics', failed);
  return router;
}
