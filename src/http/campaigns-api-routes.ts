import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { campaignInputSchema, type CampaignFields } from '../campaigns/campaign.js';
import type { CampaignStore } from '../campaigns/campaign-store.js';
import type { PilotSettings } from '../campaigns/pilot-settings.js';
import type { Logger } from '../lib/logger.js';
import { requireApiKey } from './require-api-key.js';

export const CAMPAIGNS_API_PATHS = {
  campaigns: '/api/campaigns',
  campaign: '/api/campaigns/:id',
  stop: '/api/campaigns/:id/stop',
  report: '/api/campaigns/:id/report',
  pilot: '/api/pilot',
} as const;

/** A campaign with every customer id of a long list fits; a body beyond is refused (413). */
const BODY_LIMIT = '2mb';

/** Zod issues as `field.path: problem` (never the value: texts and ids may be personal). */
export function describeBodyIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const at = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return issue.keys.map((key) => `${at}${key}: unknown field`);
    }
    const at = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    return [`${at}: ${issue.message}`];
  });
}

function send400(res: Response, error: string, issues: string[]): void {
  res.status(400).json({
    error,
    issues,
    fields: [...new Set(issues.map((p) => p.slice(0, p.indexOf(':'))))],
  });
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day, YYYY-MM-DD');
const reportQuery = z.strictObject({ from: day.optional(), to: day.optional() });
const pilotBody = z.strictObject({
  percent: z
    .number({ error: 'expected a number from 0 to 100' })
    .min(0, 'expected a number from 0 to 100')
    .max(100, 'expected a number from 0 to 100'),
});

/**
 * The campaigns API and the pilot's share (docs/api.md, docs/campaigns.md), Bearer API_KEY:
 * list, create, read, replace, stop and delete campaigns, read a campaign's report; read and
 * change PILOT_PERCENT without a restart. Answers 400 naming every bad field, 404 for an
 * unknown campaign, 409 for an id taken or a campaign already heard (stop it instead).
 */
export function campaignsApiRoutes(opts: {
  apiKey: string | null;
  campaigns: CampaignStore | undefined;
  pilot: PilotSettings | undefined;
  /** PILOT_PERCENT: the share until PUT /api/pilot changes it. */
  pilotDefault: number;
  /** The menu's control points (the settings'): a campaign names one of them. */
  controlPoints: readonly string[];
  now: () => string;
  logger: Logger;
}): Router {
  const { logger, controlPoints } = opts;
  const router = Router();
  const guard = requireApiKey({
    apiKey: opts.apiKey,
    logger,
    endpoint: 'the campaigns API',
    logName: 'Campaigns API',
    unavailable: () => (opts.campaigns ? null : 'No database to keep campaigns in'),
  });
  const pilotGuard = requireApiKey({
    apiKey: opts.apiKey,
    logger,
    endpoint: 'the pilot API',
    logName: 'Pilot API',
    unavailable: () => (opts.pilot ? null : 'No database to keep the pilot setting in'),
  });
  const parseJson = express.json({ limit: BODY_LIMIT, strict: true });

  /** The body as campaign fields, or null after answering 400. */
  function fieldsOr400(req: Request, res: Response): (CampaignFields & { id?: string }) | null {
    const parsed = campaignInputSchema.safeParse(req.body);
    const issues = parsed.success ? [] : describeBodyIssues(parsed.error.issues);
    const point = (req.body as { controlPoint?: unknown } | undefined)?.controlPoint;
    if (typeof point === 'string' && point !== '' && !controlPoints.includes(point)) {
      issues.push(
        `controlPoint: no control point ${JSON.stringify(point.slice(0, 60))} in the menu; it has: ${controlPoints.join(', ')}`,
      );
    }
    if (!parsed.success || issues.length > 0) {
      logger.warn({ path: req.path, issues }, 'campaign rejected (400)');
      send400(res, 'Invalid campaign', issues);
      return null;
    }
    return parsed.data;
  }

  const idOf = (req: Request) => String(req.params.id);
  const notFound = (res: Response, id: string) =>
    void res.status(404).json({ error: 'No such campaign', id });

  router.get(CAMPAIGNS_API_PATHS.campaigns, guard, async (_req, res) => {
    const items = await opts.campaigns!.list();
    res.set('Cache-Control', 'no-store').json({ items });
  });

  router.post(CAMPAIGNS_API_PATHS.campaigns, guard, parseJson, async (req, res) => {
    const fields = fieldsOr400(req, res);
    if (!fields) return;
    const id = fields.id ?? `c-${randomUUID().slice(0, 8)}`;
    const created = await opts.campaigns!.create({ ...fields, id }, opts.now());
    if (!created) {
      res.status(409).json({ error: `A campaign with id ${id} exists: PUT to change it`, id });
      return;
    }
    logger.info({ campaign: id, controlPoint: created.controlPoint }, 'campaign created');
    res
      .status(201)
      .location(`/api/campaigns/${encodeURIComponent(id)}`)
      .json(created);
  });

  router.get(CAMPAIGNS_API_PATHS.campaign, guard, async (req, res) => {
    const campaign = await opts.campaigns!.get(idOf(req));
    if (!campaign) return notFound(res, idOf(req));
    res.set('Cache-Control', 'no-store').json(campaign);
  });

  router.put(CAMPAIGNS_API_PATHS.campaign, guard, parseJson, async (req, res) => {
    const fields = fieldsOr400(req, res);
    if (!fields) return;
    const id = idOf(req);
    if (fields.id !== undefined && fields.id !== id) {
      send400(res, 'Invalid campaign', ['id: differs from the id in the path']);
      return;
    }
    const replaced = await opts.campaigns!.replace(id, fields, opts.now());
    if (!replaced) return notFound(res, id);
    logger.info({ campaign: id, status: replaced.status }, 'campaign replaced');
    res.json(replaced);
  });

  router.post(CAMPAIGNS_API_PATHS.stop, guard, async (req, res) => {
    const stopped = await opts.campaigns!.stop(idOf(req), opts.now());
    if (!stopped) return notFound(res, idOf(req));
    logger.info({ campaign: stopped.id }, 'campaign stopped');
    res.json(stopped);
  });

  router.delete(CAMPAIGNS_API_PATHS.campaign, guard, async (req, res) => {
    const id = idOf(req);
    const result = await opts.campaigns!.delete(id);
    if (result === 'not-found') return notFound(res, id);
    if (result === 'heard') {
      res.status(409).json({
        error: 'Callers have heard this campaign: its report must stay. Stop it instead',
        hint: `POST /api/campaigns/${id}/stop`,
        id,
      });
      return;
    }
    logger.info({ campaign: id }, 'campaign deleted');
    res.status(204).end();
  });

  router.get(CAMPAIGNS_API_PATHS.report, guard, async (req, res) => {
    const parsed = reportQuery.safeParse(req.query);
    const issues = parsed.success ? [] : describeBodyIssues(parsed.error.issues);
    if (parsed.success && parsed.data.from && parsed.data.to && parsed.data.to < parsed.data.from) {
      issues.push('to: before from');
    }
    if (!parsed.success || issues.length > 0) {
      send400(res, 'Invalid query parameters', issues);
      return;
    }
    const report = await opts.campaigns!.report(
      idOf(req),
      parsed.data.from ?? null,
      parsed.data.to ?? null,
    );
    if (!report) return notFound(res, idOf(req));
    res.set('Cache-Control', 'no-store').json(report);
  });

  router.get(CAMPAIGNS_API_PATHS.pilot, pilotGuard, async (_req, res) => {
    const stored = await opts.pilot!.percent();
    res.set('Cache-Control', 'no-store').json({
      percent: stored ?? opts.pilotDefault,
      source: stored === null ? 'config' : 'api',
    });
  });

  router.put(CAMPAIGNS_API_PATHS.pilot, pilotGuard, parseJson, async (req, res) => {
    const parsed = pilotBody.safeParse(req.body);
    if (!parsed.success) {
      send400(res, 'Invalid pilot setting', describeBodyIssues(parsed.error.issues));
      return;
    }
    await opts.pilot!.setPercent(parsed.data.percent, opts.now());
    logger.info({ percent: parsed.data.percent }, 'pilot share changed');
    res.json({ percent: parsed.data.percent, source: 'api' });
  });

  const failed: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      send400(res, 'Malformed JSON body', ['(body): not valid JSON']);
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: `Body too large: at most ${BODY_LIMIT}` });
      return;
    }
    logger.error(
      { path: req.path, err: err instanceof Error ? { message: err.message } : err },
      'Campaigns API could not answer (500)',
    );
    res.status(500).json({ error: 'Could not read or write campaigns; retry later' });
  };
  router.use(['/api/campaigns', CAMPAIGNS_API_PATHS.pilot], failed);
  return router;
}
