import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import { storeErrors } from '../../observability/metrics.js';
import { MemoryReplayStore, type ReplayStore } from '../replay-store.js';

/**
 * Token ids in Redis (`SET <prefix>jti:<id> 1 PX ttl NX`): the first instance to see an id
 * wins, so a token replayed to another instance is refused. While Redis cannot answer, each
 * instance guards what it receives itself (the in-memory store) rather than refusing every
 * webhook: a Redis outage must not drop calls; the gap is one instance's view for its length.
 */
export class RedisReplayStore implements ReplayStore {
  private readonly local = new MemoryReplayStore();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async firstSeen(id: string, ttlMs: number): Promise<boolean> {
    try {
      const set = await this.redis.set(`${this.prefix}jti:${id}`, '1', 'PX', ttlMs, 'NX');
      // Remembered here too, so the ids seen during an outage stay refused on this instance.
      await this.local.firstSeen(id, ttlMs);
      return set === 'OK';
    } catch (err) {
      storeErrors.inc({ store: 'replay-guard', op: 'set' });
      this.logger.warn(
        { err: (err as Error).message },
        'replay guard: Redis failed, checked locally',
      );
      return this.local.firstSeen(id, ttlMs);
    }
  }
}
