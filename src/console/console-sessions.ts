import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** A signed-in console operator: who, and the token their writes must carry (CSRF). */
export interface ConsoleSession {
  user: string;
  csrf: string;
}

/**
 * Console sessions by their random id (the cookie's value): in this process's memory, or in
 * Redis when REDIS_URL is set so every instance knows them. They expire on their own.
 */
export interface ConsoleSessions {
  create(user: string): Promise<{ id: string; session: ConsoleSession }>;
  get(id: string): Promise<ConsoleSession | null>;
  delete(id: string): Promise<void>;
}

const token = () => randomBytes(32).toString('base64url');

/** At most this many sessions are kept in memory; the oldest unused go first. */
const MEMORY_MAX = 10_000;

export class MemoryConsoleSessions implements ConsoleSessions {
  private readonly sessions: LRUCache<string, ConsoleSession>;

  constructor(ttlMs: number) {
    this.sessions = new LRUCache({ max: MEMORY_MAX, ttl: ttlMs });
  }

  create(user: string) {
    const id = token();
    const session = { user, csrf: token() };
    this.sessions.set(id, session);
    return Promise.resolve({ id, session });
  }

  get(id: string) {
    return Promise.resolve(this.sessions.get(id) ?? null);
  }

  delete(id: string) {
    this.sessions.delete(id);
    return Promise.resolve();
  }
}

export class RedisConsoleSessions implements ConsoleSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  private key(id: string): string {
    return `${this.prefix}console-session:${id}`;
  }

  async create(user: string) {
    const id = token();
    const session = { user, csrf: token() };
    await this.redis.set(this.key(id), JSON.stringify(session), 'PX', this.ttlMs);
    return { id, session };
  }

  async get(id: string): Promise<ConsoleSession | null> {
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<ConsoleSession>;
    return typeof parsed.user === 'string' && typeof parsed.csrf === 'string'
      ? { user: parsed.user, csrf: parsed.csrf }
      : null;
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}
