import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Renew or release only while the key still holds our token (another process may have taken
// over after our lease lapsed).
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A leased lock in Redis: one holder at a time, taken over by a standby when the holder dies
 * and its lease runs out. Correctness never depends on it (the relay is idempotent); it only
 * keeps several processes from doing the same work.
 */
export function createLeaderLock(redis: Redis, key: string, ttlMs: number) {
  const token = randomUUID();
  let held = false;
  let renewedAt = 0;
  return {
    get held() {
      return held;
    },
    /** Takes the lock if free, or renews it when held and a third of the lease has passed. */
    async refresh(): Promise<boolean> {
      const now = Date.now();
      if (held) {
        if (now - renewedAt < ttlMs / 3) return true;
        held = (await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
      } else {
        held = (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
      }
      if (held) renewedAt = now;
      return held;
    },
    async release(): Promise<void> {
      if (held) await redis.eval(RELEASE, 1, key, token);
      held = false;
    },
  };
}
