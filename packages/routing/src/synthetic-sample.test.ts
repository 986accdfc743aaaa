import { describe, expect, it } from 'vitest';
import { syntheticCases } from './synthetic-sample.ts';
import { caseOf } from './testing/fixtures.ts';

describe('syntheticCases', () => {
  it('builds a sample in the given proportions, interleaved from the start', () => {
    const sample = syntheticCases(
      [
        { attrs: caseOf({ region: 'IN' }), weight: 3 },
        { attrs: caseOf({ region: 'US' }), weight: 1 },
      ],
      1_000,
    );
    expect(sample).toHaveLength(1_000);
    expect(sample.filter((c) => c.region === 'IN')).toHaveLength(750);
    for (let k = 4; k <= 1_000; k += 4) {
      expect(sample.slice(0, k).filter((c) => c.region === 'US')).toHaveLength(k / 4);
    }
    expect(new Set(sample.map((c) => c.id)).size).toBe(1_000);
  });

  it('returns nothing when no kind has a positive weight', () => {
    expect(syntheticCases([{ attrs: caseOf(), weight: 0 }], 10)).toEqual([]);
  });
});
