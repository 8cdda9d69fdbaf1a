import type { CrmPort } from '../crm/crm-port.js';
import { CrmTimeoutError } from '../errors/crm-timeout-error.js';
import type { Effect } from '../flow/effects.js';
import type { CallEvent } from '../flow/events.js';
import { maskPhone } from '../lib/mask.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from './clock.js';
import { withTimeout } from './with-timeout.js';

export interface EffectDeps {
  crm: CrmPort;
  clock: Clock;
  logger: Logger;
  crmTimeoutMs: number;
}

/**
 * Runs one named effect within the CRM time budget and turns its outcome, including a
 * timeout or an error, into the event the flow expects. Never throws.
 */
export async function runEffect(deps: EffectDeps, effect: Effect): Promise<CallEvent> {
  const started = Date.now();
  const at = () => deps.clock.now();
  switch (effect.type) {
    case 'crm.lookupCaller':
      try {
        const customer = await withTimeout(
          deps.crm.findCustomerByPhone(effect.phone),
          deps.crmTimeoutMs,
          'CRM lookup',
        );
        deps.logger.info(
          { caller: maskPhone(effect.phone), found: !!customer, ms: Date.now() - started },
          'crm lookup',
        );
        return customer
          ? { type: 'crm.found', at: at(), customer }
          : { type: 'crm.notFound', at: at() };
      } catch (err) {
        const timedOut = err instanceof CrmTimeoutError;
        deps.logger.warn(
          {
            caller: maskPhone(effect.phone),
            err: (err as Error).message,
            ms: Date.now() - started,
          },
          timedOut ? 'crm lookup timed out: classic menu' : 'crm lookup failed: classic menu',
        );
        return timedOut
          ? { type: 'crm.timeout', at: at() }
          : { type: 'crm.failed', at: at(), error: (err as Error).message };
      }
    case 'crm.recordCall':
      try {
        await withTimeout(deps.crm.recordCall(effect.record), deps.crmTimeoutMs, 'CRM call record');
        return { type: 'crm.recorded', at: at() };
      } catch (err) {
        deps.logger.error(
          { callId: effect.record.callId, err: (err as Error).message },
          'crm call record failed',
        );
        return { type: 'crm.recordFailed', at: at(), error: (err as Error).message };
      }
  }
}
