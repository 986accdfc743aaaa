// Decides a batch of cases in order, as if each committed before the next: every decision
// sees the split counters and the daily intake the earlier ones took. The caller locks the
// counter rows the batch reads, so one locked read and one write serve the whole batch
// instead of one per case. Decisions depend only on rows the caller locked; anything else they
// needed is reported as `missing`, to be locked before deciding again.
import { decideRoute } from './decide-route.ts';
import type {
  AllocationCounts,
  CaseAttributes,
  Decision,
  RegionRule,
  Ruleset,
  ScopeInfo,
  VendorState,
} from './types.ts';

const SEP = '\u0000';

/** Key of a split counter (rule × vendor). */
export const splitKey = (ruleId: string, vendorId: string) => `${ruleId}${SEP}${vendorId}`;
/** Key of a daily intake counter (vendor × scope, for the vendor's local day). */
export const intakeKey = (vendorId: string, scope: string) => `${vendorId}${SEP}${scope}`;

export interface CounterRef {
  splits: { ruleId: string; vendorId: string }[];
  intake: { vendorId: string; scope: string }[];
}

export interface BatchCase {
  caseAttrs: CaseAttributes;
  excludeVendorIds?: readonly string[];
}

export interface DecideBatchInput {
  ruleset: Ruleset;
  /** Vendors with the capacity use read at the start (open cases, intake today). */
  vendors: readonly VendorState[];
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  now: Date;
  cases: readonly BatchCase[];
  /** Split counters the caller holds locked, by `splitKey`. */
  splits: ReadonlyMap<string, number>;
  /** Today's intake the caller holds locked, by `intakeKey`; it overrides the vendors' snapshot. */
  intake: ReadonlyMap<string, number>;
}

export interface DecideBatchResult {
  decisions: Decision[];
  /** Counter rows some decision depended on that are not locked; empty when all were. */
  missing: CounterRef;
  /** What the batch adds to each split counter and daily intake when it commits. */
  increments: {
    splits: { ruleId: string; vendorId: string; n: number }[];
    intake: { vendorId: string; scope: string; n: number }[];
  };
}

export function decideBatch(input: DecideBatchInput): DecideBatchResult {
  // Own copies: the batch's use is added as it goes.
  const vendors = input.vendors.map((v) => ({
    ...v,
    capacity: v.capacity.map((c) => ({
      ...c,
      intakeToday: input.intake.get(intakeKey(v.id, c.scope)) ?? c.intakeToday,
    })),
  }));
  const byId = new Map(vendors.map((v) => [v.id, v]));
  const allocation: Record<string, Record<string, number>> = {};
  const countsOf = (ruleId: string) => {
    allocation[ruleId] ??= {};
    return allocation[ruleId];
  };
  for (const [key, n] of input.splits) {
    const [ruleId, vendorId] = key.split(SEP) as [string, string];
    countsOf(ruleId)[vendorId] = n;
  }
  const missingSplits = new Map<string, { ruleId: string; vendorId: string }>();
  const missingIntake = new Map<string, { vendorId: string; scope: string }>();
  const splitAdds = new Map<string, { ruleId: string; vendorId: string; n: number }>();
  const intakeAdds = new Map<string, { vendorId: string; scope: string; n: number }>();

  const decisions = input.cases.map((c): Decision => {
    const decision = decideRoute({
      caseAttrs: c.caseAttrs,
      ruleset: input.ruleset,
      vendors,
      regions: input.regions,
      scopes: input.scopes,
      allocation: allocation as AllocationCounts,
      now: input.now,
      ...(c.excludeVendorIds ? { excludeVendorIds: c.excludeVendorIds } : {}),
    });
    if (decision.outcome !== 'ASSIGNED') return decision;
    const scope = c.caseAttrs.scope;
    const need = (vendorId: string) => {
      const key = intakeKey(vendorId, scope);
      if (!input.intake.has(key)) missingIntake.set(key, { vendorId, scope });
    };
    need(decision.vendorId);
    if (decision.allocationKey !== null) {
      const { ruleId, vendorId } = decision.allocationKey;
      // The pick compared every target's counter, and any target may be picked next time.
      for (const target of input.ruleset.rules.find((r) => r.id === ruleId)?.targets ?? []) {
        const key = splitKey(ruleId, target.vendorId);
        if (!input.splits.has(key)) missingSplits.set(key, { ruleId, vendorId: target.vendorId });
        need(target.vendorId);
      }
      const counts = countsOf(ruleId);
      counts[vendorId] = (counts[vendorId] ?? 0) + 1;
      add(splitAdds, splitKey(ruleId, vendorId), { ruleId, vendorId });
    }
    const capacity = byId.get(decision.vendorId)?.capacity.find((x) => x.scope === scope);
    if (capacity !== undefined) {
      capacity.openCases += 1;
      capacity.intakeToday += 1;
    }
    add(intakeAdds, intakeKey(decision.vendorId, scope), { vendorId: decision.vendorId, scope });
    return decision;
  });
  return {
    decisions,
    missing: { splits: [...missingSplits.values()], intake: [...missingIntake.values()] },
    increments: { splits: [...splitAdds.values()], intake: [...intakeAdds.values()] },
  };
}

function add<T extends object>(map: Map<string, T & { n: number }>, key: string, value: T): void {
  const entry = map.get(key);
  if (entry === undefined) map.set(key, { ...value, n: 1 });
  else entry.n += 1;
}
