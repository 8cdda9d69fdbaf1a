import { createApp } from './app.js';
import { SqlCallQueries } from './calls/sql-call-queries.js';
import { ResilientCallLog } from './calls/resilient-call-log.js';
import { SqlCallLog } from './calls/sql-call-log.js';
import { describeDestination } from './flow/destination.js';
import { systemClock } from './runtime/clock.js';
import { createTaskRunner } from './tasks/create-task-runner.js';
import { SqlTaskStore } from './tasks/sql-task-store.js';
import { storeTaskQueries } from './tasks/store-task-queries.js';
import { createTelephonyPort } from './telephony/create-telephony-port.js';
import { composeDeps } from './compose.js';
import { loadConfig } from './config/config.js';
import { createEmbeddedCrm } from './crm/create-embedded-crm.js';
import { describeDatabase } from './store/open-database.js';
import { recordEvents } from './crm/ranking/record-event.js';
import { AppError } from './errors/app-error.js';
import { createLogger } from './lib/logger.js';
import { createSmsPort } from './messaging/create-sms-port.js';
import { TWILIO_PATHS } from './providers/twilio/index.js';
import { VONAGE_PATHS } from './providers/vonage/index.js';

/** Starts the server: config → embedded CRM (migrated, seeded) → app → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const embedded = await createEmbeddedCrm({
    database: config.database,
    seedFile: config.crmSeedFile,
    defaultRegion: config.defaultRegion,
    ranking: config.ranking,
  });
  if (embedded.seeded) {
    logger.info(
      { source: embedded.seeded.source, customers: embedded.seeded.customers },
      `CRM ${describeDatabase(config.database)} seeded`,
    );
  }
  // Text messages go through the configured provider, or into the outbox table offline.
  const sms = createSmsPort(config, { db: embedded.db });
  // The call log and tasks live in the embedded CRM's database (docs/call-log.md).
  const campaigns = config.automation.campaigns;
  // In front of the store: a locked or unreachable database never holds up a webhook, and
  // what could not be written waits in memory or the spool file (docs/call-log.md).
  const callLog = new ResilientCallLog(
    new SqlCallLog(embedded.db, (did) => campaigns[did] ?? null),
    { logger, maxQueued: config.callLogQueueMax, spoolFile: config.callLogSpoolFile },
  );
  void callLog.replaySpool();
  const tasks = new SqlTaskStore(embedded.db);
  const deps = composeDeps({
    config,
    crm: embedded.crm,
    sms,
    logger,
    callLog,
    tasks,
    automation: config.automation,
  });
  callLog.onCallCaughtUp((callId) => deps.settlement!.refresh(callId, systemClock.now()));
  // POST /api/crm-events records into the embedded CRM's ranking, incrementally;
  // GET /api/calls and /api/tasks read the call log and tasks.
  const app = createApp({
    ...deps,
    rankingIngest: (events) => recordEvents(embedded.db, config.ranking, events),
    callQueries: new SqlCallQueries(embedded.db),
    taskQueries: storeTaskQueries(tasks),
  });
  // Rules after each settled call, then due callbacks, texts and notifications.
  const runner = createTaskRunner({
    config,
    automation: config.automation,
    tasks,
    callLog,
    settlement: deps.settlement!,
    telephony: createTelephonyPort(config, { db: embedded.db }),
    sms,
    clock: systemClock,
    logger,
    agent: describeDestination(config.operator),
  });
  await runner.start();

  if (!config.verifyWebhooks) {
    logger.warn(
      '!!! WEBHOOK SIGNATURE VERIFICATION IS OFF (WEBHOOK_VERIFICATION=off-for-development). ' +
        'Anyone who can reach this server can drive calls. Never run like this in production. !!!',
    );
  } else {
    if (!config.twilioAuthToken)
      logger.warn('TWILIO_AUTH_TOKEN is not set: Twilio webhooks get 403');
    if (!config.vonageSignatureSecret) {
      logger.warn('VONAGE_SIGNATURE_SECRET is not set: Vonage webhooks get 403');
    }
  }
  if (!config.apiKey) {
    logger.info(
      'API_KEY is not set: POST /api/crm-events, GET /api/calls and /api/tasks answer 503',
    );
  }

  const server = app.listen(config.port, () => {
    const u = config.publicUrl;
    const lines = [
      `IVR listening on port ${config.port}; public URL ${u}`,
      'Twilio number → Voice configuration:',
      `  A call comes in (POST):     ${u}${TWILIO_PATHS.voice}`,
      `  Primary handler fails:      ${u}${TWILIO_PATHS.fallback}`,
      `  Call status changes (POST): ${u}${TWILIO_PATHS.status}`,
      'Vonage application → Voice capability:',
      `  Answer URL (GET or POST):   ${u}${VONAGE_PATHS.answer}`,
      `  Event URL (POST):           ${u}${VONAGE_PATHS.event}`,
      `  Fallback URL (POST):        ${u}${VONAGE_PATHS.fallback}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  const shutdown = () => {
    server.close(() => {
      void runner
        .stop()
        .then(() => callLog.close())
        .then(() => embedded.close())
        .then(() => process.exit(0));
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof AppError && err.hint ? `\n${err.hint}` : '';
  process.stderr.write(`Failed to start: ${message}${hint}\n`);
  process.exit(1);
});
