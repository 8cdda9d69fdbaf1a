import type { Config } from './config/config.js';
import { loadIvrSettings, type IvrSettings } from './config/ivr-settings.js';
import type { CrmPort } from './crm/crm-port.js';
import { buildFlowConfig } from './flow/build-flow-config.js';
import type { Logger } from './lib/logger.js';
import type { SmsPort } from './messaging/sms-port.js';
import type { ProviderDeps } from './providers/provider-deps.js';
import { CallRuntime } from './runtime/call-runtime.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { MemorySessionStore } from './session/memory-session-store.js';
import type { SessionStore } from './session/session-store.js';

/**
 * Wires config, settings and ports into what the HTTP layer needs. Tests call it with
 * their own CRM, store and clock; main.ts with the embedded defaults.
 */
export function composeDeps(input: {
  config: Config;
  crm: CrmPort;
  sms: SmsPort;
  logger: Logger;
  settings?: IvrSettings;
  sessions?: SessionStore;
  clock?: Clock;
}): ProviderDeps {
  const { config, crm, logger } = input;
  const clock = input.clock ?? systemClock;
  const settings = input.settings ?? loadIvrSettings(config.ivrSettingsFile);
  const flow = buildFlowConfig(settings, config);
  const runtime = new CallRuntime({
    flow,
    crm,
    sms: input.sms,
    sessions: input.sessions ?? new MemorySessionStore(clock),
    clock,
    logger,
    crmTimeoutMs: config.crmTimeoutMs,
    sessionTtlSec: config.sessionTtlSec,
  });
  return { config, settings, flow, runtime, logger };
}
