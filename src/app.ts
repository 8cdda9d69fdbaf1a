import express, { type Express } from 'express';
import { errorHandler } from './http/error-handler.js';
import { keepRawBody } from './http/raw-body.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { twilioRoutes } from './providers/twilio/index.js';
import { vonageRoutes } from './providers/vonage/index.js';

/**
 * The HTTP composition root: body parsers that keep the raw bytes (for signatures),
 * one router per provider, and the central error handler. Holds no call logic.
 */
export function createApp(deps: ProviderDeps): Express {
  const app = express();
  app.disable('x-powered-by');
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
