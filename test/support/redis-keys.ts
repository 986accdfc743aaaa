// Test and bench clean-up: every key under a run's prefix (queues, locks, the rollup watermark,
// the batch index), which `Queue.obliterate` alone leaves behind.
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createRedis } from '@bvg/queue';

export async function removeKeysUnder(
  prefix: string,
  redisUrl = process.env.REDIS_URL ?? LOCAL_REDIS_URL,
): Promise<void> {
  const redis = createRedis(redisUrl, 'worker');
  try {
    for (let cursor = '0'; ; ) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
