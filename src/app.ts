import express, { type Express } from 'express';
import type { CallQueries } from './calls/call-queries.js';
import { callsApiRoutes } from './http/calls-api-routes.js';
import { crmEventsRoutes, type RankingIngest } from './http/crm-events-routes.js';
import { errorHandler } from './http/error-handler.js';
import { keepRawBody } from './http/raw-body.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { twilioRoutes } from './providers/twilio/index.js';
import { vonageRoutes } from './providers/vonage/index.js';
import type { TaskQueries } from './tasks/task-queries.js';
import { audioRoutes } from './synthesis/audio-routes.js';
import { callerLanguageRoutes } from './http/caller-language-routes.js';

/** What the app needs: the providers' dependencies, and optionally what the CRM APIs use. */
export interface AppDeps extends ProviderDeps {
  /** Records CRM events (POST /api/crm-events); without it the endpoint answers 503. */
  rankingIngest?: RankingIngest;
  /** Reads the call log (GET /api/calls…); without it those endpoints answer 503. */
  callQueries?: CallQueries;
  /** Reads the task list (GET /api/tasks); without it the endpoint answers 503. */
  taskQueries?: TaskQueries;
}

/**
 * The HTTP composition root: the CRM APIs (events, calls, tasks), body parsers that keep
 * the raw bytes (for signatures), one router per provider, and the central error handler.
 * Holds no call logic.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // First, with their own parser and error answers: APIs for the CRM, not webhooks.
  app.use(
    crmEventsRoutes({
      apiKey: deps.config.apiKey,
      ranking: deps.config.ranking,
      ingest: deps.rankingIngest,
      logger: deps.logger,
    }),
  );
  app.use(
    callsApiRoutes({
      apiKey: deps.config.apiKey,
      calls: deps.callQueries,
      tasks: deps.taskQueries,
      companyTimeZone: deps.config.companyTimeZone,
      defaultRegion: deps.config.defaultRegion,
      logger: deps.logger,
    }),
  );
  app.use(
    callerLanguageRoutes({
      apiKey: deps.config.apiKey,
      store: deps.callerLanguages,
      defaultRegion: deps.config.defaultRegion,
      now: () => deps.runtime.now(),
      logger: deps.logger,
    }),
  );
  // The provider's Host/proto do not matter: signatures are checked against PUBLIC_URL.
  app.use(express.urlencoded({ extended: false, limit: '100kb', verify: keepRawBody }));
  app.use(express.json({ limit: '100kb', verify: keepRawBody }));

  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  // Synthesised prompts the providers fetch for <Play>/stream (docs/speech.md).
  if (deps.voicer) app.use(audioRoutes(deps.voicer.cache));
  app.use(twilioRoutes(deps));
  app.use(vonageRoutes(deps));
  app.use(errorHandler(deps));
  return app;
}
