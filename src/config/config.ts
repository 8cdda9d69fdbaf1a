import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { destinationSchema, type Destination } from '../flow/destination.js';
import { languageSchema, type Language } from '../flow/language.js';
import { ConfigError } from '../errors/config-error.js';
import {
  loadAutomationSettings,
  type AutomationSettings,
} from '../automation/automation-settings.js';
import { loadRankingSettings, type RankingSettings } from '../crm/ranking/ranking-settings.js';
import { crmEnvSchema, crmConfigFrom, type CrmConfig } from './crm-config.js';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * An SMS sender: an E.164 number, or an alphanumeric sender id (1-11 ASCII letters, digits
 * and spaces with at least one letter: the rule both Twilio and Vonage apply; all digits
 * would be read as a number).
 */
const smsSenderSchema = z
  .string()
  .refine(
    (s) => /^\+[1-9]\d{6,14}$/.test(s) || (/^[A-Za-z0-9 ]{1,11}$/.test(s) && /[A-Za-z]/.test(s)),
    'an E.164 number (+77172000000) or an alphanumeric sender id of up to 11 characters',
  );

/** An E.164 number: our caller id, the supervisor's phone. */
const e164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +77172000000');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // 0: any free port (tests start servers so); the listening line names the one taken.
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((v) => v?.replace(/\/+$/, '')),
  TWILIO_ACCOUNT_SID: optionalText.pipe(
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID: AC followed by 32 hex characters')
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalText,
  VONAGE_SIGNATURE_SECRET: optionalText,
  VONAGE_API_KEY: optionalText,
  VONAGE_API_SECRET: optionalText,
  VONAGE_JWT_MAX_AGE_SEC: z.coerce.number().int().min(10).max(3600).default(300),
  WEBHOOK_VERIFICATION: z.enum(['on', 'off-for-development']).default('on'),
  CRM_TIMEOUT_MS: z.coerce.number().int().min(50).max(10000).default(700),
  DEFAULT_REGION: z
    .string()
    .default('KZ')
    .refine((c) => isSupportedCountry(c), 'an ISO country code libphonenumber knows, e.g. KZ'),
  DEFAULT_LANGUAGE: languageSchema.default('ru'),
  COMPANY_TIME_ZONE: z
    .string()
    .default('Asia/Almaty')
    .refine((z) => IANAZone.isValidZone(z), 'an IANA zone such as Asia/Almaty'),
  OPERATOR_NUMBER: z.string().default('+77172000000').pipe(destinationSchema),
  FALLBACK_NUMBER: optionalText.pipe(destinationSchema.optional()),
  DATABASE_PATH: z.string().min(1).default('data/crm.sqlite'),
  CRM_SEED_FILE: optionalText,
  // Newcomer defaults: the demo customers in an empty CRM, except in production.
  CRM_DEMO_DATA: optionalText.pipe(z.enum(['on', 'off']).optional()),
  IVR_SETTINGS_FILE: optionalText,
  SESSION_TTL_SEC: z.coerce.number().int().min(60).max(86400).default(7200),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMS_PROVIDER: z.enum(['outbox', 'twilio', 'vonage']).default('outbox'),
  SMS_FROM: optionalText.pipe(smsSenderSchema.optional()),
  RANKING_FILE: optionalText,
  AUTOMATION_FILE: optionalText,
  TELEPHONY_PROVIDER: z.enum(['outbox', 'twilio', 'vonage']).default('outbox'),
  CALLBACK_FROM: optionalText.pipe(e164Schema.optional()),
  VONAGE_APPLICATION_ID: optionalText.pipe(
    z.guid({ message: 'the application id: a UUID (Dashboard, Applications)' }).optional(),
  ),
  VONAGE_PRIVATE_KEY_PATH: optionalText,
  SUPERVISOR_PHONE: optionalText.pipe(e164Schema.optional()),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  // Who runs tasks (docs/tasks.md): pg-boss on PostgreSQL, else the in-process scheduler.
  TASK_ENGINE: z.enum(['auto', 'scheduler', 'pg-boss']).default('auto'),
  TASK_QUEUE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL schema name such as pgboss')
    .default('pgboss'),
  // Twilio's REST API origin: a regional edge (https://api.dublin.ie1.twilio.com) or a local fake.
  TWILIO_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // A shared secret a guesser must not find: short keys are refused at start.
  API_KEY: optionalText.pipe(
    z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  ),
  // The console's operator account (docs/analytics.md#the-console): a name and an scrypt
  // hash made by `npm run console:password`; the password itself is never in the config.
  CONSOLE_USER: optionalText.pipe(z.string().max(64).optional()),
  CONSOLE_PASSWORD_HASH: optionalText.pipe(
    z
      .string()
      .regex(
        /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
        'a hash made by npm run console:password (scrypt$N$r$p$salt$hash)',
      )
      .optional(),
  ),
  CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SCREEN_POP_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // The receiver checks each request's HMAC with it: as hard to guess as API_KEY.
  SCREEN_POP_SECRET: optionalText.pipe(
    z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  ),
  // The request never holds up the call, but a slow receiver should not pile them up.
  SCREEN_POP_TIMEOUT_MS: z.coerce.number().int().min(100).max(5000).default(1500),
  // A provider's webhook arrives in milliseconds; a socket trickling bytes is cut off.
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  // Several instances (docs/deployment.md): call state in Redis; operations (docs/operations.md).
  REDIS_URL: optionalText.pipe(
    z
      .url({ protocol: /^rediss?$/, message: 'a Redis URL: redis://[:password@]host:6379/0' })
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('ivr:'),
  CALL_LOCK_WAIT_MS: z.coerce.number().int().min(0).max(10000).default(2000),
  CALL_LOCK_TTL_MS: z.coerce.number().int().min(1000).max(60000).default(15000),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  METRICS_TOKEN: optionalText.pipe(
    z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  ),
  // The app's own database on PostgreSQL (docs/postgresql.md); unset: the SQLite file.
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL: postgres://user:password@host:5432/db')
      .optional(),
  ),
  DATABASE_SCHEMA: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL schema name such as ivr')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  CALL_LOG_QUEUE_MAX: z.coerce.number().int().min(10).max(1_000_000).default(10000),
  CALL_LOG_SPOOL_FILE: optionalText,
  // Benchmarks only (docs/performance.md): event-loop delay on GET /debug/event-loop.
  DEBUG_EVENT_LOOP: z.enum(['on', 'off']).default('off'),
  // full: every SQLite commit waits for the disk, and every call with it (docs/performance.md).
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  // background: SQLite's log is copied into the file by a worker thread, not in a commit.
  SQLITE_CHECKPOINT: z.enum(['background', 'inline']).default('background'),
  // Transfers recorded (both parties, from the answer); recordings deleted at the provider
  // this many days later (0: never).
  RECORDING: z.enum(['on', 'off']).default('off'),
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  // The customer's CRM (CRM_PROVIDER, connectors, cache, breaker): crm-config.ts.
  ...crmEnvSchema.shape,
  // Speech synthesis (docs/speech.md): the phrase cache, the budget a webhook waits, engines.
  SPEECH_CACHE_DIR: z.string().min(1).default('data/speech-cache'),
  SPEECH_BUDGET_MS: z.coerce.number().int().min(0).max(5000).default(300),
  SPEECH_ENGINE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
  SPEECH_URL_SECRET: optionalText.pipe(
    z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  ),
  SPEECH_WARM_AT_START: z.enum(['on', 'off']).default('on'),
  ESPEAK_NG_PATH: z.string().min(1).default('espeak-ng'),
  YANDEX_SPEECHKIT_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://tts.api.cloud.yandex.net/speech/v1/tts:synthesize'),
  YANDEX_SPEECHKIT_API_KEY: optionalText,
  YANDEX_IAM_TOKEN: optionalText,
  YANDEX_FOLDER_ID: optionalText,
  AZURE_SPEECH_KEY: optionalText,
  AZURE_SPEECH_REGION: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9]+$/, 'a region name such as westeurope')
      .optional(),
  ),
  AZURE_SPEECH_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // How long a caller's language choice is remembered for their number (docs/caller-language.md).
  CALLER_LANGUAGE_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  PILOT_PERCENT: z.coerce.number().min(0).max(100).default(100),
  PILOT_SALT: z.string().default('ivr-pilot'),
});

