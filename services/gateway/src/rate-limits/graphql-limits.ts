// GraphQL rate limits: every operation spends its query cost from its caller's quota (a
// partner API client by its tier, an internal principal, or an anonymous source address), so
// one expensive query weighs what many cheap ones do.
import type { Principal } from '@bvg/auth';
import type { RateLimitTier } from '@bvg/db';
import type { RateLimitConfig } from './config.ts';
import { type LimiterStore, spend } from './limiter-store.ts';
import type { QuotaPolicy, QuotaState } from './policies.ts';

export interface GraphQLSpend {
  policy: QuotaPolicy;
  state: QuotaState;
  /** Points this operation spent (its cost, rounded up, at least 1). */
  points: number;
  /** Set when refused: milliseconds until the operation would be allowed. */
  retryAfterMs?: number;
}

export interface GraphQLLimitsOptions {
  config: Pick<RateLimitConfig, 'tiers' | 'internal' | 'anonymous'>;
  store: LimiterStore;
  tierOf(clientId: string): Promise<RateLimitTier>;
}

export type GraphQLLimits = ReturnType<typeof createGraphQLLimits>;

export function createGraphQLLimits(options: GraphQLLimitsOptions) {
  const { config, store } = options;
  const costPolicy = (id: string, quota: { points: number; windowSec: number }): QuotaPolicy => ({
    id,
    points: quota.points,
    windowSec: quota.windowSec,
    unit: 'query-cost',
  });

  /** Whose quota a request spends: the policy, the limiter's name and the caller's key. */
  async function quotaOf(principal: Principal | null, address: string) {
    if (principal?.kind === 'vendor') {
      const tier = await options.tierOf(principal.clientId);
      return {
        policy: costPolicy(tier.toLowerCase(), config.tiers[tier]),
        limiter: `gql:${tier}`,
        key: principal.clientId,
      };
    }
    if (principal?.kind === 'internal') {
      return {
        policy: costPolicy('internal', config.internal),
        limiter: 'gql:internal',
        key: principal.subject,
      };
    }
    return {
      policy: costPolicy('anonymous', config.anonymous),
      limiter: 'gql:anonymous',
      key: address,
    };
  }

  return {
    /** Spends an operation's cost; the answer says whether it may run and what is left. */
    async spend(principal: Principal | null, address: string, cost: number): Promise<GraphQLSpend> {
      const { policy, limiter, key } = await quotaOf(principal, address);
      const points = Math.max(1, Math.ceil(cost));
      const outcome = await spend(store.limiter(limiter, policy), key, points);
      return outcome.allowed
        ? { policy, state: outcome.state, points }
        : { policy, state: outcome.state, points, retryAfterMs: outcome.retryAfterMs };
    },
  };
}
