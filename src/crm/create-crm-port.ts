import type { Kysely } from 'kysely';
import type { CallQueries } from '../calls/call-queries.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { Task } from '../tasks/task.js';
import type { TaskStore } from '../tasks/task-store.js';
import { ConnectedCrm } from './connectors/connected-crm.js';
import type { CrmConnector } from './connectors/crm-connector.js';
import { CrmWriteQueue, crmWriteExecutor } from './connectors/crm-write-queue.js';
import type { CrmPort } from './crm-port.js';
import { HttpCrmConnector } from './http/http-crm-connector.js';
import { Bitrix24Client } from './bitrix24/bitrix24-client.js';
import { Bitrix24Connector } from './bitrix24/bitrix24-connector.js';
import { AmoCrmClient } from './amocrm/amocrm-client.js';
import { AmoCrmConnector } from './amocrm/amocrm-connector.js';
import { OAuthTokenStore } from './connectors/oauth-token-store.js';

/** The CRM the calls use, and what the task runner needs to send its writes. */
export interface ChosenCrm {
  crm: CrmPort;
  /** The external connector, or null with the embedded CRM. */
  connector: CrmConnector | null;
  /** The `crm-write` executor for the task runner; absent with the embedded CRM. */
  crmWrite?: (task: Task) => Promise<string | null>;
  /** The connected CRM (breaker state, cache), or null with the embedded CRM. */
  connected: ConnectedCrm | null;
  close: () => Promise<void>;
}

/** The connector CRM_PROVIDER names, or null for `embedded`. */
export function createConnector(config: Config, logger: Logger): CrmConnector | null {
  const crm = config.crm;
  switch (crm.provider) {
    case 'embedded':
      return null;
    case 'http':
      return new HttpCrmConnector({ ...crm.http!, defaultRegion: config.defaultRegion });
    case 'bitrix24': {
      const b = crm.bitrix24!;
      return new Bitrix24Connector({
        client: new Bitrix24Client({
          auth: b.auth,
          tokens: new OAuthTokenStore(crm.tokenFile),
          logger,
        }),
        mapping: crm.fieldMapping.bitrix24,
        defaultRegion: config.defaultRegion,
        userId: b.userId,
        logger,
      });
    }
    case 'amocrm': {
      const a = crm.amocrm!;
      return new AmoCrmConnector({
        client: new AmoCrmClient({
          baseUrl: a.baseUrl,
          auth: a.auth,
          tokens: new OAuthTokenStore(crm.tokenFile),
          logger,
        }),
        mapping: crm.fieldMapping.amocrm,
        defaultRegion: config.defaultRegion,
        userId: a.userId,
        logger,
      });
    }
  }
}

/**
 * Chooses the CrmPort by CRM_PROVIDER: the embedded CRM as it is, or an external CRM's
 * connector behind the cache, the breaker and the durable write queue (ConnectedCrm),
 * with the embedded CRM for the employee ranking, extensions and outages.
 */
export function createCrmPort(
  config: Config,
  deps: {
    embedded: CrmPort;
    db: Kysely<AppDatabase>;
    tasks: TaskStore;
    clock: Clock;
    logger: Logger;
    callQueries?: CallQueries;
    /** Replaces the connector CRM_PROVIDER names (tests). */
    connector?: CrmConnector;
  },
): ChosenCrm {
  const connector = deps.connector ?? createConnector(config, deps.logger);
  if (!connector) {
    return { crm: deps.embedded, connector: null, connected: null, close: () => Promise.resolve() };
  }
  const writes = new CrmWriteQueue({
    db: deps.db,
    tasks: deps.tasks,
    clock: deps.clock,
    callDelaySec: config.crm.writeDelaySec,
  });
  const connected = new ConnectedCrm({
    connector,
    local: deps.embedded,
    writes,
    logger: deps.logger,
    timeoutMs: config.crmTimeoutMs,
    cacheTtlSec: config.crm.cacheTtlSec,
    cacheMax: config.crm.cacheMax,
    breakerFailures: config.crm.breakerFailures,
    breakerCooldownMs: config.crm.breakerCooldownMs,
  });
  deps.logger.info({ connector: connector.name }, `customer CRM: ${connector.name} connector`);
  return {
    crm: connected,
    connector,
    connected,
    crmWrite: crmWriteExecutor({
      db: deps.db,
      connector,
      ...(deps.callQueries ? { callQueries: deps.callQueries } : {}),
      companyTimeZone: config.companyTimeZone,
      logger: deps.logger,
    }),
    close: () => connector.close(),
  };
}