/** Where text messages go: stored in the embedded outbox, or sent through a provider. */
export type SmsProvider = 'outbox' | 'twilio' | 'vonage';

/** Who places outbound (callback) calls: recorded in the embedded outbox, or a provider. */
export type TelephonyProvider = 'outbox' | 'twilio' | 'vonage';

/** The application's configuration, read once at start. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Public base URL the providers call (the ngrok URL), no trailing slash. */
  publicUrl: string;
  /** For the Twilio REST API (provisioning, outbound calls). */
  twilioAccountSid: string | null;
  twilioAuthToken: string | null;
  vonageSignatureSecret: string | null;
  /** For the Vonage REST APIs (provisioning, outbound calls). */
  vonageApiKey: string | null;
  vonageApiSecret: string | null;
  vonageJwtMaxAgeSec: number;
  /** False only with WEBHOOK_VERIFICATION=off-for-development outside production. */
  verifyWebhooks: boolean;
  crmTimeoutMs: number;
  defaultRegion: CountryCode;
  defaultLanguage: Language;
  companyTimeZone: string;
  operator: Destination;
  fallback: Destination | null;
  databasePath: string;
  crmSeedFile: string | null;
  /** Seed the bundled demo customers into an empty CRM (CRM_DEMO_DATA; off in production). */
  crmDemoData: boolean;
  ivrSettingsFile: string | null;
  sessionTtlSec: number;
  logLevel: string;
  /** `outbox` (stored, not sent: the default), `twilio` or `vonage`. */
  smsProvider: SmsProvider;
  /** Sender of text messages (E.164 or alphanumeric id); set whenever a provider sends. */
  smsFrom: string | null;
  /** RANKING_FILE, or null for the shipped default-ranking-settings.json. */
  rankingFile: string | null;
  /** Event weights and lifetimes, minScore, menuSize: read and validated at start. */
  ranking: RankingSettings;
  /** AUTOMATION_FILE, or null for the shipped default-automation.json. */
  automationFile: string | null;
  /** Business hours, holidays, rules after a call, message templates: validated at start. */
  automation: AutomationSettings;
  /** Bearer key of the CRM API (/api/crm-events, /api/calls, /api/tasks); null: 503. */
  apiKey: string | null;
  /**
   * The console's login (docs/analytics.md#the-console): the operator account, or null when
   * only the API key opens it; sessions last `sessionHours`.
   */
  console: { user: string | null; passwordHash: string | null; sessionHours: number };
  /** `outbox` (recorded, not dialled: the default), `twilio` or `vonage`. */
  telephonyProvider: TelephonyProvider;
  /** Caller id of callback calls (E.164); set whenever a provider places them. */
  callbackFrom: string | null;
  /** The Vonage application that places calls (its JWTs carry this id). */
  vonageApplicationId: string | null;
  vonagePrivateKeyPath: string | null;
  /** The PEM text of VONAGE_PRIVATE_KEY_PATH, read and checked at start. */
  vonagePrivateKey: string | null;
  /** Where supervisor notifications are texted (E.164); null: they are only logged. */
  supervisorPhone: string | null;
  /** How often the task scheduler looks for due tasks, ms. */
  schedulerIntervalMs: number;
  /**
   * Who runs tasks (docs/tasks.md): `pg-boss`, a queue shared by every instance on the
   * PostgreSQL database (the default with DATABASE_URL), or `scheduler`, in this process.
   */
  taskEngine: TaskEngineKind;
  /** The PostgreSQL schema pg-boss creates and keeps its own tables in (TASK_QUEUE_SCHEMA). */
  taskQueueSchema: string;
  /** Twilio's REST API origin (TWILIO_API_URL); null: https://api.twilio.com. */
  twilioApiUrl: string | null;
  /** Where each transfer's context is posted (docs/operator-context.md); null: not sent. */
  screenPopUrl: string | null;
  /** HMAC-SHA256 key of the screen-pop signature; set whenever screenPopUrl is. */
  screenPopSecret: string | null;
  /** How long one screen-pop request may take, ms (one attempt). */
  screenPopTimeoutMs: number;
  /** Time a client has to send the headers, and the whole request, ms (src/http/server-timeouts.ts). */
  httpTimeouts: { headersMs: number; requestMs: number };
  /** Call state (snapshots, call locks, token ids, retry answers) in Redis; null: memory. */
  redisUrl: string | null;
  /** Prefix of every key this app writes in Redis (several apps may share one Redis). */
  redisKeyPrefix: string;
  /** Longest wait for another instance to finish a webhook of the same call, ms. */
  callLockWaitMs: number;
  /** A call lock expires after this, ms, should its holder die. */
  callLockTtlMs: number;
  /** On SIGTERM, how long in-flight webhooks may take to finish, ms. */
  shutdownDrainMs: number;
  /** Bearer token of GET /metrics; null: /metrics answers 503. */
  metricsToken: string | null;
  /** Where the app's own database is: the SQLite file, or PostgreSQL (DATABASE_URL). */
  database: DatabaseTarget;
  /** Call-log writes kept in memory while the store is unavailable, at most. */
  callLogQueueMax: number;
  /** Where delayed call-log writes are spooled so a restart does not lose them. */
  callLogSpoolFile: string;
  /** DEBUG_EVENT_LOOP=on: GET /debug/event-loop serves the event-loop delay (benchmarks). */
  debugEventLoop: boolean;
  /** SQLITE_SYNCHRONOUS: whether a commit waits for the disk (`full`) or not (`normal`). */
  sqliteSynchronous: 'normal' | 'full';
  /** The customer's CRM connector, its cache and breaker, and recordings (docs/crm-connectors.md). */
  crm: CrmConfig;
  /** RECORDING, RECORDING_RETENTION_DAYS (docs/crm-connectors.md, "Recordings"). */
  recording: { enabled: boolean; retentionDays: number };
  /** Speech synthesis: phrase cache, budget and engine credentials (docs/speech.md). */
  speech: SpeechConfig;
  /** Days a caller's language choice is kept for their number. */
  callerLanguageTtlDays: number;
  /**
   * The pilot (docs/campaigns.md): the share of known callers, 0..100, given the
   * personalised flow (the rest: the classic menu), until PUT /api/pilot changes it; the
   * salt of the stable assignment by number.
   */
  pilot: { percent: number; salt: string };
}

