import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { z } from 'zod';
import { crmFileEventSchema } from '../crm/ranking/ranking-file-schema.js';
import {
  checkRankingEvent,
  toRankingEvent,
  type RankingEvent,
} from '../crm/ranking/ranking-event.js';
import type { RankingSettings } from '../crm/ranking/ranking-settings.js';
import type { Logger } from '../lib/logger.js';
import { requireApiKey } from './require-api-key.js';

/** Where the CRM posts its events. */
export const CRM_EVENTS_PATH = '/api/crm-events';

/** Events per request: a batch of this size records in well under a second. */
export const MAX_EVENTS_PER_POST = 1000;

/** Records events in the ranking; resolves to how many were new. */
export type RankingIngest = (events: RankingEvent[]) => Promise<number>;

const batchSchema = z.strictObject({
  events: z.array(crmFileEventSchema).min(1).max(MAX_EVENTS_PER_POST),
});

/** `['events', 2, 'type']` → `events[2].type`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(body)';
}

/** Zod issues as `field: problem`, never with the value (ids may be personal). */
function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [`${formatPath(issue.path)}: ${missing ? 'required' : issue.message}`];
  });
}

/** The body as events, or the problems naming each bad field. */
function parseBody(
  body: unknown,
  settings: RankingSettings,
  nowMs: number,
): { events: RankingEvent[] } | { problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: ['(body): expected a JSON object: one event, or { "events": [...] }'] };
  }
  const batch = 'events' in body;
  const parsed = batch
    ? batchSchema.safeParse(body, { reportInput: true })
    : crmFileEventSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) return { problems: describeIssues(parsed.error.issues) };
  const inputs = 'events' in parsed.data ? parsed.data.events : [parsed.data];
  const problems: string[] = [];
  const events = inputs.map((input, i) => {
    const event = toRankingEvent(input);
    for (const problem of checkRankingEvent(event, settings, nowMs)) {
      problems.push(batch ? `events[${i}].${problem}` : problem);
    }
    return event;
  });
  return problems.length > 0 ? { problems } : { events };
}

/**
 * POST /api/crm-events: the CRM reports events (invoice sent, call, email …) as they
 * happen, and each updates the precomputed ranking incrementally (docs/employee-ranking.md).
 * `Authorization: Bearer <API_KEY>`; body one event or `{ "events": [...] }` (at most 1000).
 * Answers 202 `{ recorded }` (events not seen before), 400 naming every bad field, 401 on a
 * wrong key, 503 when API_KEY is not set or there is no database to record in. Errors are
 * answered here, in JSON: the central handler's apology-and-operator is for calls.
 */
export function crmEventsRoutes(opts: {
  apiKey: string | null;
  ranking: RankingSettings;
  ingest: RankingIngest | undefined;
  logger: Logger;
  now?: () => number;
}): Router {
  const { apiKey, ingest, logger } = opts;
  const now = opts.now ?? Date.now;
  const router = Router();

  const authenticate = requireApiKey({
    apiKey,
    logger,
    endpoint: 'the CRM events endpoint',
    logName: 'CRM events',
    unavailable: () => (ingest ? null : 'No CRM database to record events in'),
  });

  const record: RequestHandler = async (req, res) => {
    const body: unknown = req.body;
    const parsed = parseBody(body, opts.ranking, now());
    if ('problems' in parsed) {
      logger.warn({ path: req.path, issues: parsed.problems }, 'CRM events rejected (400)');
      res.status(400).json({
        error: 'Invalid CRM events',
        issues: parsed.problems,
        fields: [...new Set(parsed.problems.map((p) => p.slice(0, p.indexOf(':'))))],
      });
      return;
    }
    const recorded = ingest ? await ingest(parsed.events) : 0;
    logger.info({ received: parsed.events.length, recorded }, 'CRM events recorded');
    res.status(202).json({ recorded });
  };

  const failed: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const type = (err as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: 'Malformed JSON body', fields: ['(body)'] });
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: `Body too large: send at most ${MAX_EVENTS_PER_POST} events` });
      return;
    }
    logger.error(
      { path: req.path, err: err instanceof Error ? { message: err.message } : err },
      'CRM events could not be recorded (500)',
    );
    res.status(500).json({ error: 'Events could not be recorded; retry later' });
  };

  // Its own JSON parser, larger than the webhooks' 100 kB: 1000 events are about 150 kB.
  router.post(CRM_EVENTS_PATH, authenticate, express.json({ limit: '1mb' }), record);
  router.use(CRM_EVENTS_PATH, failed);
  return router;
}
