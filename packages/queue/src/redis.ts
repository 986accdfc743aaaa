// The one place that creates Redis connections. Options differ by role (BullMQ's production
// guide): a producer in the request path must fail fast when Redis is down, a worker must
// wait for Redis to come back rather than drop its blocking commands.
import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker' | 'cache' | 'subscriber';

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  // Commands issued while disconnected error at once instead of queueing in memory, so
  // an API call answers "unavailable" rather than hanging; a few retries per command.
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
  // BullMQ workers require maxRetriesPerRequest: null (blocking commands must not time out).
  worker: { maxRetriesPerRequest: null },
  cache: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 },
  subscriber: { maxRetriesPerRequest: null },
};

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `bvg-${role}`,
    // Reconnect with a capped backoff: a restarted Redis is expected, not fatal.
    retryStrategy: (times) => Math.min(times * 200, 5000),
    lazyConnect: false,
    ...ROLE_OPTIONS[role],
    ...extra,
  });
}

/** Resolves when the connection is ready (or rejects after `timeoutMs`). */
export async function waitForRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms (status ${redis.status})`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
