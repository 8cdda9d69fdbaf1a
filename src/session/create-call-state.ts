import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { Logger } from '../lib/logger.js';
import type { Clock } from '../runtime/clock.js';
import { KeyedQueue } from '../runtime/keyed-queue.js';
import type { CallLock } from './call-lock.js';
import { MemorySessionStore } from './memory-session-store.js';
import { openRedis, redactUrl } from './redis/open-redis.js';
import { RedisCallLock } from './redis/redis-call-lock.js';
import { RedisReplayStore } from './redis/redis-replay-store.js';
import { RedisResponseStore } from './redis/redis-response-store.js';
import { RedisSessionStore } from './redis/redis-session-store.js';
import { MemoryReplayStore, type ReplayStore } from './replay-store.js';
import { MemoryResponseStore, type ResponseStore } from './response-store.js';
import type { SessionStore } from './session-store.js';

/**
 * Everything a call keeps between its webhooks, which every instance serving the call must
 * see: snapshots, the per-call lock, the Vonage token ids seen, the answers to providers'
 * retries. In memory for one instance (the default), in Redis when REDIS_URL is set.
 */
export interface CallState {
  backend: 'memory' | 'redis';
  sessions: SessionStore;
  locks: CallLock;
  replays: ReplayStore;
  responses: ResponseStore;
  /** The Redis connection, when the backend is Redis (console sessions share it). */
  redis?: Redis;
  /** Resolves when the backend answers (GET /ready); rejects with why it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded call state: this process's memory. */
export function memoryCallState(clock: Clock): CallState {
  const now = () => Date.parse(clock.now());
  return {
    backend: 'memory',
    sessions: new MemorySessionStore(clock),
    locks: new KeyedQueue(),
    replays: new MemoryReplayStore(),
    responses: new MemoryResponseStore(now),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** The call state REDIS_URL asks for: Redis (connected and checked now), or memory. */
export async function createCallState(
  config: Pick<Config, 'redisUrl' | 'redisKeyPrefix' | 'callLockTtlMs' | 'callLockWaitMs'>,
  deps: { clock: Clock; logger: Logger },
): Promise<CallState> {
  if (!config.redisUrl) return memoryCallState(deps.clock);
  const redis = await openRedis(config.redisUrl, deps.logger);
  const prefix = config.redisKeyPrefix;
  deps.logger.info({ redis: redactUrl(config.redisUrl), prefix }, 'call state in Redis');
  return {
    backend: 'redis',
    sessions: new RedisSessionStore(redis, prefix),
    locks: new RedisCallLock(redis, {
      prefix,
      ttlMs: config.callLockTtlMs,
      waitMs: config.callLockWaitMs,
      logger: deps.logger,
    }),
    replays: new RedisReplayStore(redis, prefix, deps.logger),
    responses: new RedisResponseStore(redis, prefix),
    redis,
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
