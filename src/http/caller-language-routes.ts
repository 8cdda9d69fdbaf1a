import { Router, type Request, type Response } from 'express';
import type { CountryCode } from 'libphonenumber-js';
import type { CallerLanguageStore } from '../caller-language/caller-language-store.js';
import type { Logger } from '../lib/logger.js';
import { maskPhone } from '../lib/mask.js';
import { normalizePhone } from '../lib/normalize-phone.js';
import { requireApiKey } from './require-api-key.js';

export const CALLER_LANGUAGE_PATH = '/api/caller-languages/:phone';

/**
 * GET and DELETE /api/caller-languages/:phone (Bearer API_KEY): what language a number's
 * caller chose, and forgetting it (a caller's request, a number passed on to someone
 * else). The number in any format the default region parses; 400 when it does not.
 */
export function callerLanguageRoutes(opts: {
  apiKey: string | null;
  store: CallerLanguageStore | undefined;
  defaultRegion: CountryCode;
  now: () => string;
  logger: Logger;
}): Router {
  const router = Router();
  const guard = requireApiKey({
    apiKey: opts.apiKey,
    logger: opts.logger,
    endpoint: 'the caller languages endpoint',
    logName: 'caller languages',
    unavailable: () => (opts.store ? null : 'the language store is not configured'),
  });
  const phoneOf = (req: Request, res: Response): string | null => {
    const phone = normalizePhone(String(req.params.phone), opts.defaultRegion);
    if (!phone) res.status(400).json({ error: 'phone: not a phone number' });
    return phone;
  };
  router.get(CALLER_LANGUAGE_PATH, guard, async (req, res) => {
    const phone = phoneOf(req, res);
    if (!phone) return;
    const found = await opts.store!.recall(phone, opts.now());
    if (!found) res.status(404).json({ error: 'no language remembered for this number' });
    else res.json(found);
  });
  router.delete(CALLER_LANGUAGE_PATH, guard, async (req, res) => {
    const phone = phoneOf(req, res);
    if (!phone) return;
    const forgotten = await opts.store!.forget(phone);
    opts.logger.info({ phone: maskPhone(phone), forgotten }, 'caller language forgotten');
    if (forgotten) res.status(204).end();
    else res.status(404).json({ error: 'no language remembered for this number' });
  });
  return router;
}
