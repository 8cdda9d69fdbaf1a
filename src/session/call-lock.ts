/**
 * Runs the webhooks of one call one at a time (key `provider:callId`), and different calls
 * in parallel. In one process `KeyedQueue` is enough; with several instances the Redis
 * lock (RedisCallLock) keeps the same order across them.
 */
export interface CallLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}
