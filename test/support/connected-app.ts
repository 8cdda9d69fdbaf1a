import { SqlCallQueries } from '../../src/calls/sql-call-queries.js';
import { createCrmPort, type ChosenCrm } from '../../src/crm/create-crm-port.js';
import type { CrmConnector } from '../../src/crm/connectors/crm-connector.js';
import { describeDestination } from '../../src/flow/destination.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { createRecordings } from '../../src/recordings/create-recordings.js';
import { createTaskRunner } from '../../src/tasks/create-task-runner.js';
import { createTelephonyPort } from '../../src/telephony/create-telephony-port.js';
import { buildTestApp, type TestApp } from './test-app.js';

export const API_KEY = 'connected-crm-test-api-key-0123';

/**
 * The real app with CRM_PROVIDER set (env) and the connector it names, or `connector`: the
 * CRM behind cache, breaker and write queue, and the task runner that sends the writes
 * (ticked by the test with the app's clock).
 */
export async function buildConnectedApp(opts: {
  env: Record<string, string>;
  now?: string;
  logger?: Logger;
  connector?: CrmConnector;
  /** Local fakes of the providers' REST APIs, where recordings are deleted. */
  twilioApiBaseUrl?: string;
  vonageApiHost?: string;
}): Promise<{ t: TestApp; chosen: ChosenCrm; runner: ReturnType<typeof createTaskRunner> }> {
  const logger = opts.logger ?? createLogger('silent');
  let chosen: ChosenCrm | undefined;
  const t = await buildTestApp({
    env: { API_KEY, ...opts.env },
    logger,
    ...(opts.now ? { now: opts.now } : {}),
    crmFor: ({ config, embedded, db, tasks, clock }) => {
      chosen = createCrmPort(config, {
        embedded,
        db,
        tasks,
        clock,
        logger,
        callQueries: new SqlCallQueries(db),
        ...(opts.connector ? { connector: opts.connector } : {}),
      });
      return chosen.crm;
    },
  });
  if (!chosen) throw new Error('crmFor was not called');
  const runner = createTaskRunner({
    config: t.deps.config,
    automation: t.deps.config.automation,
    tasks: t.tasks,
    callLog: t.callLog,
    settlement: t.settlement,
    telephony: createTelephonyPort(t.deps.config, { db: t.db }),
    sms: t.sms,
    clock: t.clock,
    logger,
    agent: describeDestination(t.deps.config.operator),
    ...(chosen.crmWrite ? { crmWrite: chosen.crmWrite } : {}),
    deleteRecording: createRecordings(t.deps.config, {
      db: t.db,
      tasks: t.tasks,
      clock: t.clock,
      logger,
      ...(opts.twilioApiBaseUrl ? { twilioApiBaseUrl: opts.twilioApiBaseUrl } : {}),
      ...(opts.vonageApiHost ? { vonageApiHost: opts.vonageApiHost } : {}),
    }).deleteRecording,
  });
  return { t, chosen, runner };
}
