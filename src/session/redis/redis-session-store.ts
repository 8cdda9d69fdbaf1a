import type { Redis } from 'ioredis';
import type { CallSnapshot } from '../../flow/snapshot.js';
import type { SessionStore } from '../session-store.js';

/**
 * Call snapshots in Redis as plain JSON strings (`<prefix>call:<provider>:<callId>`), each
 * with its TTL renewed on every write. Errors propagate: the runtime treats an unreadable
 * snapshot as a missing one and resumes from the question in the webhook's URL.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<CallSnapshot | null> {
    const json = await this.redis.get(this.key(key));
    return json === null ? null : (JSON.parse(json) as CallSnapshot);
  }

  async set(key: string, snapshot: CallSnapshot, ttlSec: number): Promise<void> {
    await this.redis.set(this.key(key), JSON.stringify(snapshot), 'EX', ttlSec);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.prefix}call:${key}`;
  }
}
