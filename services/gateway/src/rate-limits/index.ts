// The gateway's rate limiting, assembled: counters in Redis (per-process memory when Redis
// fails), GraphQL limits by query cost, the token endpoint's throttle, and their metrics.
import type { RateLimitTier } from '@bvg/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { RateLimitConfig } from './config.ts';
import { createGraphQLLimits } from './graphql-limits.ts';
import { createLimiterStore } from './limiter-store.ts';
import { sourceAddress } from './policies.ts';
import { createTokenThrottle } from './token-throttle.ts';

export { createClientTierLookup } from './client-tiers.ts';
export {
  parseRateLimitConfig,
  RATE_LIMIT_DEFAULTS,
  type RateLimitConfig,
  type RateLimitEnv,
} from './config.ts';
export type { GraphQLLimits, GraphQLSpend } from './graphql-limits.ts';
export type { TokenThrottle } from './token-throttle.ts';

/** How often, at most, a Redis failure of the limiters is logged (each one is counted). */
const STORE_FAILURE_LOG_INTERVAL_MS = 10_000;

export interface RateLimitingOptions {
  config: RateLimitConfig;
  /** A connection of the `cache` role: commands fail fast rather than wait for Redis. */
  redis: Redis;
  tierOf(clientId: string): Promise<RateLimitTier>;
  logger: Logger;
  registry: Registry;
}

export type RateLimiting = ReturnType<typeof createRateLimiting>;

export function createRateLimiting(options: RateLimitingOptions) {
  const { config, logger } = options;
  const refused = new Counter({
    name: 'bvg_gateway_rate_limited_total',
    help: 'Requests refused with 429, by rate-limit policy',
    labelNames: ['policy'] as const,
    registers: [options.registry],
  });
  const storeFailures = new Counter({
    name: 'bvg_gateway_rate_limit_store_failures_total',
    help: 'Rate-limit decisions taken from process memory because Redis failed, by limiter',
    labelNames: ['limiter'] as const,
    registers: [options.registry],
  });
  let lastFailureLog = 0;
  const onStoreFailure = (limiter: string) => {
    storeFailures.inc({ limiter });
    const now = Date.now();
    if (now - lastFailureLog >= STORE_FAILURE_LOG_INTERVAL_MS) {
      lastFailureLog = now;
      logger.warn(
        { limiter, redis: options.redis.status },
        'rate limits: Redis unavailable, limiting per gateway process from memory',
      );
    }
  };
  const onRefused = (policy: string) => refused.inc({ policy });

  const addresses = new WeakMap<Request, string>();
  const addressOf = (request: Request) =>
    addresses.get(request) ??
    sourceAddress(undefined, request.headers.get('x-forwarded-for'), config.trustedProxyHops);
  const rememberAddress = (request: Request, serverContext: unknown) => {
    const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | null)?.req
      ?.socket;
    addresses.set(
      request,
      sourceAddress(
        socket?.remoteAddress,
        request.headers.get('x-forwarded-for'),
        config.trustedProxyHops,
      ),
    );
  };

  const store = createLimiterStore({
    redis: options.redis,
    keyPrefix: config.keyPrefix,
    onStoreFailure,
  });
  return {
    addressOf,
    rememberAddress,
    onRefused,
    graphql: createGraphQLLimits({ config, store, tierOf: options.tierOf }),
    token: createTokenThrottle({
      config: config.token,
      store,
      redis: options.redis,
      keyPrefix: config.keyPrefix,
      addressOf,
      onRefused,
      onStoreFailure,
    }),
  };
}
