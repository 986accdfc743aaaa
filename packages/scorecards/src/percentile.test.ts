import { describe, expect, it } from 'vitest';
import { nearestRank, percentile, percentileBy } from './percentile.ts';

describe('nearest-rank percentiles', () => {
  it('takes the ⌈p/100 × n⌉-th smallest sample', () => {
    const times = [15, 20, 35, 40, 50];
    expect(percentile(times, 5)).toBe(15); // rank ⌈0.25⌉ = 1
    expect(percentile(times, 30)).toBe(20); // rank ⌈1.5⌉ = 2
    expect(percentile(times, 40)).toBe(20); // rank ⌈2⌉ = 2
    expect(percentile(times, 50)).toBe(35); // rank ⌈2.5⌉ = 3
    expect(percentile(times, 100)).toBe(50); // rank 5
  });

  it('does not drift past an exact rank on float arithmetic', () => {
    expect(nearestRank(90, 10)).toBe(9); // 0.9 × 10 = 9, not 9.000000000000002 → 10
    expect(nearestRank(90, 11)).toBe(10);
    expect(nearestRank(50, 10)).toBe(5); // median of an even count: the lower middle
    expect(nearestRank(99.9, 1000)).toBe(999);
  });

  it('reports observed values only, unsorted input, and no value for no samples', () => {
    expect(percentile([90, 5, 30, 30, 10], 50)).toBe(30);
    expect(percentile([], 50)).toBeNull();
    const hit = percentileBy(
      [
        { id: 'a', m: 7 },
        { id: 'b', m: 3 },
      ],
      90,
      (x) => x.m,
    );
    expect(hit).toMatchObject({ value: 7, rank: 2, count: 2, item: { id: 'a' } });
  });

  it('rejects percentiles outside (0, 100]', () => {
    expect(() => nearestRank(0, 5)).toThrow(RangeError);
    expect(() => nearestRank(101, 5)).toThrow(RangeError);
  });
});
