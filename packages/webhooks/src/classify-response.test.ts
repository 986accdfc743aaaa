import { describe, expect, it } from 'vitest';
import { classifyFailure, classifyResponse, parseRetryAfter } from './classify-response.ts';
import { EgressBlockedError, EgressNetworkError, EgressTimeoutError } from './errors.ts';

const now = new Date('2025-06-02T10:00:00Z');

describe('classifyResponse', () => {
  it.each([200, 201, 202, 204, 299])('%i is a successful delivery', (status) => {
    expect(classifyResponse(status, {}, now)).toEqual({ outcome: 'SUCCESS' });
  });

  it('410 Gone disables the endpoint', () => {
    expect(classifyResponse(410, {}, now)).toEqual({ outcome: 'DISABLE_ENDPOINT' });
  });

  it.each([500, 502, 503, 504, 301, 302, 307, 308, 304, 400, 401, 403, 404, 408, 413, 100])(
    '%i is retried on the schedule',
    (status) => {
      expect(classifyResponse(status, { 'retry-after': '60' }, now)).toEqual({ outcome: 'RETRY' });
    },
  );

  it('429 honours Retry-After given in seconds', () => {
    expect(classifyResponse(429, { 'retry-after': '120' }, now)).toEqual({
      outcome: 'RETRY',
      retryAfterMs: 120_000,
    });
  });

  it('429 honours Retry-After given as an HTTP-date, whatever the header case', () => {
    expect(classifyResponse(429, { 'Retry-After': 'Mon, 02 Jun 2025 10:05:00 GMT' }, now)).toEqual({
      outcome: 'RETRY',
      retryAfterMs: 300_000,
    });
  });

  it('429 without a readable Retry-After falls back to the schedule', () => {
    expect(classifyResponse(429, {}, now)).toEqual({ outcome: 'RETRY' });
    expect(classifyResponse(429, { 'retry-after': 'soon' }, now)).toEqual({ outcome: 'RETRY' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, future and past dates, and ignores garbage', () => {
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 02 Jun 2025 10:00:30 GMT', now.getTime())).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Jun 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('classifyFailure', () => {
  it('retries attempts that got no response', () => {
    expect(classifyFailure(new EgressTimeoutError(1000))).toEqual({ outcome: 'RETRY' });
    expect(classifyFailure(new EgressNetworkError('refused', 'ECONNREFUSED'))).toEqual({
      outcome: 'RETRY',
    });
    expect(classifyFailure(new EgressBlockedError('BLOCKED_ADDRESS', 'x'))).toEqual({
      outcome: 'RETRY',
    });
  });

  it('lets programming errors through', () => {
    expect(() => classifyFailure(new TypeError('bug'))).toThrow('bug');
  });
});
