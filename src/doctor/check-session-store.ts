import { randomUUID } from 'node:crypto';
import type { CallSnapshot } from '../flow/snapshot.js';
import type { SessionStore } from '../session/session-store.js';
import type { Config } from '../config/config.js';
import { redactUrl } from '../session/redis/open-redis.js';
import { fail, ok, type CheckResult } from './check-result.js';
import type { DoctorDeps } from './doctor-deps.js';

const LABEL = 'session store';

/**
 * Opens the session store the server would use (Redis with REDIS_URL, else memory) and
 * checks it with a round trip; an unreachable Redis fails the check.
 */
export async function checkConfiguredSessionStore(
  config: Config,
  deps: Pick<DoctorDeps, 'openSessions'>,
): Promise<CheckResult> {
  let opened;
  try {
    opened = await deps.openSessions(config);
  } catch (err) {
    return fail(
      `${LABEL} (redis)`,
      `${config.redisUrl ? redactUrl(config.redisUrl) : 'Redis'} did not answer: ${err instanceof Error ? err.message : String(err)}`,
      'Start Redis or fix REDIS_URL (docs/deployment.md); without it every instance would keep its calls to itself.',
    );
  }
  try {
    return await checkSessionStore(opened.store, `${LABEL} (${opened.backend})`);
  } finally {
    await opened.close();
  }
}

/**
 * A set/get/delete round trip of a snapshot under a key no call uses. With the in-memory
 * store this checks the store in this process (the server keeps its own); a shared store
 * (Redis, …) behind the same port is checked for real.
 */
export async function checkSessionStore(
  store: SessionStore,
  label: string = LABEL,
): Promise<CheckResult> {
  const key = `doctor:${randomUUID()}`;
  const at = new Date().toISOString();
  const snapshot: CallSnapshot = {
    version: 1,
    provider: 'doctor',
    callId: key,
    caller: null,
    called: 'doctor',
    startedAt: at,
    step: 'menu',
    language: 'ru',
    zone: 'UTC',
    crm: 'skipped',
    customer: null,
    tries: 0,
    transfer: null,
    path: [{ step: 'menu', at, input: null, result: 'doctor' }],
    selfService: null,
    selfServed: false,
    predicted: null,
    segmentRule: null,
    reminded: false,
    employees: [],
    answeredBy: null,
  };
  try {
    await store.set(key, snapshot, 60);
    const read = await store.get(key);
    await store.delete(key);
    const gone = await store.get(key);
    if (JSON.stringify(read) !== JSON.stringify(snapshot)) {
      return fail(label, 'get returned something else than was set', STORE_FIX);
    }
    if (gone !== null) return fail(label, 'delete left the entry in place', STORE_FIX);
  } catch (err) {
    return fail(label, `${err instanceof Error ? err.message : String(err)}`, STORE_FIX);
  }
  return ok(label, 'set, get and delete of a call snapshot');
}

const STORE_FIX =
  'Calls would lose their place between webhooks and restart at the classic menu: check the session store the server is composed with (src/compose.ts).';
