import { parseList } from 'structured-headers';
import { describe, expect, it } from 'vitest';
import { parseRateLimitConfig, RATE_LIMIT_DEFAULTS } from './config.ts';
import {
  formatLimitField,
  formatPolicyField,
  parseNamedQuotas,
  parseQuota,
  type QuotaPolicy,
  rateLimitHeaders,
  sourceAddress,
} from './policies.ts';

const standard: QuotaPolicy = { id: 'standard', points: 30000, windowSec: 60, unit: 'query-cost' };
const token: QuotaPolicy = { id: 'token-client', points: 60, windowSec: 60, unit: 'requests' };

describe('RateLimit fields (draft-ietf-httpapi-ratelimit-headers)', () => {
  it('are structured-field lists a standard parser reads back', () => {
    const policy = formatPolicyField([standard, token]);
    expect(policy).toBe('"standard";q=30000;w=60;bvg-unit="query-cost", "token-client";q=60;w=60');
    const [first, second] = parseList(policy);
    expect(first?.[0]).toBe('standard');
    expect(Object.fromEntries(first?.[1] ?? [])).toEqual({
      q: 30000,
      w: 60,
      'bvg-unit': 'query-cost',
    });
    expect(second?.[0]).toBe('token-client');

    const limit = formatLimitField([
      { policy: standard, state: { remaining: 1234.5, resetMs: 41_200 } },
    ]);
    expect(limit).toBe('"standard";r=1234;t=42');
    const [item] = parseList(limit);
    expect(item?.[0]).toBe('standard');
    expect(Object.fromEntries(item?.[1] ?? [])).toEqual({ r: 1234, t: 42 });
  });

  it('say "wait at least a second" while a refused quota has nothing left', () => {
    const headers = rateLimitHeaders([{ policy: token, state: { remaining: 0, resetMs: 10 } }], 10);
    expect(headers).toEqual({
      'ratelimit-policy': '"token-client";q=60;w=60',
      ratelimit: '"token-client";r=0;t=1',
      'retry-after': '1',
    });
    expect(rateLimitHeaders([])).toEqual({});
  });
});

describe('quota syntax', () => {
  it('reads points/seconds and refuses anything else', () => {
    expect(parseQuota('30000/60')).toEqual({ points: 30000, windowSec: 60 });
    expect(parseQuota(' 5 / 1 ')).toEqual({ points: 5, windowSec: 1 });
    for (const bad of ['0/60', '10/0', '10/86401', '10', 'ten/60', '1.5/60', '-1/60']) {
      expect(parseQuota(bad)).toBeNull();
    }
  });

  it('reads named quotas and reports every problem', () => {
    expect(parseNamedQuotas('A=1/2, B=3/4').quotas).toEqual(
      new Map([
        ['A', { points: 1, windowSec: 2 }],
        ['B', { points: 3, windowSec: 4 }],
      ]),
    );
    expect(parseNamedQuotas('A=1/2,A=3/4,B,C=x').problems).toEqual([
      'A is given twice',
      '"B": expected NAME=points/seconds',
      '"C=x": expected NAME=points/seconds',
    ]);
  });
});

describe('rate-limit configuration', () => {
  const env = { ...RATE_LIMIT_DEFAULTS, TRUST_PROXY_HOPS: 0 };

  it('has working defaults', () => {
    const { config } = parseRateLimitConfig(env);
    expect(config?.tiers).toEqual({
      LOW: { points: 6000, windowSec: 60 },
      STANDARD: { points: 30000, windowSec: 60 },
      HIGH: { points: 150000, windowSec: 60 },
    });
    expect(config?.token.clientFailures).toEqual({ points: 10, windowSec: 900 });
  });

  it('needs every tier, no unknown one, and room for the largest query in each', () => {
    const { problems } = parseRateLimitConfig({
      ...env,
      RATE_LIMIT_TIERS: 'LOW=100/60,STANDARD=30000/60,GOLD=1/1',
      TOKEN_FAILURE_LIMITS: 'client=10/900',
      RATE_LIMIT_KEY_PREFIX: 'bad prefix',
    });
    expect(problems).toEqual([
      ['RATE_LIMIT_TIERS', 'unknown name GOLD'],
      ['RATE_LIMIT_TIERS', 'LOW must allow at least 5000 points (the largest query)'],
      ['RATE_LIMIT_TIERS', 'HIGH is missing (give LOW, STANDARD, HIGH)'],
      ['TOKEN_FAILURE_LIMITS', 'address is missing (give client, address)'],
      ['RATE_LIMIT_KEY_PREFIX', 'letters, digits, ":", "_" and "-" only'],
    ]);
  });
});

describe('source address', () => {
  it('is the socket peer unless proxies of ours are trusted', () => {
    expect(sourceAddress('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
    expect(sourceAddress('::ffff:10.0.0.5', null, 0)).toBe('10.0.0.5');
    expect(sourceAddress(undefined, null, 0)).toBe('unknown');
  });

  it('behind N proxies is the Nth entry from the right; what the client wrote is ignored', () => {
    // The client forged "6.6.6.6"; our one proxy appended the peer it saw, 1.2.3.4.
    expect(sourceAddress('10.0.0.5', '6.6.6.6, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(sourceAddress('10.0.0.5', '6.6.6.6, 1.2.3.4, 10.0.0.9', 2)).toBe('1.2.3.4');
    // Fewer entries than proxies, or garbage: the socket peer.
    expect(sourceAddress('10.0.0.5', '1.2.3.4', 2)).toBe('10.0.0.5');
    expect(sourceAddress('10.0.0.5', 'not-an-ip', 1)).toBe('10.0.0.5');
  });
});
