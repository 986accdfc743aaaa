import { describe, expect, it } from 'vitest';
import { nextRetryDelay, type RetryPolicy, retryAfterMs } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 };
const NOW = Date.parse('2026-12-04T10:00:00Z');

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), NOW)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 04 Dec 2026 10:00:07 GMT' }), NOW)).toBe(
      7000,
    );
    // A date in the past means "now", never a negative wait.
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 04 Dec 2026 09:00:00 GMT' }), NOW)).toBe(
      0,
    );
  });

  it('falls back to the reset of the IETF RateLimit header, and to nothing', () => {
    expect(retryAfterMs(new Headers({ ratelimit: '"default";r=0;t=12' }), NOW)).toBe(12_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
  });
});

describe('nextRetryDelay', () => {
  it('never waits less than the server asked, and adds bounded jitter', () => {
    expect(nextRetryDelay(1, 2000, policy, () => 0)).toBe(2000);
    const most = nextRetryDelay(1, 2000, policy, () => 0.999)!;
    expect(most).toBeGreaterThanOrEqual(2000);
    expect(most).toBeLessThanOrEqual(2000 + 300);
  });

  it('stops when attempts are used up or the server asks for longer than the client accepts', () => {
    expect(nextRetryDelay(4, 1000, policy, () => 0)).toBeUndefined();
    expect(nextRetryDelay(1, 60_000, policy, () => 0)).toBeUndefined();
  });

  it('backs off exponentially with full jitter when the server gives no time', () => {
    expect(nextRetryDelay(1, undefined, policy, () => 0.999)).toBeLessThan(200);
    expect(nextRetryDelay(3, undefined, policy, () => 0.999)).toBeGreaterThanOrEqual(790);
    expect(nextRetryDelay(3, undefined, policy, () => 0.999)).toBeLessThan(800);
    const capped = { ...policy, maxAttempts: 20 };
    expect(nextRetryDelay(15, undefined, capped, () => 0.999)).toBeLessThan(10_000);
  });
});
