// Rate-limit counters in Redis (rate-limiter-flexible), so a limit holds across every gateway
// process. When Redis cannot answer, each limiter falls back to an in-memory twin with the same
// quota (the library's insurance limiter): limits then hold per process instead of across
// processes, and every fallback is counted so ops see it.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Quota } from './config.ts';
import type { QuotaState } from './policies.ts';

/** The outcome of spending points: allowed or not, and where the quota stands after it. */
export type Spent =
  | { allowed: true; state: QuotaState }
  | { allowed: false; state: QuotaState; retryAfterMs: number };

/** A memory limiter that reports each use: it only runs when the Redis store failed. */
class FallbackMemoryLimiter extends RateLimiterMemory {
  constructor(
    opts: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(opts);
  }
  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.onUse();
    return super.consume(...args);
  }
  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.onUse();
    return super.get(...args);
  }
  override block(...args: Parameters<RateLimiterMemory['block']>) {
    this.onUse();
    return super.block(...args);
  }
  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.onUse();
    return super.delete(...args);
  }
}

export interface LimiterStoreOptions {
  redis: Redis;
  /** Every key starts with this (`bvg:rl`), so one Redis can serve several deployments. */
  keyPrefix: string;
  /** Called each time a limiter answered from process memory because Redis failed. */
  onStoreFailure(limiter: string): void;
}

export type LimiterStore = ReturnType<typeof createLimiterStore>;

export function createLimiterStore(options: LimiterStoreOptions) {
  const limiters = new Map<string, RateLimiterRedis>();

  /** The limiter named `name` with this quota (one instance per name and quota). */
  function limiter(name: string, quota: Quota): RateLimiterRedis {
    const id = `${name}:${quota.points}:${quota.windowSec}`;
    let found = limiters.get(id);
    if (!found) {
      const opts = { points: quota.points, duration: quota.windowSec };
      found = new RateLimiterRedis({
        ...opts,
        storeClient: options.redis,
        keyPrefix: `${options.keyPrefix}:${name}`,
        // Not waiting for a reconnect: the request path answers at once from memory instead.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new FallbackMemoryLimiter(opts, () => options.onStoreFailure(name)),
      });
      limiters.set(id, found);
    }
    return found;
  }

  return { limiter };
}

/** Spends `points` of `key`'s quota; a refusal says how long until it would be allowed. */
export async function spend(
  limiter: RateLimiterRedis,
  key: string,
  points: number,
): Promise<Spent> {
  try {
    const res = await limiter.consume(key, points);
    return { allowed: true, state: stateOf(res) };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return { allowed: false, state: stateOf(refusal), retryAfterMs: refusal.msBeforeNext };
  }
}

/**
 * Counts one failure against `key`; the failure that uses up the quota blocks the key for
 * `blockSec` (longer than what is left of its window, so the block is what a caller waits out).
 */
export async function countFailure(
  limiter: RateLimiterRedis,
  key: string,
  blockSec: number,
): Promise<void> {
  const outcome = await spend(limiter, key, 1);
  if (!outcome.allowed || outcome.state.remaining === 0) await limiter.block(key, blockSec);
}

/** Blocked (by `countFailure`) and for how long, in milliseconds; 0 when not blocked. */
export async function blockedFor(limiter: RateLimiterRedis, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.consumedPoints > limiter.points ? Math.max(res.msBeforeNext, 1) : 0;
}

const stateOf = (res: RateLimiterRes): QuotaState => ({
  remaining: res.remainingPoints,
  resetMs: Math.max(res.msBeforeNext, 0),
});
