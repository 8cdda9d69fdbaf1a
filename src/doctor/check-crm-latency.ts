import type { Config } from '../config/config.js';
import type { CrmPort } from '../crm/crm-port.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import type { StopwatchClock } from './doctor-deps.js';

const LABEL = 'CRM lookup latency';

/** A few lookups: enough for a median, quick enough not to load a busy CRM. */
const LOOKUPS = 5;

/** A number in no CRM, for an empty one: a miss still exercises the index. */
const UNKNOWN_PHONE = '+77000000000';

/**
 * Times `findCustomerByPhone` as a call does and compares it with CRM_TIMEOUT_MS: a caller
 * gets the classic menu whenever a lookup exceeds it, so half the budget is the warning line.
 */
export async function checkCrmLatency(
  config: Config,
  crm: CrmPort,
  samplePhone: string | null,
  clock: StopwatchClock,
): Promise<CheckResult> {
  const phone = samplePhone ?? UNKNOWN_PHONE;
  const times: number[] = [];
  try {
    for (let i = 0; i < LOOKUPS; i++) {
      const started = clock.nowMs();
      await crm.findCustomerByPhone(phone);
      times.push(clock.nowMs() - started);
    }
  } catch (err) {
    return fail(
      LABEL,
      `lookup failed: ${err instanceof Error ? err.message : String(err)}`,
      'Every call would get the classic menu: see the "CRM database" check and the server log.',
    );
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor((times.length - 1) / 2)] ?? 0;
  const max = times.at(-1) ?? 0;
  const budget = config.crmTimeoutMs;
  const detail =
    `${LOOKUPS} lookups of ${samplePhone ? 'a known' : 'an unknown'} number: ` +
    `p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms (CRM_TIMEOUT_MS ${budget} ms)`;
  const fix =
    'Slow lookups send callers to the classic menu: keep DATABASE_PATH on a local disk, or raise CRM_TIMEOUT_MS.';
  if (p50 >= budget) return fail(LABEL, `${detail}: most lookups would time out`, fix);
  if (max > budget / 2) return warn(LABEL, `${detail}: above half the budget`, fix);
  return ok(LABEL, detail);
}
