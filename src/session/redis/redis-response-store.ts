import type { Redis } from 'ioredis';
import type { CallAction } from '../../flow/actions.js';
import type { ResponseStore } from '../response-store.js';

/** Answers kept under providers' idempotency tokens, in Redis (`<prefix>response:<key>`). */
export class RedisResponseStore implements ResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<CallAction[] | null> {
    const json = await this.redis.get(`${this.prefix}response:${key}`);
    return json === null ? null : (JSON.parse(json) as CallAction[]);
  }

  async set(key: string, actions: CallAction[], ttlSec: number): Promise<void> {
    await this.redis.set(`${this.prefix}response:${key}`, JSON.stringify(actions), 'EX', ttlSec);
  }
}
