import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { decodeCallCursor } from '../calls/call-cursor.js';
import type { CallFilter, CallQueries, PageRequest } from '../calls/call-queries.js';
import { CALL_DIRECTIONS, CALL_OUTCOMES, type CallSummary } from '../calls/call-views.js';
import type { Logger } from '../lib/logger.js';
import { maskPhone } from '../lib/mask.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import {
  OPEN_TASK_STATUSES,
  TASK_KINDS,
  TASK_STATUSES,
  type TaskFilter,
  type TaskQueries,
} from '../tasks/task-queries.js';
import { requireApiKey } from './require-api-key.js';

export const CALLS_API_PATHS = {
  calls: '/api/calls',
  call: '/api/calls/:callId',
  tasks: '/api/tasks',
} as const;

/** Items per page: default and most. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** A query parameter given once, trimmed, not empty. */
const single = z.string({ error: 'expected a single value' }).trim().min(1, 'must not be empty');

/** A whole number in [min, max], written in digits. */
function wholeNumber(min: number, max: number) {
  const message = `expected a whole number from ${min} to ${max}`;
  return single.transform((text, ctx) => {
    const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });
}

/** `a,b` or `?x=a&x=b`, case-insensitive, each one of `allowed`. */
function listOf<T extends string>(allowed: readonly T[], fold: (text: string) => string) {
  return z
    .union([z.string(), z.array(z.string())], { error: 'expected text' })
    .transform((raw, ctx) => {
      const values = [raw]
        .flat()
        .flatMap((v) => v.split(','))
        .map((v) => fold(v.trim()))
        .filter((v) => v !== '');
      if (values.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must not be empty' });
        return z.NEVER;
      }
      const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
      if (unknown.length > 0) {
        const shown = unknown.map((v) => JSON.stringify(v.slice(0, 30))).join(', ');
        ctx.addIssue({
          code: 'custom',
          message: `unknown value ${shown}; allowed: ${allowed.join(', ')}`,
        });
        return z.NEVER;
      }
      return [...new Set(values)] as T[];
    });
}

/** `[start, end)` of a `from`/`to` value. */
interface TimeSpan {
  start: number;
  end: number;
}

/**
 * A bare date is that whole day in the company's zone (what "calls of the 20th" means to
 * the people asking); anything with a time must carry its offset, or it would be a guess.
 * An instant covers its millisecond, the precision of the stored times.
 */
function parseTime(text: string, zone: string): TimeSpan | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (!day.isValid) return null;
    return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
  }
  // An unencoded `+` in a query string arrives as a space; nothing else puts one there.
  const instant = text.replace(/ (\d{2}(:?\d{2})?)$/, '+$1');
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/.test(instant)
  ) {
    return null;
  }
  const at = DateTime.fromISO(instant, { setZone: true });
  return at.isValid ? { start: at.toMillis(), end: at.toMillis() + 1 } : null;
}

function timeSchema(zone: string) {
  const message = `expected a day (2026-11-20: the whole day in ${zone}) or an instant with its offset (2026-11-20T09:00:00+05:00)`;
  return single.transform((text, ctx) => {
    const span = parseTime(text, zone);
    if (!span) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return span;
  });
}

