import type { SimulationCase } from './simulate.ts';
import type { CaseAttributes } from './types.ts';
import { pickWeightedTarget } from './weighted-split.ts';

export interface SampleMix {
  attrs: CaseAttributes;
  /** Relative share of the sample, a positive number. */
  weight: number;
}

/**
 * A synthetic list of cases in given proportions, for `simulate`. The kinds are interleaved
 * the way the weighted split interleaves vendors, so every prefix of the list already has
 * the proportions; capacity fills in arrival order, so a list sorted by kind would mislead.
 */
export function syntheticCases(mix: readonly SampleMix[], total: number): SimulationCase[] {
  const targets = mix.map((m, i) => ({ vendorId: String(i).padStart(6, '0'), weight: m.weight }));
  const counts: Record<string, number> = {};
  const cases: SimulationCase[] = [];
  for (let n = 0; n < total; n++) {
    const picked = pickWeightedTarget(targets, counts);
    if (picked === null) break;
    counts[picked.vendorId] = (counts[picked.vendorId] ?? 0) + 1;
    cases.push({ id: `synthetic-${n + 1}`, ...mix[Number(picked.vendorId)]!.attrs });
  }
  return cases;
}
