import express, { type Express } from 'express';
import type { CallQueries } from './calls/call-queries.js';
import { callsApiRoutes } from './http/calls-api-routes.js';
import { crmEventsRoutes, type RankingIngest } from './http/crm-events-routes.js';
import { errorHandler } from './http/error-handler.js';
import { operationsRoutes, type Readiness } from './http/operations-routes.js';
import { eventLoopDebugRoutes } from './http/event-loop-debug.js';
import { keepRawBody } from './http/raw-body.js';
import { webhookBodyEncoding } from './http/webhook-body-encoding.js';
import { webhookMetrics } from './http/webhook-metrics.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { twilioRoutes } from './providers/twilio/index.js';
import { vonageRoutes } from './providers/vonage/index.js';
import type { TaskQueries } from './tasks/task-queries.js';
import { audioRoutes } from './synthesis/audio-routes.js';
import { callerLanguageRoutes } from './http/caller-language-routes.js';
import { analyticsApiRoutes } from './http/analytics-api-routes.js';
import { consoleRoutes, consoleSessionAuth } from './console/console-routes.js';
import type { ConsoleSessions } from './console/console-sessions.js';
import type { SqlAnalyticsQueries } from './analytics/sql-analytics-queries.js';
import { campaignsApiRoutes } from './http/campaigns-api-routes.js';
import type { CampaignStore } from './campaigns/campaign-store.js';
import type { PilotSettings } from './campaigns/pilot-settings.js';
import { controlPointsOf } from './flow/control-points.js';

/** What the app needs: the providers' dependencies, and optionally what the CRM APIs use. */
export interface AppDeps extends ProviderDeps {
  /** Records CRM events (POST /api/crm-events); without it the endpoint answers 503. */
  rankingIngest?: RankingIngest;
  /** Reads the call log (GET /api/calls…); without it those endpoints answer 503. */
  callQueries?: CallQueries;
  /** Reads the task list (GET /api/tasks); without it the endpoint answers 503. */
  taskQueries?: TaskQueries;
  /** Reads the analytics rollups (GET /api/analytics/…); without it they answer 503. */
  analytics?: SqlAnalyticsQueries;
  /** Console sign-ins (docs/analytics.md#the-console); without them the console is off. */
  consoleSessions?: ConsoleSessions;
  /** What GET /ready checks; without it /ready only says the process is up. */
  readiness?: Readiness;
  /** Campaigns (/api/campaigns); without them those endpoints answer 503. */
  campaigns?: CampaignStore;
  /** The pilot's share as changed through /api/pilot; without it that endpoint answers 503. */
  pilotSettings?: PilotSettings;
}

/**
 * The HTTP composition root: the CRM APIs (events, calls, tasks), body parsers that keep
 * the raw bytes (for signatures), one router per provider, and the central error handler.
 * Holds no call logic.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag hashed from every answer: a provider never revalidates a webhook's answer, and
  // the audio route sets its own (a hash per TwiML/NCCO was a visible share of a webhook).
  app.set('etag', false);
  // While shutting down, answers close their connection: clients reconnect elsewhere.
  app.use((_req, res, next) => {
    if (deps.readiness?.draining()) res.set('Connection', 'close');
    next();
  });
  app.use(webhookMetrics());
  app.use(
    operationsRoutes({
      readiness: deps.readiness,
      metricsToken: deps.config.metricsToken,
      logger: deps.logger,
    }),
  );
  if (deps.config.debugEventLoop) app.use(eventLoopDebugRoutes());
  // The console's session stands in for the API key on the APIs below (CSRF-checked writes).
  if (deps.consoleSessions) {
    app.use(consoleSessionAuth(deps.consoleSessions));
    app.use(
      consoleRoutes({
        sessions: deps.consoleSessions,
        apiKey: deps.config.apiKey,
        user: deps.config.console.user,
        passwordHash: deps.config.console.passwordHash,
        sessionHours: deps.config.console.sessionHours,
        publicUrl: deps.config.publicUrl,
        logger: deps.logger,
      }),
    );
  }
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
    analyticsApiRoutes({
      apiKey: deps.config.apiKey,
      analytics: deps.analytics,
      companyTimeZone: deps.config.companyTimeZone,
      now: () => deps.runtime.now(),
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
  app.use(
    campaignsApiRoutes({
      apiKey: deps.config.apiKey,
      campaigns: deps.campaigns,
      pilot: deps.pilotSettings,
      pilotDefault: deps.config.pilot.percent,
      controlPoints: controlPointsOf(deps.flow.settings),
      now: () => deps.runtime.now(),
      logger: deps.logger,
    }),
  );
  // The provider's Host/proto do not matter: signatures are checked against PUBLIC_URL.
  app.use(['/twilio', '/vonage'], webhookBodyEncoding());
  app.use(express.urlencoded({ extended: false, limit: '100kb', verify: keepRawBody }));
  app.use(express.json({ limit: '100kb', verify: keepRawBody }));

  // Synthesised prompts the providers fetch for <Play>/stream (docs/speech.md).
  if (deps.voicer) app.use(audioRoutes(deps.voicer.cache));
  app.use(twilioRoutes(deps));
  app.use(vonageRoutes(deps));
  // Express's own 404 is an HTML page: no provider or stranger gets one.
  app.use((_req, res) => void res.status(404).json({ error: 'Not found' }));
  app.use(errorHandler(deps));
  return app;
}
