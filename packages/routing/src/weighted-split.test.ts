import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRoute } from './decide-route.ts';
import { caseOf, REGIONS, ruleOf, rulesetOf, SCOPES, vendorOf } from './testing/fixtures.ts';
import type { AllocationCounts, Ruleset, RuleTarget, VendorState } from './types.ts';
import { pickWeightedTarget } from './weighted-split.ts';

/** Stands in for the caller's shared counter store (Redis hash or Postgres table). */
class CounterStore {
  readonly counts: Record<string, Record<string, number>> = {};
  increment(ruleId: string, vendorId: string): void {
    const rule = this.counts[ruleId] ?? {};
    rule[vendorId] = (rule[vendorId] ?? 0) + 1;
    this.counts[ruleId] = rule;
  }
  get allocation(): AllocationCounts {
    return this.counts;
  }
}

function runDecisions(
  n: number,
  ruleset: Ruleset,
  vendors: readonly VendorState[],
  store = new CounterStore(),
): Record<string, number> {
  const assigned: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const decision = decideRoute({
      caseAttrs: caseOf(),
      ruleset,
      vendors,
      regions: REGIONS,
      scopes: SCOPES,
      allocation: store.allocation,
      now: new Date(0),
    });
    if (decision.outcome !== 'ASSIGNED') throw new Error(decision.explanation.summary);
    if (decision.allocationKey) {
      store.increment(decision.allocationKey.ruleId, decision.allocationKey.vendorId);
    }
    assigned[decision.vendorId] = (assigned[decision.vendorId] ?? 0) + 1;
  }
  return assigned;
}

describe('weighted split', () => {
  it('gives exactly 600/400 of 1,000 decisions to a 60/40 rule', () => {
    const ruleset = rulesetOf([
      ruleOf('split', {
        targets: [
          { vendorId: 'a', weight: 60 },
          { vendorId: 'b', weight: 40 },
        ],
      }),
    ]);
    expect(runDecisions(1_000, ruleset, [vendorOf('a'), vendorOf('b')])).toEqual({
      a: 600,
      b: 400,
    });
  });

  it('holds a 3-way split within 1% at every point of the run, not only at the end', () => {
    const targets: RuleTarget[] = [
      { vendorId: 'a', weight: 50 },
      { vendorId: 'b', weight: 33 },
      { vendorId: 'c', weight: 17 },
    ];
    const counts: Record<string, number> = {};
    for (let n = 1; n <= 1_000; n++) {
      const picked = pickWeightedTarget(targets, counts)!;
      counts[picked.vendorId] = (counts[picked.vendorId] ?? 0) + 1;
      for (const t of targets) {
        expect(Math.abs((counts[t.vendorId] ?? 0) - (t.weight / 100) * n)).toBeLessThanOrEqual(1);
      }
    }
    expect(counts).toEqual({ a: 500, b: 330, c: 170 });
  });

  it('gives an excluded target’s share to the others in proportion to their weights', () => {
    const ruleset = rulesetOf([
      ruleOf('split', {
        targets: [
          { vendorId: 'a', weight: 50 },
          { vendorId: 'b', weight: 30 },
          { vendorId: 'c', weight: 20 },
        ],
      }),
    ]);
    const vendors = [vendorOf('a'), vendorOf('b', { active: false }), vendorOf('c')];
    const assigned = runDecisions(1_400, ruleset, vendors);
    // 50:20 of 1,400 is 1,000:400.
    expect(assigned).toEqual({ a: 1_000, c: 400 });
  });

  it('holds the split when decisions alternate between processes sharing the counters', () => {
    const ruleset = rulesetOf([
      ruleOf('split', {
        targets: [
          { vendorId: 'a', weight: 3 },
          { vendorId: 'b', weight: 1 },
        ],
      }),
    ]);
    const store = new CounterStore();
    // Two "processes" with their own copies of the vendor list, one shared counter store.
    const processOne = [vendorOf('a'), vendorOf('b')];
    const processTwo = [vendorOf('a'), vendorOf('b')];
    const total: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      for (const [vendor, n] of Object.entries(
        runDecisions(1, ruleset, i % 2 === 0 ? processOne : processTwo, store),
      )) {
        total[vendor] = (total[vendor] ?? 0) + n;
      }
    }
    expect(total).toEqual({ a: 375, b: 125 });
  });

  it('breaks ties by vendor id so every process picks the same vendor', () => {
    const targets = [
      { vendorId: 'zeta', weight: 1 },
      { vendorId: 'alpha', weight: 1 },
    ];
    expect(pickWeightedTarget(targets, {})?.vendorId).toBe('alpha');
    expect(pickWeightedTarget(targets, { alpha: 1 })?.vendorId).toBe('zeta');
  });

  it('picks nothing when no target is eligible or has a usable weight', () => {
    expect(pickWeightedTarget([{ vendorId: 'a', weight: 1 }], {}, [false])).toBeNull();
    expect(pickWeightedTarget([{ vendorId: 'a', weight: 0 }], {})).toBeNull();
    expect(pickWeightedTarget([{ vendorId: 'a', weight: Number.NaN }], {})).toBeNull();
  });

  it('keeps every eligible target within two cases of its exact share at every step, for any weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), eligible: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        (spec) => {
          const targets = spec.map((t, i) => ({ vendorId: `v${i}`, weight: t.weight }));
          const eligible = spec.map((t) => t.eligible);
          const eligibleWeight = targets.reduce(
            (sum, t, i) => sum + (eligible[i] ? t.weight : 0),
            0,
          );
          const counts: Record<string, number> = {};
          let worst = 0;
          for (let n = 1; n <= 300; n++) {
            const picked = pickWeightedTarget(targets, counts, eligible);
            if (eligibleWeight === 0) {
              expect(picked).toBeNull();
              return;
            }
            counts[picked!.vendorId] = (counts[picked!.vendorId] ?? 0) + 1;
            targets.forEach((t, i) => {
              const share = eligible[i] ? (t.weight / eligibleWeight) * n : 0;
              worst = Math.max(worst, Math.abs((counts[t.vendorId] ?? 0) - share));
            });
          }
          expect(worst).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});
