import type { RuleTarget } from './types.ts';

export type SplitCounts = { readonly [vendorId: string]: number } | undefined;

function countOf(counts: SplitCounts, vendorId: string): number {
  const n = counts?.[vendorId];
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}

function usable(target: RuleTarget): boolean {
  return Number.isFinite(target.weight) && target.weight > 0;
}

/**
 * Picks the eligible target furthest behind its share: the largest
 * `weight / W × (T + 1) − assigned`, where W and T are the weights and counts of the
 * eligible targets only, so an excluded target's share goes to the others in proportion.
 * Ties go to the smallest vendor id, so every process picks the same vendor from the same
 * counts.
 *
 * The split holds over time and across processes only if the caller increments
 * `counts[chosen.vendorId]` for the rule atomically with committing the assignment
 * (for example `HINCRBY` in Redis or `UPDATE … SET n = n + 1` in Postgres) and reads the
 * counters fresh for the next decision.
 *
 * A target that comes back after being excluded has fallen behind its share and catches up
 * first; its capacity limits bound how fast.
 */
export function pickWeightedTarget(
  targets: readonly RuleTarget[],
  counts: SplitCounts,
  /** `eligible[i]` false leaves `targets[i]` out; omitted means every target may be picked. */
  eligible?: readonly boolean[],
): RuleTarget | null {
  let totalWeight = 0;
  let totalAssigned = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (!usable(t) || eligible?.[i] === false) continue;
    totalWeight += t.weight;
    totalAssigned += countOf(counts, t.vendorId);
  }
  if (totalWeight === 0) return null;

  // Compare weight × (T + 1) − assigned × W: the deficit scaled by W, exact for integer weights.
  let best: RuleTarget | null = null;
  let bestDeficit = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (!usable(t) || eligible?.[i] === false) continue;
    const deficit = t.weight * (totalAssigned + 1) - countOf(counts, t.vendorId) * totalWeight;
    if (
      deficit > bestDeficit ||
      (deficit === bestDeficit && best !== null && t.vendorId < best.vendorId)
    ) {
      best = t;
      bestDeficit = deficit;
    }
  }
  return best;
}
