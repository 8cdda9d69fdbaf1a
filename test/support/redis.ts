import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests may use (.ci/services.sh starts it in CI); unset: those tests skip. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? '';

/** Prints why Redis tests are skipped, once per file. */
export function noteRedisSkip(what: string): void {
  if (!TEST_REDIS_URL) {
    console.warn(`[skipped] ${what}: TEST_REDIS_URL is not set (see .ci/services.sh)`);
  }
}

/** A key prefix of our own on the shared server: the branch name and a random suffix. */
export function testPrefix(): string {
  return `ivr-test:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (the tests' cleanup on a shared server). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
