import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { composeDeps } from '../../src/compose.js';
import { createRecordings } from '../../src/recordings/create-recordings.js';
import { parseConfig, type Config, type DatabaseTarget } from '../../src/config/config.js';
import type { Kysely } from 'kysely';
import { loadIvrSettings, type IvrSettings } from '../../src/config/ivr-settings.js';
import {
  DEFAULT_AUTOMATION_SETTINGS,
  type AutomationSettings,
} from '../../src/automation/automation-settings.js';
import type { CallLogPort } from '../../src/calls/call-log-port.js';
import type { CallSettlement } from '../../src/calls/call-settlement.js';
import type { CrmPort } from '../../src/crm/crm-port.js';
import type { AppDatabase } from '../../src/store/database-schema.js';
import { SqlCallLog } from '../../src/calls/sql-call-log.js';
import { SqlCallQueries } from '../../src/calls/sql-call-queries.js';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';
import { storeTaskQueries } from '../../src/tasks/store-task-queries.js';
import type { TaskStore } from '../../src/tasks/task-store.js';
import { createEmbeddedCrm } from '../../src/crm/create-embedded-crm.js';
import type { SqliteCheckpoint } from '../../src/store/open-sqlite.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import type { ProviderDeps } from '../../src/providers/provider-deps.js';
import { fixedClock } from '../../src/runtime/clock.js';
import type { SessionStore } from '../../src/session/session-store.js';
import type { CallState } from '../../src/session/create-call-state.js';
import { TwilioCall } from '../../src/simulator/twilio-call.js';
import { VonageCall } from '../../src/simulator/vonage-call.js';
import type { Transport } from '../../src/simulator/transport.js';
import type { SmsPort } from '../../src/messaging/sms-port.js';
import type { ScreenPop } from '../../src/operator-context/screen-pop.js';
import { RecordingSms } from './recording-sms.js';
import { supertestTransport } from './supertest-transport.js';
import {
  closeAfterFile,
  currentTestDatabase,
  freshTarget,
  type DatabaseKind,
} from './test-databases.js';
import { createPromptVoicer } from '../../src/synthesis/create-prompt-voicer.js';
import { SqlCallerLanguageStore } from '../../src/caller-language/sql-caller-language-store.js';
import { SqlAnalyticsRollup } from '../../src/analytics/sql-analytics-rollup.js';
import { SqlAnalyticsQueries } from '../../src/analytics/sql-analytics-queries.js';
import { MemoryConsoleSessions, type ConsoleSessions } from '../../src/console/console-sessions.js';
import { SqlCampaignStore } from '../../src/campaigns/sql-campaign-store.js';
import { PilotSettings } from '../../src/campaigns/pilot-settings.js';
import type { SpeechSettings } from '../../src/synthesis/speech-settings.js';
import type { EngineName, SpeechSynthesizer } from '../../src/synthesis/speech-synthesizer.js';

export const PUBLIC_URL = 'https://ivr-test.ngrok.app';
export const TWILIO_TOKEN = 'twilio-test-auth-token-0123456789';
export const VONAGE_SECRET = 'vonage-test-signature-secret-0123456789';
export const OPERATOR = '+77172000000';
export const FALLBACK = '+77172000009';
/** Our number (DID) as each provider writes it. */
export const DID = { twilio: '+77172123456', vonage: '77172123456' };

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    VONAGE_SIGNATURE_SECRET: VONAGE_SECRET,
    OPERATOR_NUMBER: OPERATOR,
    FALLBACK_NUMBER: FALLBACK,
    ...env,
  });
}

