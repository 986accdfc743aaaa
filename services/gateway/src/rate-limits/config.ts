// The gateway's rate limits, read from its environment: what each partner tier may spend on
// GraphQL, what internal principals and anonymous callers may, and the token endpoint's limits.
import { RATE_LIMIT_TIERS } from '@bvg/domain';
import { MAX_QUERY_COST } from '../plugins/use-query-limits.ts';
import { parseNamedQuotas, parseQuota } from './policies.ts';

export type RateLimitTierName = (typeof RATE_LIMIT_TIERS)[number];

export interface Quota {
  points: number;
  windowSec: number;
}

export interface RateLimitConfig {
  /** GraphQL query-cost points per window for each partner API client, by its tier. */
  tiers: Record<RateLimitTierName, Quota>;
  /** GraphQL query-cost points per window for each internal principal (ops, intake, …). */
  internal: Quota;
  /** GraphQL query-cost points per window for each source address without a token. */
  anonymous: Quota;
  token: {
    /** Token requests per window for one client id, and for one source address. */
    perClient: Quota;
    perAddress: Quota;
    /**
     * Failed client authentications: `points` in a row for one client id (a success starts
     * the count again), or within the window from one address, block for `windowSec`.
     */
    clientFailures: Quota;
    addressFailures: Quota;
  };
  /** Prefix of every rate-limit key in Redis. */
  keyPrefix: string;
  /** Proxies of ours in front of the gateway, each appending to `X-Forwarded-For`. */
  trustedProxyHops: number;
}

export interface RateLimitEnv {
  RATE_LIMIT_TIERS: string;
  RATE_LIMIT_INTERNAL: string;
  RATE_LIMIT_ANONYMOUS: string;
  TOKEN_RATE_LIMITS: string;
  TOKEN_FAILURE_LIMITS: string;
  RATE_LIMIT_KEY_PREFIX: string;
  TRUST_PROXY_HOPS: number;
}

export const RATE_LIMIT_DEFAULTS = {
  RATE_LIMIT_TIERS: 'LOW=6000/60,STANDARD=30000/60,HIGH=150000/60',
  RATE_LIMIT_INTERNAL: '3000000/60',
  RATE_LIMIT_ANONYMOUS: '2000/60',
  TOKEN_RATE_LIMITS: 'client=60/60,address=300/60',
  TOKEN_FAILURE_LIMITS: 'client=10/900,address=30/900',
  RATE_LIMIT_KEY_PREFIX: 'bvg:rl',
} as const;

/** The configuration, or every problem with it (as `[variable, message]`). */
export function parseRateLimitConfig(
  env: RateLimitEnv,
): { config: RateLimitConfig; problems: [] } | { config: null; problems: [string, string][] } {
  const problems: [string, string][] = [];

  const tiers = named('RATE_LIMIT_TIERS', env.RATE_LIMIT_TIERS, RATE_LIMIT_TIERS, MAX_QUERY_COST);
  const token = named('TOKEN_RATE_LIMITS', env.TOKEN_RATE_LIMITS, ['client', 'address'], 1);
  const failures = named(
    'TOKEN_FAILURE_LIMITS',
    env.TOKEN_FAILURE_LIMITS,
    ['client', 'address'],
    1,
  );
  const internal = single('RATE_LIMIT_INTERNAL', env.RATE_LIMIT_INTERNAL, MAX_QUERY_COST);
  const anonymous = single('RATE_LIMIT_ANONYMOUS', env.RATE_LIMIT_ANONYMOUS, 1);
  if (!/^[A-Za-z0-9:_-]+$/.test(env.RATE_LIMIT_KEY_PREFIX)) {
    problems.push(['RATE_LIMIT_KEY_PREFIX', 'letters, digits, ":", "_" and "-" only']);
  }
  if (problems.length > 0 || !tiers || !token || !failures || !internal || !anonymous) {
    return { config: null, problems };
  }
  return {
    config: {
      tiers: tiers as Record<RateLimitTierName, Quota>,
      internal,
      anonymous,
      token: {
        perClient: token.client!,
        perAddress: token.address!,
        clientFailures: failures.client!,
        addressFailures: failures.address!,
      },
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX,
      trustedProxyHops: env.TRUST_PROXY_HOPS,
    },
    problems: [],
  };

  function single(variable: string, text: string, minPoints: number): Quota | null {
    const quota = parseQuota(text);
    if (!quota) problems.push([variable, `"${text}": expected points/seconds, e.g. 30000/60`]);
    else if (quota.points < minPoints) {
      problems.push([variable, `must allow at least ${minPoints} points (the largest query)`]);
    } else return quota;
    return null;
  }

  function named(
    variable: string,
    text: string,
    names: readonly string[],
    minPoints: number,
  ): Record<string, Quota> | null {
    const parsed = parseNamedQuotas(text);
    const before = problems.length;
    for (const problem of parsed.problems) problems.push([variable, problem]);
    for (const name of parsed.quotas.keys()) {
      if (!names.includes(name)) problems.push([variable, `unknown name ${name}`]);
    }
    for (const name of names) {
      const quota = parsed.quotas.get(name);
      if (!quota) problems.push([variable, `${name} is missing (give ${names.join(', ')})`]);
      else if (quota.points < minPoints) {
        problems.push([
          variable,
          `${name} must allow at least ${minPoints} points (the largest query)`,
        ]);
      }
    }
    return problems.length > before ? null : Object.fromEntries(parsed.quotas);
  }
}