/** Zod issues as `parameter: problem`, never with the value (numbers and ids are personal). */
function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${key}: unknown parameter`);
    }
    return [`${String(issue.path[0] ?? '(query)')}: ${issue.message}`];
  });
}

type Parsed<T> = { ok: T } | { problems: string[] };

function parseWith<T>(schema: z.ZodType<T>, query: unknown): Parsed<T> {
  const parsed = schema.safeParse(query);
  return parsed.success ? { ok: parsed.data } : { problems: describeIssues(parsed.error.issues) };
}

/**
 * GET /api/calls, /api/calls/:callId and /api/tasks: the call log and the task list for the
 * CRM (docs/api.md). `Authorization: Bearer <API_KEY>` like POST /api/crm-events. Answers
 * 400 naming every bad query parameter, 404 for an unknown call, 401 on a wrong key, 503
 * when API_KEY is not set or the queries are not wired. Phone numbers in the answers are
 * not masked (the CRM needs them, behind its key); in the logs they are.
 */
export function callsApiRoutes(opts: {
  apiKey: string | null;
  calls: CallQueries | undefined;
  tasks: TaskQueries | undefined;
  /** IANA zone in which a bare date (`from=2026-11-20`) is a whole day. */
  companyTimeZone: string;
  /** Region of numbers written without a country code (`did=8 7172 00 00 01`). */
  defaultRegion: CountryCode;
  logger: Logger;
}): Router {
  const { calls, tasks, logger, companyTimeZone } = opts;
  const router = Router();

  const time = timeSchema(opts.companyTimeZone);
  const callsQuery = z.strictObject({
    from: time.optional(),
    to: time.optional(),
    status: listOf(CALL_OUTCOMES, (v) => v.toUpperCase()).optional(),
    customerId: single.optional(),
    did: single
      .transform((text, ctx) => {
        const e164 = normalizePhone(text, opts.defaultRegion);
        if (e164 === null) {
          ctx.addIssue({ code: 'custom', message: 'not a phone number' });
          return z.NEVER;
        }
        return e164;
      })
      .optional(),
    direction: z
      .enum(CALL_DIRECTIONS, { error: `expected ${CALL_DIRECTIONS.join(' or ')}` })
      .optional(),
    campaign: single.optional(),
    limit: wholeNumber(1, MAX_PAGE_LIMIT).optional(),
    cursor: single
      .refine(
        (text) => decodeCallCursor(text) !== null,
        'malformed cursor: pass nextCursor of the previous page as it is',
      )
      .optional(),
  });
  const tasksQuery = z.strictObject({
    status: listOf(TASK_STATUSES, (v) => v.toLowerCase()).optional(),
    customerId: single.optional(),
    kind: z.enum(TASK_KINDS, { error: `expected one of ${TASK_KINDS.join(', ')}` }).optional(),
    limit: wholeNumber(1, MAX_PAGE_LIMIT).optional(),
    offset: wholeNumber(0, 1_000_000_000).optional(),
  });
  const noQuery = z.strictObject({});

  function parseCallsQuery(query: unknown): Parsed<{ filter: CallFilter; page: PageRequest }> {
    const parsed = callsQuery.safeParse(query);
    const problems = parsed.success ? [] : describeIssues(parsed.error.issues);
    // Checked apart from the schema so it is reported alongside any other bad parameter.
    const q = (query ?? {}) as Record<string, unknown>;
    const from = time.safeParse(q.from);
    const to = time.safeParse(q.to);
    if (from.success && to.success && to.data.end <= from.data.start) {
      problems.push('to: before from');
    }
    if (!parsed.success || problems.length > 0) return { problems };
    const p = parsed.data;
    const iso = (ms: number) => new Date(ms).toISOString();
    const filter: CallFilter = {
      ...(p.from && { from: iso(p.from.start) }),
      ...(p.to && { to: iso(p.to.end) }),
      ...(p.status && { status: p.status }),
      ...(p.customerId !== undefined && { customerId: p.customerId }),
      ...(p.did !== undefined && { did: p.did }),
      ...(p.direction && { direction: p.direction }),
      ...(p.campaign !== undefined && { campaign: p.campaign }),
    };
    const page: PageRequest = {
      limit: p.limit ?? DEFAULT_PAGE_LIMIT,
      ...(p.cursor !== undefined && { cursor: p.cursor }),
    };
    return { ok: { filter, page } };
  }

  /** Answers 400 and returns null when the query does not parse. */
  function parsedOr400<T>(req: Request, res: Response, parsed: Parsed<T>): T | null {
    if ('ok' in parsed) return parsed.ok;
    logger.warn({ path: req.path, issues: parsed.problems }, 'Calls API query rejected (400)');
    res.status(400).json({
      error: 'Invalid query parameters',
      issues: parsed.problems,
      fields: [...new Set(parsed.problems.map((p) => p.slice(0, p.indexOf(':'))))],
    });
    return null;
  }

  const guard = (unavailable: () => string | null) =>
    requireApiKey({
      apiKey: opts.apiKey,
      logger,
      endpoint: 'the calls API',
      logName: 'Calls API',
      unavailable,
    });
  const needCalls = guard(() => (calls ? null : 'No call log database to read calls from'));
  const needTasks = guard(() => (tasks ? null : 'No task list to read tasks from'));

  router.get(CALLS_API_PATHS.calls, needCalls, async (req, res) => {
    const parsed = parsedOr400(req, res, parseCallsQuery(req.query));
    if (!parsed || !calls) return;
    const page = await calls.listCalls(parsed.filter, parsed.page);
    logger.debug(
      {
        // The number masked and the customer id left out, like every other log line.
        filter: {
          ...parsed.filter,
          ...(parsed.filter.did && { did: maskPhone(parsed.filter.did) }),
          ...(parsed.filter.customerId !== undefined && { customerId: '[given]' }),
        },
        returned: page.items.length,
        total: page.total,
      },
      'calls listed',
    );
    res
      .set('Cache-Control', 'no-store')
      .json({ ...page, items: page.items.map((c) => withLocalTimes(c, companyTimeZone)) });
  });

  router.get(CALLS_API_PATHS.call, needCalls, async (req, res) => {
    if (!parsedOr400(req, res, parseWith(noQuery, req.query)) || !calls) return;
    const callId = String(req.params.callId);
    const call = await calls.getCall(callId);
    if (!call) {
      res.status(404).json({ error: 'No such call', callId });
      return;
    }
    logger.debug({ callId }, 'call read');
    res.set('Cache-Control', 'no-store').json(withLocalTimes(call, companyTimeZone));
  });

  router.get(CALLS_API_PATHS.tasks, needTasks, async (req, res) => {
    const parsed = parsedOr400(req, res, parseWith(tasksQuery, req.query));
    if (!parsed || !tasks) return;
    const filter: TaskFilter = {
      status: parsed.status ?? [...OPEN_TASK_STATUSES],
      ...(parsed.customerId !== undefined && { customerId: parsed.customerId }),
      ...(parsed.kind && { kind: parsed.kind }),
    };
    const offset = parsed.offset ?? 0;
    const { items, total } = await tasks.listTasks(filter, {
      limit: parsed.limit ?? DEFAULT_PAGE_LIMIT,
      offset,
    });
    const next = offset + items.length;
    logger.debug(
      { status: filter.status, kind: filter.kind, returned: items.length, total },
      'tasks listed',
    );
    res
      .set('Cache-Control', 'no-store')
      .json({ items, total, nextOffset: items.length > 0 && next < total ? next : null });
  });

  const failed: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    logger.error(
      { path: req.path, err: err instanceof Error ? { message: err.message } : err },
      'Calls API could not answer (500)',
    );
    res.status(500).json({ error: 'Could not read the call log or tasks; retry later' });
  };
  router.use([CALLS_API_PATHS.calls, CALLS_API_PATHS.tasks], failed);
  return router;
}

/** An instant in the company's zone, with its offset: `2026-11-20T23:30:00.000+05:00`. */
function local(iso: string | null, zone: string): string | null {
  if (iso === null) return null;
  const at = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return at.isValid ? at.toISO() : null;
}

/**
 * The call with its start and end also in the company's time zone (COMPANY_TIME_ZONE): the
 * stored instants stay UTC, people read local times.
 */
export function withLocalTimes<T extends CallSummary>(call: T, zone: string) {
  return {
    ...call,
    startedAtLocal: local(call.startedAt, zone),
    endedAtLocal: local(call.endedAt, zone),
  };
}