/** Where synthesised phrases live and how the engines are reached. */
export interface SpeechConfig {
  cacheDir: string;
  /** How long a webhook waits for a phrase not cached, ms; then the provider's voice says it. */
  budgetMs: number;
  /** How long one synthesis may take at all, ms. */
  engineTimeoutMs: number;
  /** HMAC key of the audio URLs; null: kept in the cache directory (`.url-secret`). */
  urlSecret: string | null;
  /** Synthesise fixed prompts and names at start, in the background. */
  warmAtStart: boolean;
  espeakPath: string;
  yandex: { url: string; apiKey: string | null; iamToken: string | null; folderId: string | null };
  /** The endpoint: AZURE_SPEECH_URL, else the region's; null without a region or URL. */
  azure: { url: string | null; key: string | null };
}

/** What runs due tasks: the in-process scheduler, or pg-boss on PostgreSQL. */
export type TaskEngineKind = 'scheduler' | 'pg-boss';

/** `auto`: pg-boss when the database is PostgreSQL, the in-process scheduler on SQLite. */
function chooseTaskEngine(setting: 'auto' | TaskEngineKind, postgres: boolean): TaskEngineKind {
  if (setting !== 'auto') return setting;
  return postgres ? 'pg-boss' : 'scheduler';
}

/** The app's own database: a SQLite file (embedded) or a PostgreSQL server. */
export type DatabaseTarget =
  | {
      kind: 'sqlite';
      path: string;
      synchronous?: 'normal' | 'full';
      checkpoint?: 'background' | 'inline';
    }
  | { kind: 'postgres'; url: string; schema: string | null; poolSize: number };

