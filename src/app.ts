import express, { type Express } from 'express';
import { crmEventsRoutes, type RankingIngest } from './http/crm-events-routes.js';
import { errorHandler } from './http/error-handler.js';
import { keepRawBody } from './http/raw-body.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { twilioRoutes } from './providers/twilio/index.js';
import { vonageRoutes } from './providers/vonage/index.js';

/** What the app needs: the providers' dependencies, and optionally the events ingest. */
export interface AppDeps extends ProviderDeps {
  /** Records CRM events (POST /api/crm-events); without it the endpoint answers 503. */
  rankingIngest?: RankingIngest;
}

/**
 * The HTTP composition root: the CRM events API, body parsers that keep the raw bytes
 * (for signatures), one router per provider, and the central error handler. Holds no call
 * logic.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // First, with its own parser and error answers: an API for the CRM, not a webhook.
  app.use(
    crmEventsRoutes({
      apiKey: deps.config.apiKey,
      ranking: deps.config.ranking,
      ingest: deps.rankingIngest,
      logger: deps.logger,
    }),
  );
  // The provider's Host/proto do not matter: signatures are checked against PUBLIC_URL.
  app.use(express.urlencoded({ extended: false, limit: '100kb', verify: keepRawBody }));
  app.use(express.json({ limit: '100kb', verify: keepRawBody }));

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(twilioRoutes(deps));
  app.use(vonageRoutes(deps));
  app.use(errorHandler(deps));
  return app;
}
