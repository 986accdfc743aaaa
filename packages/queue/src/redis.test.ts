import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, waitForRedis } from './redis.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const open: { quit(): Promise<unknown>; disconnect(): void }[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.disconnect();
});

describe('createRedis', () => {
  it('connects a worker connection that BullMQ accepts (no per-command retry limit)', async () => {
    const redis = createRedis(REDIS_URL, 'worker');
    open.push(redis);
    await waitForRedis(redis);
    expect(redis.options.maxRetriesPerRequest).toBeNull();
    expect(await redis.ping()).toBe('PONG');
  });

  it('makes a producer fail fast instead of queueing commands while Redis is unreachable', async () => {
    // A port nothing listens on: the command must reject promptly, not hang.
    const redis = createRedis('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null });
    open.push(redis);
    await expect(redis.set('k', 'v')).rejects.toThrow();
  });
});