/**
 * Parses an environment into Config, reading and validating the ranking settings file
 * (RANKING_FILE) and the automation settings (AUTOMATION_FILE) too. Throws ConfigError naming every bad variable or settings field.
 * The only place in the code base that reads the environment.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, {
      hint: 'Fix the variables above in .env (see .env.example).',
    });
  }
  const e = result.data;
  if (e.WEBHOOK_VERIFICATION === 'off-for-development' && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  WEBHOOK_VERIFICATION: off-for-development is not allowed with NODE_ENV=production',
      { hint: 'Remove WEBHOOK_VERIFICATION or set it to on.' },
    );
  }
  if (e.NODE_ENV === 'production' && e.PUBLIC_URL !== undefined && isPlaceholderUrl(e.PUBLIC_URL)) {
    throw new ConfigError(
      `Invalid configuration:\n  PUBLIC_URL: ${e.PUBLIC_URL} is the placeholder from .env.example`,
      {
        hint: 'Set PUBLIC_URL to the https address Twilio and Vonage call (your ngrok or load balancer URL): signatures are checked against it.',
      },
    );
  }
  const smsMissing = missingForSmsProvider(e);
  if (smsMissing.length > 0) {
    const lines = smsMissing.map((v) => `  ${v}: required when SMS_PROVIDER=${e.SMS_PROVIDER}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, {
      hint: 'Set the variables above in .env, or remove SMS_PROVIDER to keep messages in the outbox.',
    });
  }
  const telephonyMissing = missingForTelephonyProvider(e);
  if (telephonyMissing.length > 0) {
    const lines = telephonyMissing.map(
      (v) => `  ${v}: required when TELEPHONY_PROVIDER=${e.TELEPHONY_PROVIDER}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, {
      hint: 'Set the variables above in .env, or remove TELEPHONY_PROVIDER to keep callbacks in the outbox (docs/tasks.md).',
    });
  }
  if ((e.CONSOLE_USER === undefined) !== (e.CONSOLE_PASSWORD_HASH === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  CONSOLE_USER and CONSOLE_PASSWORD_HASH: set both or neither',
      {
        hint: 'Make the hash with npm run console:password and set it with the user name, or remove both (the API key still opens the console).',
      },
    );
  }
  if (e.TASK_ENGINE === 'pg-boss' && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  TASK_ENGINE: pg-boss needs DATABASE_URL (a PostgreSQL server)',
      {
        hint: 'Set DATABASE_URL, or remove TASK_ENGINE: the embedded SQLite file runs tasks with the in-process scheduler (docs/tasks.md).',
      },
    );
  }
  if (e.SCREEN_POP_URL !== undefined && e.SCREEN_POP_SECRET === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  SCREEN_POP_SECRET: required when SCREEN_POP_URL is set',
      {
        hint: 'Set SCREEN_POP_SECRET (at least 16 characters, e.g. openssl rand -hex 24) and give it to the receiver, or remove SCREEN_POP_URL.',
      },
    );
  }
  const crm = crmConfigFrom(e);
  const vonagePrivateKeyPath = e.VONAGE_PRIVATE_KEY_PATH ?? null;
  // Read only when Vonage places the calls or its recordings are deleted: a key lying
  // around for other tools is not ours to judge.
  const vonagePrivateKey =
    (e.TELEPHONY_PROVIDER === 'vonage' || e.RECORDING === 'on') && vonagePrivateKeyPath
      ? readPrivateKey(vonagePrivateKeyPath)
      : null;
  const rankingFile = e.RANKING_FILE ?? null;
  const ranking = loadRankingSettings(rankingFile);
  const automationFile = e.AUTOMATION_FILE ?? null;
  const automation = loadAutomationSettings(automationFile);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    twilioAccountSid: e.TWILIO_ACCOUNT_SID ?? null,
    twilioAuthToken: e.TWILIO_AUTH_TOKEN ?? null,
    vonageSignatureSecret: e.VONAGE_SIGNATURE_SECRET ?? null,
    vonageApiKey: e.VONAGE_API_KEY ?? null,
    vonageApiSecret: e.VONAGE_API_SECRET ?? null,
    vonageJwtMaxAgeSec: e.VONAGE_JWT_MAX_AGE_SEC,
    verifyWebhooks: e.WEBHOOK_VERIFICATION === 'on',
    crmTimeoutMs: e.CRM_TIMEOUT_MS,
    defaultRegion: e.DEFAULT_REGION,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    companyTimeZone: e.COMPANY_TIME_ZONE,
    operator: e.OPERATOR_NUMBER,
    fallback: e.FALLBACK_NUMBER ?? null,
    databasePath: e.DATABASE_PATH,
    crmSeedFile: e.CRM_SEED_FILE ?? null,
    crmDemoData: (e.CRM_DEMO_DATA ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
    ivrSettingsFile: e.IVR_SETTINGS_FILE ?? null,
    sessionTtlSec: e.SESSION_TTL_SEC,
    logLevel: e.LOG_LEVEL,
    smsProvider: e.SMS_PROVIDER,
    smsFrom: e.SMS_FROM ?? null,
    rankingFile,
    automationFile,
    automation,
    ranking,
    apiKey: e.API_KEY ?? null,
    console: {
      user: e.CONSOLE_USER ?? null,
      passwordHash: e.CONSOLE_PASSWORD_HASH ?? null,
      sessionHours: e.CONSOLE_SESSION_HOURS,
    },
    telephonyProvider: e.TELEPHONY_PROVIDER,
    callbackFrom: e.CALLBACK_FROM ?? null,
    vonageApplicationId: e.VONAGE_APPLICATION_ID ?? null,
    vonagePrivateKeyPath,
    vonagePrivateKey,
    supervisorPhone: e.SUPERVISOR_PHONE ?? null,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    taskEngine: chooseTaskEngine(e.TASK_ENGINE, Boolean(e.DATABASE_URL)),
    taskQueueSchema: e.TASK_QUEUE_SCHEMA,
    twilioApiUrl: e.TWILIO_API_URL ?? null,
    screenPopUrl: e.SCREEN_POP_URL ?? null,
    screenPopSecret: e.SCREEN_POP_SECRET ?? null,
    screenPopTimeoutMs: e.SCREEN_POP_TIMEOUT_MS,
    httpTimeouts: { headersMs: e.HTTP_HEADERS_TIMEOUT_MS, requestMs: e.HTTP_REQUEST_TIMEOUT_MS },
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    callLockWaitMs: e.CALL_LOCK_WAIT_MS,
    callLockTtlMs: e.CALL_LOCK_TTL_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    metricsToken: e.METRICS_TOKEN ?? null,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          schema: e.DATABASE_SCHEMA ?? null,
          poolSize: e.DATABASE_POOL_SIZE,
        }
      : {
          kind: 'sqlite',
          path: e.DATABASE_PATH,
          synchronous: e.SQLITE_SYNCHRONOUS,
          checkpoint: e.SQLITE_CHECKPOINT,
        },
    callLogQueueMax: e.CALL_LOG_QUEUE_MAX,
    callLogSpoolFile:
      e.CALL_LOG_SPOOL_FILE ??
      (e.DATABASE_URL || e.DATABASE_PATH === ':memory:'
        ? 'data/call-log-spool.jsonl'
        : `${e.DATABASE_PATH}.call-log-spool.jsonl`),
    debugEventLoop: e.DEBUG_EVENT_LOOP === 'on',
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    crm,
    recording: { enabled: e.RECORDING === 'on', retentionDays: e.RECORDING_RETENTION_DAYS },
    speech: {
      cacheDir: e.SPEECH_CACHE_DIR,
      budgetMs: e.SPEECH_BUDGET_MS,
      engineTimeoutMs: e.SPEECH_ENGINE_TIMEOUT_MS,
      urlSecret: e.SPEECH_URL_SECRET ?? null,
      warmAtStart: e.SPEECH_WARM_AT_START === 'on',
      espeakPath: e.ESPEAK_NG_PATH,
      yandex: {
        url: e.YANDEX_SPEECHKIT_URL,
        apiKey: e.YANDEX_SPEECHKIT_API_KEY ?? null,
        iamToken: e.YANDEX_IAM_TOKEN ?? null,
        folderId: e.YANDEX_FOLDER_ID ?? null,
      },
      azure: {
        url:
          e.AZURE_SPEECH_URL ??
          (e.AZURE_SPEECH_REGION
            ? `https://${e.AZURE_SPEECH_REGION}.tts.speech.microsoft.com/cognitiveservices/v1`
            : null),
        key: e.AZURE_SPEECH_KEY ?? null,
      },
    },
    callerLanguageTtlDays: e.CALLER_LANGUAGE_TTL_DAYS,
    pilot: { percent: e.PILOT_PERCENT, salt: e.PILOT_SALT },
  };
}

/**
 * A URL copied from .env.example or the docs and never filled in: `your-subdomain.ngrok.app`,
 * any `your-…` label, or a domain reserved for examples (example.com, *.example, *.invalid).
 * No provider can call it, so every call would fail where nobody looks.
 */