export interface TestApp {
  app: Express;
  deps: ProviderDeps;
  /** The database holding the call log and tasks (the CRM's, unless a CRM was given). */
  db: Kysely<AppDatabase>;
  /** The SQLite file behind `db`, for commands that open it themselves. */
  databasePath: string | null;
  /** Where that database is (the SQLite file, or the PostgreSQL schema). */
  target: DatabaseTarget;
  tasks: TaskStore;
  callLog: CallLogPort;
  settlement: CallSettlement;
  clock: ReturnType<typeof fixedClock>;
  sms: SmsPort;
  transport: Transport;
  twilio(from: string, opts?: { to?: string; token?: string | null }): TwilioCall;
  vonage(
    from: string,
    opts?: { to?: string; secret?: string | null; answerMethod?: 'GET' | 'POST' },
  ): VonageCall;
}

/**
 * The real app on a real SQLite CRM file (seeded from test/fixtures/crm/customers.json)
 * unless a CRM is given, with a fixed clock.
 */
export async function buildTestApp(
  opts: {
    crm?: CrmPort;
    env?: Record<string, string>;
    now?: string;
    sessions?: SessionStore;
    /** Call state other than this process's memory (Redis). */
    callState?: CallState;
    logger?: Logger;
    sms?: SmsPort;
    /** Replaces the SQLite call log (a failing one, in tests of that). */
    callLog?: CallLogPort;
    automation?: AutomationSettings;
    /**
     * Applies the shipped segment routes (VIP, corporate, debtors, complaints straight to
     * their lines). Off by default: the fixture's VIP and corporate customers are the
     * menu tests' callers; the segment tests switch it on.
     */
    segmentRouting?: boolean;
    /** Replaces the screen pop SCREEN_POP_URL would configure (null: none). */
    screenPop?: ScreenPop | null;
    /** Where the call log, tasks and the CRM live: a SQLite file (default) or PostgreSQL. */
    database?: DatabaseKind;
    /**
     * Builds the CRM over the test app's own database and tasks (a connected CRM whose
     * writes are queued as tasks); wins over `crm`.
     */
    crmFor?: (parts: {
      config: Config;
      embedded: CrmPort;
      db: Kysely<AppDatabase>;
      tasks: TaskStore;
      clock: ReturnType<typeof fixedClock>;
    }) => CrmPort;
    /**
     * Speaks languages through a synthesiser (docs/speech.md): the settings' routes (the
     * shipped ones: kk with espeak-ng) or these, engines replaced by fakes where given. The
     * phrase cache is a fresh directory unless SPEECH_CACHE_DIR is in `env`. Off by default:
     * the other tests read the prompts' texts.
     */
    speech?: {
      settings?: SpeechSettings;
      synthesizers?: Partial<Record<EngineName, SpeechSynthesizer>>;
    };
    /** Console sign-ins (memory by default; Redis in its test). */
    consoleSessions?: ConsoleSessions;
    /** Puts something in front of the SQL call log (the resilient call log, in its tests). */
    wrapCallLog?: (inner: CallLogPort) => CallLogPort;
  } = {},
): Promise<TestApp> {
  const config = testConfig({
    ...(opts.speech ? { SPEECH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ivr-speech-')) } : {}),
    ...opts.env,
  });
  const clock = fixedClock(opts.now ?? '2026-11-21T07:00:00Z');
  // SQLite's checkpoint as the env asks (the server's default, background, only when asked:
  // a thread per test app is not needed by the other tests).
  const embedded = await testCrm(opts.database ?? currentTestDatabase(), {
    checkpoint: opts.env?.SQLITE_CHECKPOINT === 'background' ? 'background' : 'inline',
  });
  const tasks = new SqlTaskStore(embedded.db);
  const crm = opts.crmFor
    ? opts.crmFor({ config, embedded: embedded.crm, db: embedded.db, tasks, clock })
    : (opts.crm ?? embedded.crm);
  const campaigns = (opts.automation ?? DEFAULT_AUTOMATION_SETTINGS).campaigns;
  const sqlLog = opts.callLog ?? new SqlCallLog(embedded.db, (did) => campaigns[did] ?? null);
  const callLog = opts.wrapCallLog ? opts.wrapCallLog(sqlLog) : sqlLog;
  const sms = opts.sms ?? new RecordingSms();
  const settings = testSettings(config.ivrSettingsFile, opts.segmentRouting ?? false);
  const voicer = opts.speech
    ? createPromptVoicer({
        config: config.speech,
        settings: opts.speech.settings ?? settings.speech,
        publicUrl: config.publicUrl,
        logger: opts.logger ?? createLogger('silent'),
        ...(opts.speech.synthesizers ? { synthesizers: opts.speech.synthesizers } : {}),
      })
    : null;
  const recordings = createRecordings(config, {
    db: embedded.db,
    tasks,
    clock,
    logger: opts.logger ?? createLogger('silent'),
  });
  const deps = composeDeps({
    recordings: recordings.inbox,
    config,
    crm,
    sms,
    logger: opts.logger ?? createLogger('silent'),
    clock,
    callLog,
    tasks,
    ...(opts.automation ? { automation: opts.automation } : {}),
    ...(opts.sessions ? { sessions: opts.sessions } : {}),
    ...(opts.callState ? { callState: opts.callState } : {}),
    settings,
    ...(opts.screenPop !== undefined ? { screenPop: opts.screenPop } : {}),
    voicer,
    callerLanguages: new SqlCallerLanguageStore(embedded.db, config.callerLanguageTtlDays),
    rollup: new SqlAnalyticsRollup(embedded.db, config.companyTimeZone),
    campaigns: new SqlCampaignStore(embedded.db),
    pilotSettings: new PilotSettings(embedded.db),
  });
  const app = createApp({
    ...deps,
    callQueries: new SqlCallQueries(embedded.db),
    taskQueries: storeTaskQueries(tasks),
    analytics: new SqlAnalyticsQueries(embedded.db),
    consoleSessions: opts.consoleSessions ?? new MemoryConsoleSessions(3_600_000),
  });
  const transport = supertestTransport(app, config.publicUrl);
  if (!deps.settlement) throw new Error('the test app always has a call log and tasks');
  return {
    app,
    deps,
    db: embedded.db,
    databasePath: embedded.databasePath,
    target: embedded.target,
    tasks,
    callLog,
    settlement: deps.settlement,
    clock,
    sms,
    transport,
    twilio: (from, o = {}) =>
      new TwilioCall({
        transport,
        publicUrl: config.publicUrl,
        authToken: o.token === undefined ? TWILIO_TOKEN : o.token,
        from,
        to: o.to ?? DID.twilio,
        now: () => Date.parse(clock.now()),
      }),
    vonage: (from, o = {}) =>
      new VonageCall({
        transport,
        publicUrl: config.publicUrl,
        signatureSecret: o.secret === undefined ? VONAGE_SECRET : o.secret,
        from,
        to: o.to ?? DID.vonage,
        answerMethod: o.answerMethod ?? 'GET',
        now: () => Date.parse(clock.now()),
      }),
  };
}

/**
 * A fresh CRM database with the test customers: a SQLite file, or a new schema on the
 * PostgreSQL server of TEST_DATABASE_URL; closed after the test file.
 */
export async function testCrm(
  kind: DatabaseKind = 'sqlite',
  opts: { checkpoint?: SqliteCheckpoint } = {},
) {
  const fresh = await freshTarget(kind);
  const target: DatabaseTarget =
    fresh.kind === 'sqlite' && opts.checkpoint ? { ...fresh, checkpoint: opts.checkpoint } : fresh;
  const embedded = await createEmbeddedCrm({
    database: target,
    seedFile: new URL('../fixtures/crm/customers.json', import.meta.url).pathname,
    defaultRegion: 'KZ',
  });
  closeAfterFile(embedded.db as Kysely<unknown>);
  return { ...embedded, target, databasePath: target.kind === 'sqlite' ? target.path : null };
}

/** The IVR settings of a test app: the shipped ones, segment routes on or off. */
function testSettings(file: string | null, segmentRouting: boolean): IvrSettings {
  const settings = loadIvrSettings(file);
  if (segmentRouting) return settings;
  return { ...settings, segmentRouting: { ...settings.segmentRouting, rules: [] } };
}
