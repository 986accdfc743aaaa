// Shadow routing: a draft runs beside the published ruleset on live intake for a while and
// records what it would have decided, so ops compare real traffic before switching.
import type { TenantTx } from '@bvg/db';
import { type CaseAttributes, decideRoute } from '@bvg/routing';
import { recordAudit } from '../audit/index.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import type { RoutingState } from './routing-state.ts';
import type { RoutingChange } from './ruleset-admin.ts';
import { type RulesetRow, rulesetFromRows } from './ruleset-rows.ts';
import { type RoutingRulesetView, requireRuleset } from './ruleset-views.ts';

// The in-house default for restricted scopes is not a stored rule and has no uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StartShadowInput extends RoutingChange {
  version: number;
  /** Shadowing stops at this time; a time not after `now` stops it at once. */
  until: Date;
  now: Date;
}

/** Puts a DRAFT in shadow until `until` (or takes it out, with a past time). */
export async function startShadow(
  tx: TenantTx,
  input: StartShadowInput,
): Promise<RoutingRulesetView> {
  if (input.reason.trim().length === 0) {
    throw validationError([{ path: 'reason', message: 'say why the change is made' }]);
  }
  const draft = await requireRuleset(tx, input.version);
  if (draft.status !== 'DRAFT') {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Only a draft runs in shadow; version ${draft.version} is ${draft.status}`,
      { status: draft.status },
    );
  }
  const until = input.until.getTime() > input.now.getTime() ? input.until : null;
  await tx.routingRuleset.update({ where: { id: draft.id }, data: { shadowUntil: until } });
  await recordAudit(tx, {
    actor: input.actor,
    action: until === null ? 'routingRuleset.shadow.stop' : 'routingRuleset.shadow.start',
    targetType: 'RoutingRuleset',
    targetId: draft.id,
    requestId: input.requestId ?? null,
    details: { version: draft.version, reason: input.reason, until },
  });
  return { ...draft, shadowUntil: until };
}

export interface RecordShadowInput {
  caseId: string;
  caseAttrs: CaseAttributes;
  /** The state the live decision used, so both see the same vendors and capacity. */
  state: RoutingState;
  now: Date;
  excludeVendorIds?: readonly string[];
}

export interface ShadowRecord {
  rulesetVersion: number;
  outcome: 'ASSIGNED' | 'UNROUTED';
  vendorId: string | null;
}

/**
 * For each draft in shadow at `now`, decides the case with it and records the decision
 * (once per case and draft). Call at intake beside `routeCase`, in the same transaction.
 * The draft's split counters are its own rows in RoutingAllocation (its rule ids are its
 * own), so its splits behave as they would live; capacity is not consumed.
 */
export async function recordShadowDecision(
  tx: TenantTx,
  input: RecordShadowInput,
): Promise<ShadowRecord[]> {
  const drafts = await tx.routingRuleset.findMany({
    where: { status: 'DRAFT', shadowUntil: { gt: input.now } },
    include: { rules: { include: { targets: true } } },
  });
  const records: ShadowRecord[] = [];
  for (const draft of drafts) {
    const ruleset = rulesetFromRows(draft as RulesetRow);
    const base = {
      caseAttrs: input.caseAttrs,
      ruleset,
      vendors: input.state.vendors,
      regions: input.state.regions,
      scopes: input.state.scopes,
      now: input.now,
      ...(input.excludeVendorIds ? { excludeVendorIds: input.excludeVendorIds } : {}),
    };
    let decision = decideRoute({ ...base, allocation: {} });
    if (decision.outcome === 'ASSIGNED' && decision.allocationKey !== null) {
      const { ruleId } = decision.allocationKey;
      const rows = await tx.routingAllocation.findMany({ where: { ruleId } });
      const counts = Object.fromEntries(rows.map((r) => [r.vendorId, Number(r.assigned)]));
      decision = decideRoute({ ...base, allocation: { [ruleId]: counts } });
    }
    const inserted = await tx.shadowDecision.createMany({
      data: [
        {
          rulesetId: draft.id,
          caseId: input.caseId,
          vendorId: decision.outcome === 'ASSIGNED' ? decision.vendorId : null,
          ruleId:
            decision.outcome === 'ASSIGNED' && UUID.test(decision.ruleId) ? decision.ruleId : null,
          outcome: decision.outcome,
          createdAt: input.now,
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count > 0 && decision.outcome === 'ASSIGNED' && decision.allocationKey !== null) {
      const { ruleId, vendorId } = decision.allocationKey;
      await tx.routingAllocation.upsert({
        where: { ruleId_vendorId: { ruleId, vendorId } },
        create: { ruleId, vendorId, assigned: 1 },
        update: { assigned: { increment: 1 } },
      });
    }
    records.push({
      rulesetVersion: draft.version,
      outcome: decision.outcome,
      vendorId: decision.outcome === 'ASSIGNED' ? decision.vendorId : null,
    });
  }
  return records;
}

export interface ShadowComparison {
  rulesetVersion: number;
  shadowUntil: Date | null;
  /** Cases the draft decided in shadow. */
  cases: number;
  /** Of those, cases the live decision sent to the same vendor (or also left unrouted). */
  agreed: number;
  /** Per vendor (null = unrouted): what the draft would have sent and what live sent. */
  byVendor: { vendorId: string | null; shadow: number; live: number }[];
}

/** Compares a shadow run with the live first assignment of the same cases. */
export async function compareShadow(tx: TenantTx, version: number): Promise<ShadowComparison> {
  const ruleset = await requireRuleset(tx, version);
  const rows = await tx.$queryRaw<{ shadow: string | null; live: string | null; n: number }[]>`
    SELECT s."vendorId"::text AS shadow, a."vendorId"::text AS live, count(*)::int AS n
      FROM "ShadowDecision" s
      LEFT JOIN "Assignment" a ON a."caseId" = s."caseId" AND a.attempt = 1
     WHERE s."rulesetId" = ${ruleset.id}::uuid
     GROUP BY 1, 2`;
  const byVendor = new Map<string | null, { shadow: number; live: number }>();
  let cases = 0;
  let agreed = 0;
  for (const row of rows) {
    cases += row.n;
    if (row.shadow === row.live) agreed += row.n;
    const s = byVendor.get(row.shadow) ?? { shadow: 0, live: 0 };
    s.shadow += row.n;
    byVendor.set(row.shadow, s);
    const l = byVendor.get(row.live) ?? { shadow: 0, live: 0 };
    l.live += row.n;
    byVendor.set(row.live, l);
  }
  return {
    rulesetVersion: ruleset.version,
    shadowUntil: ruleset.shadowUntil,
    cases,
    agreed,
    byVendor: [...byVendor]
      .map(([vendorId, v]) => ({ vendorId, ...v }))
      .sort((a, b) => (a.vendorId ?? '').localeCompare(b.vendorId ?? '')),
  };
}
