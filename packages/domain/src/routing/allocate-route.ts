// A decision whose weighted split holds across processes and restarts: the split counters
// live in RoutingAllocation, are read under a row lock and incremented in the caller's
// transaction, so two gateways deciding at once serialise on the rule's counters.
import type { TenantTx } from '@bvg/db';
import { type CaseAttributes, type Decision, decideRoute, type Ruleset } from '@bvg/routing';
import type { RoutingState } from './routing-state.ts';

/** What the engine runs with when nothing has been published yet: every case is unrouted. */
const NO_RULESET: Ruleset = { id: 'none', version: 0, rules: [] };

export interface AllocateRouteInput {
  caseAttrs: CaseAttributes;
  state: RoutingState;
  now: Date;
  excludeVendorIds?: readonly string[];
  /**
   * False leaves the counter and intake increments to the caller, who must make them in the
   * same transaction (routeCase folds them into its one write statement). Default true.
   */
  book?: boolean;
}

/**
 * Decides and books the decision: for a weighted pick, locks the rule's counters, decides
 * from their committed values and increments the chosen one; for any assignment, adds one
 * to the vendor's intake for its local day. Commit or roll back with the caller's transaction.
 */
export async function allocateRoute(tx: TenantTx, input: AllocateRouteInput): Promise<Decision> {
  const { state } = input;
  const base = {
    caseAttrs: input.caseAttrs,
    ruleset: state.published?.ruleset ?? NO_RULESET,
    vendors: state.vendors,
    regions: state.regions,
    scopes: state.scopes,
    now: input.now,
    ...(input.excludeVendorIds ? { excludeVendorIds: input.excludeVendorIds } : {}),
  };
  // Which rule wins depends on eligibility only, never on the counters: a first pass with no
  // counts finds the rule whose counters need locking.
  let decision = decideRoute({ ...base, allocation: {} });
  if (decision.outcome !== 'ASSIGNED') return decision;

  if (decision.allocationKey !== null) {
    const { ruleId } = decision.allocationKey;
    const rule = base.ruleset.rules.find((r) => r.id === ruleId)!;
    const counts = await lockCounters(
      tx,
      ruleId,
      rule.targets.map((t) => t.vendorId),
    );
    decision = decideRoute({ ...base, allocation: { [ruleId]: counts } });
    if (decision.outcome !== 'ASSIGNED' || decision.allocationKey === null) {
      throw new Error('routing: second pass chose another rule; inputs changed mid-decision');
    }
  }
  if (input.book !== false) {
    await bookDecision(tx, decision.vendorId, input.caseAttrs.scope, decision, state, input.now);
  }
  return decision;
}

/**
 * Creates missing counter rows and locks all of the rule's rows in vendor-id order (one
 * order for every process, so no deadlock). `ON CONFLICT DO UPDATE` waits for a concurrent
 * holder and then returns the value it committed, so the pick sees every earlier decision.
 */
async function lockCounters(
  tx: TenantTx,
  ruleId: string,
  vendorIds: readonly string[],
): Promise<Record<string, number>> {
  const sorted = [...new Set(vendorIds)].sort();
  const rows = await tx.$queryRaw<{ vendorId: string; assigned: number }[]>`
    INSERT INTO "RoutingAllocation" ("ruleId", "vendorId", "assigned")
    SELECT ${ruleId}::uuid, v, 0 FROM unnest(${sorted}::uuid[]) WITH ORDINALITY AS t(v, n) ORDER BY n
    ON CONFLICT ("ruleId", "vendorId") DO UPDATE SET assigned = "RoutingAllocation".assigned
    RETURNING "vendorId"::text AS "vendorId", assigned::float8 AS assigned`;
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.vendorId] = Number(row.assigned);
  return counts;
}

/** One statement: the split counter (weighted picks only) and the vendor's intake today. */
async function bookDecision(
  tx: TenantTx,
  vendorId: string,
  scope: string,
  decision: Decision & { outcome: 'ASSIGNED' },
  state: RoutingState,
  now: Date,
): Promise<void> {
  const timeZone = state.vendorTimeZones.get(vendorId) ?? 'UTC';
  const key = decision.allocationKey;
  if (key === null) {
    await tx.$executeRaw`
      INSERT INTO "VendorDailyIntake" ("vendorId", "scopeCode", "day", "count")
      VALUES (${vendorId}::uuid, ${scope}, (${now}::timestamptz AT TIME ZONE ${timeZone})::date, 1)
      ON CONFLICT ("vendorId", "scopeCode", "day") DO UPDATE SET count = "VendorDailyIntake".count + 1`;
    return;
  }
  await tx.$executeRaw`
    WITH split AS (
      INSERT INTO "RoutingAllocation" ("ruleId", "vendorId", "assigned")
      VALUES (${key.ruleId}::uuid, ${key.vendorId}::uuid, 1)
      ON CONFLICT ("ruleId", "vendorId") DO UPDATE SET assigned = "RoutingAllocation".assigned + 1
    )
    INSERT INTO "VendorDailyIntake" ("vendorId", "scopeCode", "day", "count")
    VALUES (${vendorId}::uuid, ${scope}, (${now}::timestamptz AT TIME ZONE ${timeZone})::date, 1)
    ON CONFLICT ("vendorId", "scopeCode", "day") DO UPDATE SET count = "VendorDailyIntake".count + 1`;
}
