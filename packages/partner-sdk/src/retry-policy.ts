// When to try a request again and how long to wait first. Pure: no I/O, no clock of its own.
// Hand-written because the rules are the gateway's contract (Retry-After, RateLimit, which
// operations are safe to repeat), not something a generic retry library decides.

export interface RetryPolicy {
  /** Attempts in all, the first included (1 turns retries off). */
  maxAttempts: number;
  /** First backoff when the gateway gives no Retry-After; doubled per attempt. */
  baseDelayMs: number;
  /** Longest wait the client accepts; a longer Retry-After is raised to the caller instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/** HTTP statuses worth another attempt: throttled, or briefly unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * How long the response asks us to wait, in ms: `Retry-After` (seconds or an HTTP date,
 * RFC 9110 §10.2.3), else the reset (`t=`) of the IETF `RateLimit` header. Undefined when
 * neither says.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = /(?:^|[;,\s])t=(\d+)/.exec(headers.get('ratelimit') ?? '')?.[1];
  return reset === undefined ? undefined : Number(reset) * 1000;
}

/**
 * The wait before attempt `attempt + 1` after a retryable answer to attempt `attempt`
 * (1-based), or undefined to stop: attempts used up, or the server asks for longer than
 * `maxDelayMs`. A server-given wait is honoured and never shortened; up to 10% (at most 1 s)
 * of jitter is added so that many clients told the same time do not return at once.
 * Without one: exponential backoff with full jitter.
 */
export function nextRetryDelay(
  attempt: number,
  serverWaitMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (serverWaitMs !== undefined) {
    if (serverWaitMs > policy.maxDelayMs) return undefined;
    return serverWaitMs + Math.floor(random() * Math.min(1000, serverWaitMs * 0.1 + 100));
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
