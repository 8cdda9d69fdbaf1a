import type { ErrorRequestHandler, Request, Response } from 'express';
import { SignatureError } from '../errors/signature-error.js';
import { WebhookPayloadError } from '../errors/webhook-payload-error.js';
import type { ProviderDeps } from '../providers/provider-deps.js';
import { twilioFailureResponse } from '../providers/twilio/index.js';
import { vonageFailureNcco } from '../providers/vonage/index.js';
import { constantTwilioFailure, constantVonageFailure } from './failure-answers.js';
import { isVerified } from './webhook-verified.js';

/**
 * The one place failures become HTTP answers. Never an HTML page, never a stack:
 * - a bad signature → 403 (the request is not from the provider);
 * - a payload that does not parse → 400 naming the fields;
 * - a body that cannot be read (too large, unsupported encoding or charset, broken) →
 *   413/415/400 as JSON: it failed before any signature check, so it gets no TwiML/NCCO;
 * - anything else during a signed call → 200 with TwiML/NCCO that apologises and connects
 *   the operator, so a bug of ours never drops a caller. Unsigned requests → 500 JSON.
 * Rendering the apology cannot make things worse: if it throws, a constant answer that only
 * connects the operator goes out instead.
 */
export function errorHandler(deps: ProviderDeps): ErrorRequestHandler {
  const { logger } = deps;
  const lastTwilio = constantTwilioFailure(deps.flow.operator);
  const lastVonage = constantVonageFailure(deps.flow.operator);

  const answer = (err: unknown, req: Request, res: Response) => {
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
    const client = clientError(err);
    if (client) {
      logger.warn(
        { path: req.path, status: client.status, type: client.type },
        'unreadable request body',
      );
      res
        .status(client.status)
        .json({ error: client.message, ...(client.status === 400 ? { fields: ['(body)'] } : {}) });
      return;
    }
    logger.error(
      {
        path: req.path,
        verified: isVerified(res),
        err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
      },
      'webhook failed',
    );
    if (!isVerified(res) || !isWebhookPath(req.path)) {
      res.status(500).json({ error: 'Internal error' });
    } else if (req.path.startsWith('/twilio/')) {
      res.status(200).type('text/xml').send(twilioFailureResponse(deps));
    } else {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const query = req.query as Record<string, unknown>;
      const callId = pickString(body.uuid) ?? pickString(query.uuid) ?? pickString(query.call);
      const to = pickString(body.to) ?? pickString(query.to);
      res.status(200).json(vonageFailureNcco(deps, callId, to));
    }
  };

  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      // Too late for another answer: end what was started rather than let Express append.
      logger.error({ path: req.path }, 'failure after the answer had started');
      res.end();
      return;
    }
    try {
      answer(err, req, res);
    } catch (again) {
      logger.error(
        { path: req.path, err: again instanceof Error ? again.message : String(again) },
        'failure answer could not be rendered: constant answer sent',
      );
      if (res.headersSent) return void res.end();
      if (isVerified(res) && req.path.startsWith('/twilio/')) {
        res.status(200).type('text/xml').send(lastTwilio);
      } else if (isVerified(res) && req.path.startsWith('/vonage/')) {
        res.status(200).json(lastVonage);
      } else {
        res.status(500).json({ error: 'Internal error' });
      }
    }
  };
}

const isWebhookPath = (path: string) => path.startsWith('/twilio/') || path.startsWith('/vonage/');

const pickString = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * A 4xx raised while reading the request (body-parser's http-errors: `entity.too.large` 413,
 * `encoding.unsupported` / `charset.unsupported` 415, `entity.parse.failed` 400,
 * `request.aborted` 400, a malformed URL 400). Their messages are meant for the client.
 */
function clientError(err: unknown): { status: number; type: string; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499 || e.expose !== true) return null;
  const type = typeof e.type === 'string' ? e.type : 'client.error';
  const message =
    status === 413
      ? 'Request body too large'
      : status === 415
        ? 'Unsupported request body encoding or charset'
        : type === 'entity.parse.failed'
          ? 'Malformed request body'
          : 'Bad request';
  return { status, type, message };
}
