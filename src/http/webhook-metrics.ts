import type { RequestHandler } from 'express';
import { webhookDuration } from '../observability/metrics.js';

/**
 * Times every provider webhook (`/twilio/…`, `/vonage/…`) into
 * `ivr_webhook_duration_seconds{provider, route, status}`. The route is the matched path, so
 * the label set stays small whatever URLs arrive; unmatched paths count as `unmatched`.
 */
export function webhookMetrics(): RequestHandler {
  return (req, res, next) => {
    const provider = /^\/(twilio|vonage)\//.exec(req.path)?.[1];
    if (!provider) return next();
    const end = webhookDuration.startTimer({ provider });
    res.on('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({ route: typeof route === 'string' ? route : 'unmatched', status: res.statusCode });
    });
    next();
  };
}
