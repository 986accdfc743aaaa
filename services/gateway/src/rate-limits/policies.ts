// Quota policies and how they are announced (draft-ietf-httpapi-ratelimit-headers: the
// `RateLimit-Policy` and `RateLimit` structured fields). Pure: no Redis, no HTTP.
import { isIP } from 'node:net';
import { serializeList } from 'structured-headers';

/** A quota: `points` per `windowSec`-second window, named as partners see it in the headers. */
export interface QuotaPolicy {
  /** The policy identifier in `RateLimit-Policy` and `RateLimit` (`"standard"`, `"token-client"`). */
  id: string;
  points: number;
  windowSec: number;
  /**
   * What a point is. The draft registers request-counting units only; GraphQL spends query
   * cost, said by the `bvg-unit` parameter (implementation parameters carry a vendor prefix).
   */
  unit: 'requests' | 'query-cost';
}

/** Where a policy stands for one caller after a request. */
export interface QuotaState {
  remaining: number;
  /** Milliseconds until quota is given back (the window ends or a block lapses). */
  resetMs: number;
}

/** `"30000/60"`: points per window in seconds; both positive integers. */
export function parseQuota(text: string): { points: number; windowSec: number } | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return null;
  const points = Number(match[1]);
  const windowSec = Number(match[2]);
  if (!Number.isSafeInteger(points) || points < 1 || !Number.isSafeInteger(windowSec)) return null;
  if (windowSec < 1 || windowSec > 86_400) return null;
  return { points, windowSec };
}

/**
 * `"LOW=6000/60,STANDARD=30000/60"`: a quota per name. Problems are returned, all at once,
 * for the configuration check to report.
 */
export function parseNamedQuotas(text: string): {
  quotas: Map<string, { points: number; windowSec: number }>;
  problems: string[];
} {
  const quotas = new Map<string, { points: number; windowSec: number }>();
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    const quota = eq > 0 ? parseQuota(entry.slice(eq + 1)) : null;
    if (!name || !quota) problems.push(`"${entry}": expected NAME=points/seconds`);
    else if (quotas.has(name)) problems.push(`${name} is given twice`);
    else quotas.set(name, quota);
  }
  return { quotas, problems };
}

/** Whole seconds, never 0 while something is still held back (Retry-After, `t`). */
export const secondsUntil = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** `RateLimit-Policy` for the policies that applied to a request. */
export function formatPolicyField(policies: readonly QuotaPolicy[]): string {
  return serializeList(
    policies.map((p) => {
      const params = new Map<string, number | string>([
        ['q', p.points],
        ['w', p.windowSec],
      ]);
      if (p.unit !== 'requests') params.set('bvg-unit', p.unit);
      return [p.id, params];
    }),
  );
}

/** `RateLimit`: what remains of each policy, and in how many seconds more is given. */
export function formatLimitField(
  entries: readonly { policy: QuotaPolicy; state: QuotaState }[],
): string {
  return serializeList(
    entries.map(({ policy, state }) => [
      policy.id,
      new Map([
        ['r', Math.max(0, Math.floor(state.remaining))],
        ['t', state.remaining > 0 ? Math.ceil(state.resetMs / 1000) : secondsUntil(state.resetMs)],
      ]),
    ]),
  );
}

/** The headers for a response: both fields, and `Retry-After` when the request was refused. */
export function rateLimitHeaders(
  entries: readonly { policy: QuotaPolicy; state: QuotaState }[],
  refusedForMs?: number,
): Record<string, string> {
  if (entries.length === 0) return {};
  const headers: Record<string, string> = {
    'ratelimit-policy': formatPolicyField(entries.map((e) => e.policy)),
    ratelimit: formatLimitField(entries),
  };
  if (refusedForMs !== undefined) headers['retry-after'] = String(secondsUntil(refusedForMs));
  return headers;
}

/**
 * The address a request came from. Behind `trustedHops` proxies of our own, it is the entry
 * that many places from the right of `X-Forwarded-For` (each proxy appends the peer it saw);
 * entries further left are the client's to forge and are never used.
 */
export function sourceAddress(
  socketAddress: string | undefined,
  forwardedFor: string | null,
  trustedHops: number,
): string {
  let address = socketAddress ?? 'unknown';
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor.split(',').map((s) => s.trim());
    const candidate = hops[hops.length - trustedHops];
    if (candidate && isIP(candidate)) address = candidate;
  }
  // An IPv4 peer on a dual-stack socket is the same caller as on an IPv4 one.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
