import { describe, expect, it } from 'vitest';
import type { DeliveryClassification } from './classify-response.ts';
import { DEFAULT_RETRY_DELAYS_MS, nextAttemptDelay, retrySchedule } from './retry-policy.ts';

const retry: DeliveryClassification = { outcome: 'RETRY' };
const noJitter = () => 0.5;
const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

describe('retrySchedule', () => {
  it('is the Svix-like schedule of 8 attempts by default', () => {
    expect(retrySchedule().delaysMs).toEqual([
      0,
      5 * second,
      5 * minute,
      30 * minute,
      2 * hour,
      5 * hour,
      10 * hour,
      10 * hour,
    ]);
    expect(retrySchedule().jitter).toBe(0.2);
  });

  it('compresses by a scale factor, keeping the number of attempts', () => {
    const fast = retrySchedule({ scale: 0.001 });

    expect(fast.delaysMs).toEqual([0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
    expect(retrySchedule({ scale: 0 }).delaysMs).toEqual(DEFAULT_RETRY_DELAYS_MS.map(() => 0));
  });

  it('refuses nonsense settings', () => {
    expect(() => retrySchedule({ scale: -1 })).toThrow(RangeError);
    expect(() => retrySchedule({ jitter: 1 })).toThrow(RangeError);
    expect(() => retrySchedule({ delaysMs: [] })).toThrow(RangeError);
  });
});

describe('nextAttemptDelay', () => {
  const schedule = retrySchedule();

  it('walks the schedule after each failed attempt, then gives up after the 8th', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextAttemptDelay(n, retry, schedule, noJitter));

    expect(delays).toEqual(DEFAULT_RETRY_DELAYS_MS.slice(1));
    expect(nextAttemptDelay(8, retry, schedule, noJitter)).toBeNull();
  });

  it('stays within ±20 % of the planned delay, reaching both ends', () => {
    expect(nextAttemptDelay(2, retry, schedule, () => 0)).toBe(4 * minute);
    expect(nextAttemptDelay(2, retry, schedule, () => 0.999_999_999)).toBeCloseTo(6 * minute, -1);
    for (let i = 0; i < 1_000; i++) {
      const delay = nextAttemptDelay(6, retry, schedule) ?? Number.NaN;
      expect(delay).toBeGreaterThanOrEqual(8 * hour);
      expect(delay).toBeLessThanOrEqual(12 * hour);
    }
  });

  it('spreads retries out rather than sending them all at the same moment', () => {
    const delays = new Set(Array.from({ length: 50 }, () => nextAttemptDelay(1, retry, schedule)));

    expect(delays.size).toBeGreaterThan(40);
  });

  it('stops on success and on a disabled endpoint', () => {
    expect(nextAttemptDelay(1, { outcome: 'SUCCESS' }, schedule)).toBeNull();
    expect(nextAttemptDelay(1, { outcome: 'DISABLE_ENDPOINT' }, schedule)).toBeNull();
  });

  it('waits at least as long as a 429 asks, but no longer than the longest planned delay', () => {
    const asked = (retryAfterMs: number): DeliveryClassification => ({
      outcome: 'RETRY',
      retryAfterMs,
    });

    expect(nextAttemptDelay(1, asked(2 * minute), schedule, noJitter)).toBe(2 * minute);
    expect(nextAttemptDelay(1, asked(1 * second), schedule, noJitter)).toBe(5 * second);
    expect(nextAttemptDelay(1, asked(365 * 24 * hour), schedule, noJitter)).toBe(10 * hour);
    expect(nextAttemptDelay(8, asked(1 * second), schedule, noJitter)).toBeNull();
  });

  it('a compressed schedule runs all 8 attempts within a test-sized budget', () => {
    const fast = retrySchedule({ scale: 0.0001 });
    let total = 0;
    let attempts = 1;
    for (let delay = nextAttemptDelay(attempts, retry, fast); delay !== null; attempts++) {
      total += delay;
      delay = nextAttemptDelay(attempts + 1, retry, fast);
    }

    expect(attempts).toBe(8);
    expect(total).toBeLessThanOrEqual(Math.ceil(1.2 * 0.0001 * 32.6 * hour));
  });

  it('refuses an attempt number that is not a count', () => {
    expect(() => nextAttemptDelay(0, retry, schedule)).toThrow(RangeError);
    expect(() => nextAttemptDelay(1.5, retry, schedule)).toThrow(RangeError);
  });
});
