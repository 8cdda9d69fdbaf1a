import { Redis } from 'ioredis';
import { AppError } from '../../errors/app-error.js';
import type { Logger } from '../../lib/logger.js';

/**
 * A Redis command that has not answered in this time fails, and the call goes on without it
 * (recovered from the question in its URL): a hung Redis must not hold up callers.
 */
const COMMAND_TIMEOUT_MS = 1000;

/**
 * Connects to REDIS_URL and waits until it answers, so a wrong URL stops the server at start.
 * Afterwards commands never queue while Redis is away (`enableOfflineQueue: false`): they
 * fail at once, the call goes on from the question in the webhook's URL, and the client
 * reconnects in the background.
 */
export async function openRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // Reconnect forever, at most every 2 s: Redis restarts are expected in production.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    // Logged once per outage, not once per reconnect attempt.
    if (!down) logger.error({ err: err.message }, 'Redis unreachable: calls go on without it');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis reachable again');
    down = false;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new AppError(`Redis at ${redactUrl(url)} is unreachable: ${(err as Error).message}`, {
      hint: 'Check REDIS_URL (redis://[:password@]host:6379/0), or remove it to keep call state in memory (one instance only).',
    });
  }
  return redis;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}
