import type { ErrorRequestHandler } from 'express';
import { SignatureError } from '../errors/signature-error.js';
import { WebhookPayloadError } from '../errors/webhook-payload-error.js';
import type { ProviderDeps } from '../providers/provider-deps.js';
import { twilioFailureResponse } from '../providers/twilio/index.js';
import { vonageFailureNcco } from '../providers/vonage/index.js';

/**
 * The one place failures become HTTP answers:
 * - a bad signature → 403 (the request is not from the provider);
 * - a payload that does not parse → 400 naming the fields;
 * - anything else during a call → 200 with TwiML/NCCO that apologises and connects the
 *   operator, so a bug of ours never drops a caller.
 */
export function errorHandler(deps: ProviderDeps): ErrorRequestHandler {
  const { logger } = deps;
  return (err: unknown, req, res, _next) => {
    if (err instanceof SignatureError) {
      logger.warn(
        { path: req.path, reason: err.message, hint: err.hint },
        'webhook rejected (403)',
      );
      res.status(403).type('text/plain').send(err.message);
      return;
    }
    if (err instanceof WebhookPayloadError) {
      logger.warn({ path: req.path, fields: err.fields }, 'webhook payload rejected (400)');
      res.status(400).json({ error: err.message, fields: err.fields });
      return;
    }
    if (isBodyParseError(err)) {
      logger.warn({ path: req.path }, 'malformed request body (400)');
      res.status(400).json({ error: 'Malformed request body', fields: ['(body)'] });
      return;
    }
    logger.error(
      {
        path: req.path,
        err: err instanceof Error ? { message: err.message, stack: err.stack } : err,
      },
      'webhook failed: answering with apology and operator',
    );
    if (req.path.startsWith('/twilio/')) {
      res.status(200).type('text/xml').send(twilioFailureResponse(deps));
    } else if (req.path.startsWith('/vonage/')) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const query = req.query as Record<string, unknown>;
      const callId = pickString(body.uuid) ?? pickString(query.uuid) ?? pickString(query.call);
      const to = pickString(body.to) ?? pickString(query.to);
      res.status(200).json(vonageFailureNcco(deps, callId ?? 'unknown', to));
    } else {
      res.status(500).json({ error: 'Internal error' });
    }
  };
}

const pickString = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function isBodyParseError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { type?: unknown }).type === 'entity.parse.failed'
  );
}
