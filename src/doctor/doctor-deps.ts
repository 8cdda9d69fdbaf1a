import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { loadIvrSettings, type IvrSettings } from '../config/ivr-settings.js';
import type { AppDatabase } from '../store/database-schema.js';
import type { DatabaseTarget } from '../config/config.js';
import { openDatabase } from '../store/open-database.js';
import { systemClock } from '../runtime/clock.js';
import type { Config } from '../config/config.js';
import { createLogger } from '../lib/logger.js';
import { createCallState } from '../session/create-call-state.js';
import type { SessionStore } from '../session/session-store.js';

/** The session store the server would use, opened for the doctor's round trip. */
export interface OpenedSessions {
  /** `memory` or `redis`, as in the server's /ready. */
  backend: string;
  store: SessionStore;
  close(): Promise<void>;
}

/** The part of `fetch` the doctor uses; tests pass a fake to simulate timeouts and proxies. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A monotonic clock in milliseconds, for latencies. */
export interface StopwatchClock {
  nowMs(): number;
}

/** What the checks reach the outside world through, so tests can replace any of it. */
export interface DoctorDeps {
  fetch: FetchLike;
  clock: StopwatchClock;
  /** How long an HTTP check waits for an answer, ms. */
  httpTimeoutMs: number;
  /**
   * Opens the session store the configuration names (Redis with REDIS_URL, else memory);
   * rejects when it cannot be reached.
   */
  openSessions: (config: Config) => Promise<OpenedSessions>;
  /**
   * Opens the app's database: the SQLite file (creating nothing: the doctor checks that it
   * exists first) or PostgreSQL.
   */
  openDatabase: (target: DatabaseTarget) => Kysely<AppDatabase>;
  loadSettings: (file: string | null) => IvrSettings;
}

/** "A few seconds": longer than any healthy tunnel, shorter than a user's patience. */
const HTTP_TIMEOUT_MS = 5000;

/** The real dependencies, the same the server uses. */
export function defaultDoctorDeps(overrides: Partial<DoctorDeps> = {}): DoctorDeps {
  return {
    fetch: (url, init) => fetch(url, init),
    clock: { nowMs: () => performance.now() },
    httpTimeoutMs: HTTP_TIMEOUT_MS,
    openSessions: async (config) => {
      // Silent: the doctor reports what failed itself.
      const state = await createCallState(config, {
        clock: systemClock,
        logger: createLogger('silent'),
      });
      return { backend: state.backend, store: state.sessions, close: () => state.close() };
    },
    openDatabase,
    loadSettings: loadIvrSettings,
    ...overrides,
  };
}
