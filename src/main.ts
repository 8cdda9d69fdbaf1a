import { sql } from 'kysely';
import { createApp } from './app.js';
import { SqlCallQueries } from './calls/sql-call-queries.js';
import { ResilientCallLog } from './calls/resilient-call-log.js';
import { SqlCallLog } from './calls/sql-call-log.js';
import { describeDestination } from './flow/destination.js';
import { systemClock } from './runtime/clock.js';
import { createRecordings } from './recordings/create-recordings.js';
import { createTaskRunner, createTaskWork } from './tasks/create-task-runner.js';
import { PgBossTaskQueue } from './tasks/pg-boss-task-queue.js';
import { DEFAULT_RETRY } from './tasks/task-scheduler.js';
import type { TaskStore } from './tasks/task-store.js';
import { SqlTaskStore } from './tasks/sql-task-store.js';
import { storeTaskQueries } from './tasks/store-task-queries.js';
import { createTelephonyPort } from './telephony/create-telephony-port.js';
import { composeDeps } from './compose.js';
import { isPlaceholderUrl, loadConfig } from './config/config.js';
import { developmentSecretsWarning, withDevelopmentSecrets } from './config/development-secrets.js';
import { listen } from './http/listen.js';
import { createEmbeddedCrm } from './crm/create-embedded-crm.js';
import { describeDatabase } from './store/open-database.js';
import { createCrmPort } from './crm/create-crm-port.js';
import { recordEvents } from './crm/ranking/record-event.js';
import { AppError } from './errors/app-error.js';
import { applyServerTimeouts } from './http/server-timeouts.js';
import { backgroundStdout, createLogger } from './lib/logger.js';
import { createSmsPort } from './messaging/create-sms-port.js';
import { TWILIO_PATHS } from './providers/twilio/index.js';
import { VONAGE_PATHS } from './providers/vonage/index.js';
import { trackPendingTasks, trackQueuedJobs } from './observability/metrics.js';
import { GracefulShutdown } from './server/graceful-shutdown.js';
import { createCallState } from './session/create-call-state.js';
import { createPromptVoicer } from './synthesis/create-prompt-voicer.js';
import { warmSpeech } from './synthesis/warm-speech.js';
import { loadIvrSettings } from './config/ivr-settings.js';
import { SqlCallerLanguageStore } from './caller-language/sql-caller-language-store.js';
import { SqlAnalyticsRollup } from './analytics/sql-analytics-rollup.js';
import { SqlAnalyticsQueries } from './analytics/sql-analytics-queries.js';
import { MemoryConsoleSessions, RedisConsoleSessions } from './console/console-sessions.js';
import { SqlCampaignStore } from './campaigns/sql-campaign-store.js';
import { PilotSettings } from './campaigns/pilot-settings.js';

