import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse as parseCookies } from 'cookie';
import express, { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { constantTimeEqual } from '../lib/constant-time-equal.js';
import type { Logger } from '../lib/logger.js';
import type { ConsoleSession, ConsoleSessions } from './console-sessions.js';
import { verifyPassword } from './password-hash.js';

/** The session cookie: HttpOnly, SameSite=Strict, Secure behind https. */
export const CONSOLE_COOKIE = 'ivr_console';
/** Header a console write must carry, equal to its session's token (CSRF). */
export const CSRF_HEADER = 'x-csrf-token';

/** The browser files: the console's own (public/console/) and the libraries' dist files. */
const here = dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = join(here, '..', '..', 'public', 'console');
const require = createRequire(import.meta.url);
/** A file of an installed package (the packages' `exports` hide their dist folders). */
function packageFile(name: string, file: string): string {
  const entry = require.resolve(name);
  const marker = `node_modules/${name}/`;
  const at = entry.lastIndexOf(marker);
  if (at === -1) throw new Error(`${name} is not installed under node_modules`);
  return join(entry.slice(0, at + marker.length), file);
}
const VENDOR: Record<string, string> = {
  'preact.mjs': packageFile('preact', 'dist/preact.module.js'),
  'hooks.mjs': packageFile('preact', 'hooks/dist/hooks.module.js'),
  'htm.mjs': packageFile('htm', 'dist/htm.module.js'),
  'chart.umd.min.js': packageFile('chart.js', 'dist/chart.umd.min.js'),
};

const loginBody = z.union([
  z.strictObject({ user: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  z.strictObject({ apiKey: z.string().min(1).max(256) }),
]);

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set by consoleSessionAuth when the request comes from a signed-in console. */
    consoleSession?: ConsoleSession;
  }
}

/**
 * Reads the console's session cookie on every request: a valid session on a safe request
 * (GET, HEAD), or on a write that carries the session's CSRF token, is put in
 * `res.locals.consoleSession`, which requireApiKey accepts in place of the Bearer key.
 */
export function consoleSessionAuth(sessions: ConsoleSessions): RequestHandler {
  return (req, res, next) => {
    const id = parseCookies(req.get('cookie') ?? '')[CONSOLE_COOKIE];
    if (!id) {
      next();
      return;
    }
    sessions
      .get(id)
      .then((session) => {
        if (session) {
          const safe = req.method === 'GET' || req.method === 'HEAD';
          const token = req.get(CSRF_HEADER) ?? '';
          if (safe || (token !== '' && constantTimeEqual(token, session.csrf))) {
            res.locals.consoleSession = session;
          }
        }
        next();
      })
      .catch(next);
  };
}

/**
 * The web console at /console (docs/analytics.md#the-console): the login (the operator
 * account of CONSOLE_USER / CONSOLE_PASSWORD_HASH, or API_KEY exchanged for a session
 * cookie), the page, its scripts and the libraries' browser builds. Every view's data comes
 * from the /api endpoints, which accept the session; nothing but the login form and the
 * static scripts answers without one.
 */
export function consoleRoutes(opts: {
  sessions: ConsoleSessions;
  apiKey: string | null;
  user: string | null;
  passwordHash: string | null;
  sessionHours: number;
  /** PUBLIC_URL: the cookie is Secure when it is https. */
  publicUrl: string;
  logger: Logger;
}): Router {
  const { sessions, logger } = opts;
  const router = Router();
  const secure = opts.publicUrl.startsWith('https:');
  const enabled = opts.apiKey !== null || (opts.user !== null && opts.passwordHash !== null);

  const page = (res: Response) =>
    res
      .set({
        'Cache-Control': 'no-store',
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'same-origin',
      })
      .sendFile(join(PUBLIC_DIR, 'index.html'));

  router.get('/console/login', (_req, res) => void page(res));
  // Every other page of the console needs a session: without one, the login.
  router.get(['/console', '/console/', '/console/view/*rest'], (_req, res) => {
    if (res.locals.consoleSession) page(res);
    else res.redirect(303, '/console/login');
  });
  router.use('/console/assets', express.static(join(PUBLIC_DIR, 'assets'), { index: false }));
  router.get('/console/vendor/:file', (req, res) => {
    const file = VENDOR[req.params.file];
    if (!file) {
      res.status(404).json({ error: 'Not found' });
      return;
    }
    res.set('Cache-Control', 'public, max-age=3600').type('text/javascript').sendFile(file);
  });

  router.get('/console/session', (_req, res) => {
    const session = res.locals.consoleSession;
    res.set('Cache-Control', 'no-store');
    if (!session) {
      res.status(401).json({ error: 'Not signed in', enabled });
      return;
    }
    res.json({ user: session.user, csrf: session.csrf });
  });

  router.post('/console/login', express.json({ limit: '4kb' }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!enabled) {
      res.status(503).json({
        error: 'The console is disabled',
        hint: 'Set CONSOLE_USER and CONSOLE_PASSWORD_HASH (npm run console:password), or API_KEY, and restart.',
      });
      return;
    }
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        error: 'Invalid login',
        fields: ['user', 'password'],
        hint: 'Send {"user","password"} or {"apiKey"} as JSON.',
      });
      return;
    }
    let user: string | null = null;
    if ('apiKey' in parsed.data) {
      if (opts.apiKey !== null && constantTimeEqual(parsed.data.apiKey, opts.apiKey)) {
        user = 'api-key';
      }
    } else if (opts.user !== null && opts.passwordHash !== null) {
      // The hash is checked even for a wrong name, so the answer takes as long either way.
      const ok = await verifyPassword(parsed.data.password, opts.passwordHash);
      if (ok && constantTimeEqual(parsed.data.user, opts.user)) user = opts.user;
    }
    if (user === null) {
      logger.warn('console login refused (401)');
      res.status(401).json({ error: 'Wrong user name, password or key' });
      return;
    }
    const { id, session } = await sessions.create(user);
    logger.info({ user }, 'console login');
    res
      .cookie(CONSOLE_COOKIE, id, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        maxAge: opts.sessionHours * 3_600_000,
      })
      .json({ user: session.user, csrf: session.csrf });
  });

  router.post('/console/logout', async (req, res) => {
    const id = parseCookies(req.get('cookie') ?? '')[CONSOLE_COOKIE];
    if (id && res.locals.consoleSession) await sessions.delete(id);
    res
      .clearCookie(CONSOLE_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' })
      .status(204)
      .end();
  });
  return router;
}
