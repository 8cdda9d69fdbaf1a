import type { RequestHandler } from 'express';
import { constantTimeEqual } from '../lib/constant-time-equal.js';
import type { Logger } from '../lib/logger.js';

/**
 * Guards the CRM-facing JSON APIs with `Authorization: Bearer <API_KEY>`. Answers 503 when
 * API_KEY is not set (the endpoint is off, and says how to turn it on), 401 with
 * `WWW-Authenticate: Bearer` on a missing or wrong key (compared in constant time), and
 * 503 when the key is right but what the endpoint serves from is not wired; the key is
 * checked first so an unauthenticated caller learns nothing about the set-up. A signed-in
 * console (`res.locals.consoleSession`, set by consoleSessionAuth only for reads and for
 * writes carrying the session's CSRF token) counts as the key.
 */
export function requireApiKey(opts: {
  apiKey: string | null;
  logger: Logger;
  /** The endpoint as the 503 names it: `the CRM events endpoint`. */
  endpoint: string;
  /** The endpoint as the log names it: `CRM events`. */
  logName: string;
  /** Why the endpoint cannot serve even with the right key, or null when it can. */
  unavailable?: () => string | null;
}): RequestHandler {
  const { apiKey, logger } = opts;
  return (req, res, next) => {
    if (res.locals.consoleSession) {
      const reason = opts.unavailable?.() ?? null;
      if (reason !== null) res.status(503).json({ error: reason });
      else next();
      return;
    }
    if (apiKey === null) {
      res.status(503).json({
        error: `API_KEY is not set: ${opts.endpoint} is disabled`,
        hint: 'Set API_KEY in .env (see .env.example) and restart.',
      });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match?.[1] || !constantTimeEqual(match[1], apiKey)) {
      logger.warn({ path: req.path }, `${opts.logName} rejected: missing or wrong API key (401)`);
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'Invalid API key' });
      return;
    }
    const reason = opts.unavailable?.() ?? null;
    if (reason !== null) {
      res.status(503).json({ error: reason });
      return;
    }
    next();
  };
}
