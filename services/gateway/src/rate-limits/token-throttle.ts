// Limits on `POST /oauth/token` and `POST /oauth/revoke` (one shared budget, since both check
// client credentials): how often one client id and one source address may ask, and how many
// failed client authentications either may make before it is refused for a while.
//
// Lock-out without handing attackers a denial of service (the pattern of brute-force
// protection in common authorization servers): failures are counted per client id and per
// client id and address (both reset by a success), and per address (not reset). A client id
// that reaches its failure limit is refused for the block time, but not from addresses that
// authenticated it within the last 30 days: a partner keeps getting tokens from its own
// servers while someone elsewhere guesses its secret. Such an address is still blocked for
// the client when it fails that many times in a row itself, and by the per-address limit.
// Blocks lapse by themselves; nothing is permanent.
import { NO_STORE_HEADERS, type TokenIssued, type TokenRequestFailure } from '@bvg/auth';
import type { Redis } from 'ioredis';
import type { RateLimitConfig } from './config.ts';
import { blockedFor, countFailure, type LimiterStore, spend } from './limiter-store.ts';
import { type QuotaPolicy, type QuotaState, rateLimitHeaders } from './policies.ts';

const KNOWN_ADDRESS_TTL_SEC = 30 * 24 * 3600;
/** Client ids are at most 63 characters; longer claims share one key instead of filling Redis. */
const MAX_CLIENT_ID_LENGTH = 64;

type Entry = { policy: QuotaPolicy; state: QuotaState };

export interface TokenThrottleOptions {
  config: RateLimitConfig['token'];
  store: LimiterStore;
  redis: Redis;
  keyPrefix: string;
  addressOf(request: Request): string;
  onRefused(policy: string): void;
  onStoreFailure(what: string): void;
}

export type TokenThrottle = ReturnType<typeof createTokenThrottle>;

export function createTokenThrottle(options: TokenThrottleOptions) {
  const { config, store } = options;
  const policies = {
    client: requests('token-client', config.perClient),
    address: requests('token-address', config.perAddress),
    clientFailures: requests('token-client-failures', config.clientFailures),
    addressFailures: requests('token-address-failures', config.addressFailures),
  };
  const limiters = {
    client: store.limiter('token:client', config.perClient),
    address: store.limiter('token:address', config.perAddress),
    clientFailures: store.limiter('token:client-failures', config.clientFailures),
    pairFailures: store.limiter('token:pair-failures', config.clientFailures),
    addressFailures: store.limiter('token:address-failures', config.addressFailures),
  };
  /** What applied to each request, for the headers of whatever it is answered with. */
  const applied = new WeakMap<Request, Entry[]>();

  const clientKey = (clientId: string) =>
    clientId.length <= MAX_CLIENT_ID_LENGTH ? clientId : '(too-long)';
  const pairKey = (clientId: string, address: string) => `${clientKey(clientId)}|${address}`;
  const knownKey = (clientId: string, address: string) =>
    `${options.keyPrefix}:token:known:${clientKey(clientId)}:${address}`;

  function note(request: Request, entry: Entry) {
    const entries = applied.get(request) ?? [];
    entries.push(entry);
    applied.set(request, entries);
  }

  function refuse(request: Request, policy: QuotaPolicy, waitMs: number): Response {
    options.onRefused(policy.id);
    note(request, { policy, state: { remaining: 0, resetMs: waitMs } });
    const entries = applied.get(request) ?? [];
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new Response(
      JSON.stringify({
        error: 'rate_limited',
        error_description: `Too many token or revocation requests; retry after ${seconds} s`,
      }),
      { status: 429, headers: { ...NO_STORE_HEADERS, ...rateLimitHeaders(entries, waitMs) } },
    );
  }

  async function isKnownAddress(clientId: string, address: string): Promise<boolean> {
    try {
      return (await options.redis.exists(knownKey(clientId, address))) === 1;
    } catch {
      options.onStoreFailure('token:known-address');
      return false;
    }
  }

  return {
    /** Before the request body is read: the source address's own limits. */
    async guardAddress(request: Request): Promise<Response | undefined> {
      const address = options.addressOf(request);
      const blocked = await blockedFor(limiters.addressFailures, address);
      if (blocked > 0) return refuse(request, policies.addressFailures, blocked);
      const spent = await spend(limiters.address, address, 1);
      if (!spent.allowed) return refuse(request, policies.address, spent.retryAfterMs);
      note(request, { policy: policies.address, state: spent.state });
      return undefined;
    },

    /** Once the request names its client: that client id's limits. */
    async admit(claim: { clientId?: string; request: Request }): Promise<Response | undefined> {
      if (!claim.clientId) return undefined;
      const key = clientKey(claim.clientId);
      const spent = await spend(limiters.client, key, 1);
      if (!spent.allowed) return refuse(claim.request, policies.client, spent.retryAfterMs);
      note(claim.request, { policy: policies.client, state: spent.state });
      const address = options.addressOf(claim.request);
      const blocked =
        (await blockedFor(limiters.pairFailures, pairKey(key, address))) ||
        ((await isKnownAddress(key, address)) ? 0 : await blockedFor(limiters.clientFailures, key));
      if (blocked > 0) return refuse(claim.request, policies.clientFailures, blocked);
      return undefined;
    },

    /** A refused request: failed client authentication counts against id and address. */
    async recordFailure(failure: TokenRequestFailure): Promise<void> {
      if (failure.error !== 'invalid_client') return;
      const address = options.addressOf(failure.request);
      await Promise.all([
        countFailure(limiters.addressFailures, address, config.addressFailures.windowSec),
        ...(failure.clientId
          ? [
              countFailure(
                limiters.clientFailures,
                clientKey(failure.clientId),
                config.clientFailures.windowSec,
              ),
              countFailure(
                limiters.pairFailures,
                pairKey(failure.clientId, address),
                config.clientFailures.windowSec,
              ),
            ]
          : []),
      ]);
    },

    /** A token issued: the client's failure count starts again, and its address is known. */
    async recordSuccess(issued: TokenIssued): Promise<void> {
      const address = options.addressOf(issued.request);
      await Promise.all([
        limiters.clientFailures.delete(clientKey(issued.clientId)),
        limiters.pairFailures.delete(pairKey(issued.clientId, address)),
        options.redis
          .set(knownKey(issued.clientId, address), '1', 'EX', KNOWN_ADDRESS_TTL_SEC)
          .catch(() => options.onStoreFailure('token:known-address')),
      ]);
    },

    /** The response with the fields of the limits that applied to its request. */
    withHeaders(request: Request, response: Response): Response {
      const entries = applied.get(request);
      if (!entries || response.headers.has('ratelimit')) return response;
      for (const [name, value] of Object.entries(rateLimitHeaders(entries))) {
        response.headers.set(name, value);
      }
      return response;
    },
  };
}

const requests = (id: string, quota: { points: number; windowSec: number }): QuotaPolicy => ({
  id,
  points: quota.points,
  windowSec: quota.windowSec,
  unit: 'requests',
});