/** Starts the server: config → embedded CRM (migrated, seeded) → app → listen. */
async function main(): Promise<void> {
  // Local calls on a machine without .env: secrets shared with npm run call (never in production).
  const { config, use: developmentSecrets } = withDevelopmentSecrets(loadConfig());
  const logOutput = backgroundStdout();
  const logger = createLogger(config.logLevel, logOutput);
  const embedded = await createEmbeddedCrm({
    database: config.database,
    seedFile: config.crmSeedFile,
    demoData: config.crmDemoData,
    defaultRegion: config.defaultRegion,
    ranking: config.ranking,
    synchronous: config.sqliteSynchronous,
  });
  if (embedded.seeded) {
    logger.info(
      { source: embedded.seeded.source, customers: embedded.seeded.customers },
      `CRM ${describeDatabase(config.database)} seeded`,
    );
  } else if (!config.crmDemoData && !config.crmSeedFile && (await embedded.isEmpty())) {
    logger.warn(
      `CRM ${describeDatabase(config.database)} has no customers: import them with npm run crm:import -- <file.json> ` +
        '(docs/crm-file.md), or set CRM_DEMO_DATA=on for the demo customers',
    );
  }
  // Text messages go through the configured provider, or into the outbox table offline.
  const twilioApi = config.twilioApiUrl ? { twilioApiBaseUrl: config.twilioApiUrl } : {};
  const sms = createSmsPort(config, { db: embedded.db, ...twilioApi });
  // The call log and tasks live in the embedded CRM's database (docs/call-log.md).
  const campaigns = config.automation.campaigns;
  // In front of the store: a locked or unreachable database never holds up a webhook, and
  // what could not be written waits in memory or the spool file (docs/call-log.md).
  const callLog = new ResilientCallLog(
    new SqlCallLog(embedded.db, (did) => campaigns[did] ?? null),
    { logger, maxQueued: config.callLogQueueMax, spoolFile: config.callLogSpoolFile },
  );
  void callLog.replaySpool();
  // Tasks are rows of our database; with TASK_ENGINE pg-boss (the default on PostgreSQL) each
  // one added is also a job in pg-boss, which hands it to one instance (docs/tasks.md).
  const taskTable = new SqlTaskStore(embedded.db);
  const queue =
    config.taskEngine === 'pg-boss' && config.database.kind === 'postgres'
      ? await PgBossTaskQueue.open({
          connectionString: config.database.url,
          schema: config.taskQueueSchema,
          logger,
        })
      : null;
  const tasks: TaskStore = queue ? queue.wrap(taskTable) : taskTable;
  const callQueries = new SqlCallQueries(embedded.db);
  // CRM_PROVIDER: the embedded CRM, or the customer's CRM behind cache, breaker and the
  // durable write queue (docs/crm-connectors.md).
  const chosen = createCrmPort(config, {
    embedded: embedded.crm,
    db: embedded.db,
    tasks,
    clock: systemClock,
    logger,
    callQueries,
  });
  // Snapshots, call locks, token ids, retry answers: Redis with REDIS_URL, else memory.
  const callState = await createCallState(config, { clock: systemClock, logger });
  trackPendingTasks(() =>
    tasks.list({ status: ['pending'], limit: 1, offset: 0 }).then((page) => page.total),
  );
  // Language choices by number live in our database too (docs/caller-language.md); expired
  // ones are swept at each start.
  const callerLanguages = new SqlCallerLanguageStore(embedded.db, config.callerLanguageTtlDays);
  // Transfers' recordings (RECORDING=on): stored with the call, deleted after the retention.
  const recordings = createRecordings(config, {
    db: embedded.db,
    tasks,
    clock: systemClock,
    logger,
    ...twilioApi,
  });
  const swept = await callerLanguages.sweep(systemClock.now());
  if (swept > 0) logger.info({ swept }, 'expired caller language choices deleted');
  // Languages the settings give a synthesiser (Kazakh: espeak-ng when installed).
  const settings = loadIvrSettings(config.ivrSettingsFile);
  const voicer = createPromptVoicer({
    config: config.speech,
    settings: settings.speech,
    publicUrl: config.publicUrl,
    logger,
  });
  const deps = composeDeps({
    config,
    callState,
    crm: chosen.crm,
    sms,
    logger,
    callLog,
    tasks,
    automation: config.automation,
    settings,
    voicer,
    callerLanguages,
    rollup: new SqlAnalyticsRollup(embedded.db, config.companyTimeZone),
    recordings: recordings.inbox,
    // Campaigns and the pilot's share live in our own database (docs/campaigns.md).
    campaigns: new SqlCampaignStore(embedded.db),
    pilotSettings: new PilotSettings(embedded.db),
  });
  // Set once the server listens; until then nothing can be draining.
  let shutdown: GracefulShutdown | null = null;
  if (voicer && config.speech.warmAtStart) {
    // In the background: calls are answered meanwhile, a phrase not ready is said by the provider.
    warmSpeech({ voicer, settings, db: embedded.db, logger }).catch((err: unknown) => {
      logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'speech warm-up failed',
      );
    });
  }
  callLog.onCallCaughtUp((callId) => deps.settlement!.refresh(callId, systemClock.now()));
  // POST /api/crm-events records into the embedded CRM's ranking, incrementally;
  // GET /api/calls and /api/tasks read the call log and tasks.
  const app = createApp({
    readiness: {
      checks: [
        { name: `call state (${callState.backend})`, ping: () => callState.ping() },
        { name: 'database', ping: () => sql`select 1`.execute(embedded.db) },
        ...(queue ? [{ name: 'task queue (pg-boss)', ping: () => queue.ping() }] : []),
      ],
      draining: () => shutdown?.draining() ?? false,
    },
    ...deps,
    rankingIngest: (events) => recordEvents(embedded.db, config.ranking, events),
    callQueries,
    taskQueries: storeTaskQueries(tasks),
    analytics: new SqlAnalyticsQueries(embedded.db),
    // In Redis with REDIS_URL, so every instance knows a sign-in; else this process's memory.
    consoleSessions: callState.redis
      ? new RedisConsoleSessions(
          callState.redis,
          config.redisKeyPrefix,
          config.console.sessionHours * 3_600_000,
        )
      : new MemoryConsoleSessions(config.console.sessionHours * 3_600_000),
  });
  // Rules after each settled call, then due callbacks, texts and notifications: by pg-boss
  // workers shared with the other instances, or by the in-process scheduler.
  const taskDeps = {
    config,
    automation: config.automation,
    tasks,
    callLog,
    settlement: deps.settlement!,
    telephony: createTelephonyPort(config, { db: embedded.db, ...twilioApi }),
    sms,
    clock: systemClock,
    logger,
    agent: describeDestination(config.operator),
    ...(chosen.crmWrite ? { crmWrite: chosen.crmWrite } : {}),
    deleteRecording: recordings.deleteRecording,
  };
  let stopTasks: () => Promise<void>;
  if (queue) {
    const work = createTaskWork(taskDeps);
    await queue.start({
      store: taskTable,
      executors: work.executors,
      clock: systemClock,
      logger,
      retry: DEFAULT_RETRY,
      intervalMs: config.schedulerIntervalMs,
      beforeTick: work.beforeTick,
    });
    trackQueuedJobs(() => queue.waitingJobs());
    stopTasks = () => queue.stop();
  } else {
    const runner = createTaskRunner(taskDeps);
    await runner.start();
    stopTasks = () => runner.stop();
  }

  if (!config.verifyWebhooks) {
    logger.warn(
      '!!! WEBHOOK SIGNATURE VERIFICATION IS OFF (WEBHOOK_VERIFICATION=off-for-development). ' +
        'Anyone who can reach this server can drive calls. Never run like this in production. !!!',
    );
  } else {
    if (developmentSecrets) logger.warn(developmentSecretsWarning(developmentSecrets));
    if (!config.twilioAuthToken)
      logger.warn('TWILIO_AUTH_TOKEN is not set: Twilio webhooks get 403');
    if (!config.vonageSignatureSecret) {
      logger.warn('VONAGE_SIGNATURE_SECRET is not set: Vonage webhooks get 403');
    }
  }
  if (isPlaceholderUrl(config.publicUrl)) {
    logger.warn(
      `PUBLIC_URL ${config.publicUrl} is the placeholder from .env.example: no provider can call it. ` +
        'Set it to your ngrok URL, or remove it for local calls (refused with NODE_ENV=production).',
    );
  }
  if (!config.apiKey) {
    logger.info(
      'API_KEY is not set: POST /api/crm-events, GET /api/calls and /api/tasks answer 503',
    );
  }

  // Printed only once the port is ours: a taken port fails the start (exit 1) instead.
  const server = await listen(app, config.port);
  const u = config.publicUrl;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    `IVR listening on port ${port}; public URL ${u}`,
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
  applyServerTimeouts(server, config.httpTimeouts);

  // SIGTERM/SIGINT: not ready, stop accepting, finish webhooks under way, then stop the rest.
  shutdown = new GracefulShutdown(server, {
    drainMs: config.shutdownDrainMs,
    logger,
    steps: [
      {
        name: queue ? 'task queue workers stopped' : 'task scheduler stopped',
        run: () => stopTasks(),
      },
      { name: 'call state closed', run: () => callState.close() },
      { name: 'CRM connector closed', run: () => chosen.close() },
      { name: 'call log caught up', run: () => callLog.close() },
      { name: 'database closed', run: () => embedded.close() },
      { name: 'logs flushed', run: () => Promise.resolve(logOutput.flushSync()) },
    ],
  });
  shutdown.listen();
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof AppError && err.hint ? `\n${err.hint}` : '';
  process.stderr.write(`Failed to start: ${message}${hint}\n`);
  process.exit(1);
});