export function isPlaceholderUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  const labels = host.split('.');
  return (
    labels.some((l) => l === 'your' || l.startsWith('your-') || l.startsWith('your_')) ||
    /(^|\.)example\.(com|net|org)$/.test(host) ||
    labels.at(-1) === 'example' ||
    labels.at(-1) === 'invalid'
  );
}

/**
 * The variables a sending SMS provider needs that are not set. Checked at start so a
 * missing sender or credential stops the server instead of failing every message later.
 */
function missingForSmsProvider(e: z.infer<typeof envSchema>): string[] {
  const required: Record<SmsProvider, Array<keyof typeof e>> = {
    outbox: [],
    twilio: ['SMS_FROM', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    vonage: ['SMS_FROM', 'VONAGE_API_KEY', 'VONAGE_API_SECRET'],
  };
  return required[e.SMS_PROVIDER].filter((name) => e[name] === undefined);
}

/**
 * The variables a calling provider needs that are not set. PUBLIC_URL is among them: its
 * default (http://localhost) is an address the provider cannot fetch the call's
 * instructions from, so the agent would answer into an error message.
 */
function missingForTelephonyProvider(e: z.infer<typeof envSchema>): string[] {
  const required: Record<TelephonyProvider, Array<keyof typeof e>> = {
    outbox: [],
    twilio: ['CALLBACK_FROM', 'PUBLIC_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    vonage: ['CALLBACK_FROM', 'PUBLIC_URL', 'VONAGE_APPLICATION_ID', 'VONAGE_PRIVATE_KEY_PATH'],
  };
  return required[e.TELEPHONY_PROVIDER].filter((name) => e[name] === undefined);
}

/**
 * The PEM private key of the Vonage application, read once at start so a wrong path or a
 * damaged file stops the server instead of failing every callback later.
 */
function readPrivateKey(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration:\n  VONAGE_PRIVATE_KEY_PATH: cannot read ${path}: ${(err as Error).message}`,
      {
        hint: "Point it at the private.key file downloaded when the application's keys were generated.",
      },
    );
  }
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  // Vonage signs application JWTs with RS256, which needs an RSA key.
  if (type !== 'rsa') {
    throw new ConfigError(
      `Invalid configuration:\n  VONAGE_PRIVATE_KEY_PATH: ${path} is not a PEM RSA private key`,
      { hint: 'Use the private.key file of the Vonage application (-----BEGIN PRIVATE KEY-----).' },
    );
  }
  return pem;
}

/**
 * Whether npm (or another runner of package.json scripts) wrote its own "> crm-ivr@… script"
 * lines to stdout before the command: `npm run` without -s. A command whose stdout is data
 * must then not pretend that stdout is clean.
 */
export function scriptRunnerBannerOnStdout(env = process.env): boolean {
  return env.npm_lifecycle_event !== undefined && env.npm_config_loglevel !== 'silent';
}

/** Loads `.env` when present (real environment wins) and parses the process environment. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
