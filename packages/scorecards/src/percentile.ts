/**
 * Nearest-rank percentile: the smallest sample such that at least p % of the samples are
 * less than or equal to it. rank = ceil(p / 100 × n), at least 1. Always an observed value,
 * so a vendor can find the very case behind it; the median of an even count is the lower
 * middle sample.
 */
export function nearestRank(p: number, n: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (n <= 0) return 0;
  // Integer arithmetic where possible so 90 % of 10 is rank 9, not 9.000000000000002 → 10.
  const scaled = p * n;
  const rank = Number.isInteger(scaled) ? Math.ceil(scaled / 100) : Math.ceil(scaled / 100 - 1e-9);
  return Math.max(1, rank);
}

export interface PercentileResult<T> {
  value: number;
  rank: number;
  count: number;
  item: T;
}

/** Nearest-rank percentile of items by a numeric key; null when there are no items. */
export function percentileBy<T>(
  items: readonly T[],
  p: number,
  key: (item: T) => number,
): PercentileResult<T> | null {
  if (items.length === 0) return null;
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const rank = nearestRank(p, sorted.length);
  const item = sorted[rank - 1]!;
  return { value: key(item), rank, count: sorted.length, item };
}

export function percentile(values: readonly number[], p: number): number | null {
  return percentileBy(values, p, (v) => v)?.value ?? null;
}
