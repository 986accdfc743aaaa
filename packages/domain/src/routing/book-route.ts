// Decides and books a route with the shortest possible hold on the shared rows. Every intake
// of a rule waits on that rule's split counters, and every intake for a vendor waits on its
// daily intake row, from the moment they are locked until commit. So the decision that does
// not depend on counter values (which rule, which targets are eligible, the explanation and
// SLA due times for each candidate) is made before, and ONE statement then locks the
// counters, picks the target furthest behind its share from their committed values, checks
// the daily cap, increments both and writes everything the pick implies; the caller commits
// right after.
import type { TenantTx } from '@bvg/db';
import {
  type AssignedDecision,
  type CaseAttributes,
  type Decision,
  decideRoute,
  type Ruleset,
} from '@bvg/routing';
import type { Actor } from '../shared/actor.ts';
import type { RoutingState } from './routing-state.ts';

/** What the engine runs with when nothing has been published yet: every case is unrouted. */
const NO_RULESET: Ruleset = { id: 'none', version: 0, rules: [] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** The case's SLA due times if `vendorId` takes it; null when its contract sets none. */
export type DueTimesFor = (
  vendorId: string,
  caseAttrs: CaseAttributes,
  state: RoutingState,
  now: Date,
) => DueTimes | null;

export interface BookRouteInput {
  caseId: string;
  /** The case as locked by the caller (its row is held until commit). */
  current: {
    caseAttrs: CaseAttributes;
    status: string;
    version: number;
    routingAttempts: number;
  };
  state: RoutingState;
  now: Date;
  actor: Actor;
  requestId: string | null;
  assignmentId: string;
  leaseExpiresAt: Date;
  excludeVendorIds?: readonly string[];
  /**
   * The case's SLA due times if this vendor takes it (null: no contract target). Absent
   * leaves the case's due times as they are.
   */
  dueTimes?: DueTimesFor;
  /** Also writes the `case.assigned` outbox message, in the same statement. */
  announce: boolean;
  /** Also writes this audit record; `details.outcome` is set to the case's new status. */
  audit?: { action: string; details: Record<string, unknown> };
}

export interface BookRouteResult {
  decision: Decision;
  status: 'OFFERED' | 'UNROUTED';
  caseVersion: number;
  assignmentId: string | null;
}

interface Candidate {
  vendorId: string;
  weight: number;
  decision: AssignedDecision;
}

interface BookRow {
  booked: string | null;
  picked: string | null;
  counted: number;
  counts: { vendorId: string; assigned: number }[] | null;
}

/**
 * Routes the locked case and records the outcome (see `routeCase` for what is written).
 * A vendor found at its daily cap when booking is left out and the case decided again, so
 * the cap holds exactly however many intakes run at once.
 */
export async function bookRoute(tx: TenantTx, input: BookRouteInput): Promise<BookRouteResult> {
  const { state } = input;
  const base = {
    caseAttrs: input.current.caseAttrs,
    ruleset: state.published?.ruleset ?? NO_RULESET,
    vendors: state.vendors,
    regions: state.regions,
    scopes: state.scopes,
    now: input.now,
    ...(input.excludeVendorIds ? { excludeVendorIds: input.excludeVendorIds } : {}),
  };
  // Each round leaves out at least one vendor (full) or creates missing counter rows once.
  for (let round = 0; round <= state.vendors.length + 1; round++) {
    // Which rule wins and which of its targets are eligible depend on eligibility only, never
    // on the counters.
    const first = decideRoute({ ...base, allocation: {} });
    if (first.outcome !== 'ASSIGNED') return writeUnrouted(tx, input, first);

    const candidates = candidatesOf(first, base);
    const split = first.allocationKey?.ruleId ?? null;
    const [row] = await bookStatement(tx, input, split, candidates);
    if (row === undefined) throw new Error('routing: booking statement returned no row');

    if (split !== null && row.counted < candidates.length) {
      await createCounters(
        tx,
        split,
        candidates.map((c) => c.vendorId),
      );
      continue;
    }
    if (row.booked === null) {
      // The picked vendor reached its daily cap since the state was read: it is full now.
      const full = state.vendors.find((v) => v.id === row.picked);
      const capacity = full?.capacity.find((c) => c.scope === base.caseAttrs.scope);
      if (capacity === undefined) throw new Error('routing: booking refused an unknown vendor');
      capacity.intakeToday = capacity.dailyIntakeCap;
      continue;
    }
    const chosen = candidates.find((c) => c.vendorId === row.booked)!;
    if (split !== null) {
      // The engine stays the authority on splits: the pick made in SQL must be the one it
      // makes from the same counts, or the transaction is rolled back.
      const counts = Object.fromEntries((row.counts ?? []).map((c) => [c.vendorId, c.assigned]));
      const check = decideRoute({ ...base, allocation: { [split]: counts } });
      if (check.outcome !== 'ASSIGNED' || check.vendorId !== chosen.vendorId) {
        throw new Error('routing: the booked split pick differs from the engine');
      }
    }
    return {
      decision: chosen.decision,
      status: 'OFFERED',
      caseVersion: input.current.version + 1,
      assignmentId: input.assignmentId,
    };
  }
  throw new Error('routing: no booking after leaving out every full vendor');
}

/**
 * The vendors the decision may go to: every eligible weighted target of the winning rule (the
 * counters pick one), or the one vendor a fallback or the in-house default chose. Each with
 * the decision the engine makes when it is the one picked.
 */
function candidatesOf(
  first: AssignedDecision,
  base: Omit<Parameters<typeof decideRoute>[0], 'allocation'>,
): Candidate[] {
  if (first.allocationKey === null) {
    return [{ vendorId: first.vendorId, weight: 1, decision: first }];
  }
  const { ruleId } = first.allocationKey;
  const rule = base.ruleset.rules.find((r) => r.id === ruleId)!;
  const evaluation = first.explanation.rules[first.explanation.rules.length - 1]!;
  const eligible = new Set(
    evaluation.candidates.filter((c) => c.role === 'TARGET' && c.eligible).map((c) => c.vendorId),
  );
  const targets = rule.targets.filter(
    (t) => eligible.has(t.vendorId) && Number.isFinite(t.weight) && t.weight > 0,
  );
  const seen = new Set<string>();
  const unique = targets.filter((t) => !seen.has(t.vendorId) && seen.add(t.vendorId));
  return unique.map((target) => {
    // Counters that put every other target exactly at its share and this one at nothing make
    // the engine pick this one; the decision is otherwise the same whatever the counts.
    const m = 1 + 2 / target.weight;
    const counts = Object.fromEntries(
      unique.map((t) => [t.vendorId, t.vendorId === target.vendorId ? 0 : m * t.weight]),
    );
    const decision = decideRoute({ ...base, allocation: { [ruleId]: counts } });
    if (decision.outcome !== 'ASSIGNED' || decision.vendorId !== target.vendorId) {
      throw new Error('routing: could not derive the decision for a split target');
    }
    return { vendorId: target.vendorId, weight: target.weight, decision };
  });
}

/** Counter rows for a rule's targets, so the booking statement can lock every one of them. */
async function createCounters(tx: TenantTx, ruleId: string, vendorIds: string[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "RoutingAllocation" ("ruleId", "vendorId", "assigned")
    SELECT ${ruleId}::uuid, v, 0 FROM unnest(${[...vendorIds].sort()}::uuid[]) AS t(v)
    ON CONFLICT ("ruleId", "vendorId") DO NOTHING`;
}

/**
 * The one statement that holds the shared rows. Locks the split counters of the eligible
 * targets in vendor-id order (every process locks in that order, and the daily intake row
 * always after them, so no deadlock), picks the largest `weight × (T + 1) − assigned × W` (ties
 * to the smallest vendor id, as `pickWeightedTarget`), books the daily intake unless the
 * vendor is at its cap, and, only if booked, writes the split increment, the assignment, the
 * case, its events, the outbox message and the audit record. Writes nothing when a counter row
 * is missing (`counted` tells) or the vendor is full (`booked` null).
 */
function bookStatement(
  tx: TenantTx,
  input: BookRouteInput,
  split: string | null,
  candidates: Candidate[],
) {
  const { current, state, now, actor } = input;
  const scope = current.caseAttrs.scope;
  const version = current.version + 1;
  const attempt = current.routingAttempts + 1;
  const rulesetId = state.published?.id ?? null;
  const rulesetVersion =
    rulesetId === null ? null : (candidates[0]?.decision.rulesetVersion ?? null);
  const ruleId = candidates[0]?.decision.ruleId ?? '';
  const cols = {
    vendorId: [] as string[],
    weight: [] as number[],
    cap: [] as number[],
    timeZone: [] as string[],
    explanation: [] as string[],
    residency: [] as string[],
    routed: [] as string[],
    firstDue: [] as (string | null)[],
    resolutionDue: [] as (string | null)[],
  };
  for (const c of candidates) {
    const capacity = state.vendors
      .find((v) => v.id === c.vendorId)
      ?.capacity.find((x) => x.scope === scope);
    const due = input.dueTimes?.(c.vendorId, current.caseAttrs, state, now) ?? null;
    cols.vendorId.push(c.vendorId);
    cols.weight.push(c.weight);
    cols.cap.push(capacity?.dailyIntakeCap ?? 0);
    cols.timeZone.push(state.vendorTimeZones.get(c.vendorId) ?? 'UTC');
    cols.explanation.push(JSON.stringify(c.decision.explanation));
    cols.residency.push(JSON.stringify(c.decision.residencyCheck));
    cols.routed.push(
      JSON.stringify({
        assignmentId: input.assignmentId,
        rulesetVersion: c.decision.rulesetVersion,
        ruleId: c.decision.ruleId,
        selection: c.decision.selection,
        residency: c.decision.residencyCheck.requirement,
      }),
    );
    cols.firstDue.push(due?.firstResponseDueAt.toISOString() ?? null);
    cols.resolutionDue.push(due?.resolutionDueAt.toISOString() ?? null);
  }
  const setDue = input.dueTimes !== undefined;
  const audit =
    input.audit === undefined
      ? null
      : JSON.stringify({ ...input.audit.details, outcome: 'OFFERED' });
  const offer = JSON.stringify({
    caseId: input.caseId,
    version,
    offerExpiresAt: input.leaseExpiresAt.toISOString(),
  });
  return tx.$queryRaw<BookRow[]>`
    WITH cand AS MATERIALIZED (
      SELECT * FROM unnest(${cols.vendorId}::uuid[], ${cols.weight}::float8[], ${cols.cap}::int[],
                           ${cols.timeZone}::text[], ${cols.explanation}::jsonb[], ${cols.residency}::jsonb[],
                           ${cols.routed}::jsonb[], ${cols.firstDue}::timestamptz[], ${cols.resolutionDue}::timestamptz[])
        AS c(vendor_id, weight, cap, tz, explanation, residency, routed, first_due, resolution_due)
    ), counts AS MATERIALIZED (
      SELECT a."vendorId" AS vendor_id, a.assigned::float8 AS assigned
        FROM "RoutingAllocation" a
       WHERE a."ruleId" = ${split}::uuid AND a."vendorId" IN (SELECT vendor_id FROM cand)
       ORDER BY a."vendorId" FOR UPDATE
    ), ready AS MATERIALIZED (
      SELECT ${split}::uuid IS NULL OR (SELECT count(*) FROM counts) = (SELECT count(*) FROM cand) AS ok
    ), pick AS MATERIALIZED (
      SELECT c.*, coalesce(k.assigned, 0) AS assigned
        FROM cand c LEFT JOIN counts k ON k.vendor_id = c.vendor_id
       WHERE (SELECT ok FROM ready)
       ORDER BY c.weight * ((SELECT coalesce(sum(assigned), 0) FROM counts) + 1)
                - coalesce(k.assigned, 0) * (SELECT sum(weight) FROM cand) DESC,
                c.vendor_id
       LIMIT 1
    ), intake AS (
      INSERT INTO "VendorDailyIntake" ("vendorId", "scopeCode", "day", "count")
      SELECT vendor_id, ${scope}, (${now}::timestamptz AT TIME ZONE tz)::date, 1 FROM pick
      ON CONFLICT ("vendorId", "scopeCode", "day") DO UPDATE SET count = "VendorDailyIntake".count + 1
       WHERE "VendorDailyIntake".count < (SELECT cap FROM pick)
      RETURNING "vendorId"
    ), booked AS MATERIALIZED (
      SELECT pick.* FROM pick WHERE EXISTS (SELECT 1 FROM intake)
    ), split AS (
      UPDATE "RoutingAllocation" SET assigned = assigned + 1
       WHERE "ruleId" = ${split}::uuid AND "vendorId" = (SELECT vendor_id FROM booked)
    ), assignment AS (
      INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "rulesetId", "rulesetVersion",
                                "ruleId", "residencyCheck", explanation, status, "offeredAt", "leaseExpiresAt")
      SELECT ${input.assignmentId}::uuid, ${input.caseId}::uuid, vendor_id, ${attempt},
             ${rulesetId}::uuid, ${rulesetVersion}::int, ${UUID.test(ruleId) ? ruleId : null}::uuid,
             residency, explanation, 'OFFERED', ${now}::timestamptz, ${input.leaseExpiresAt}::timestamptz
        FROM booked
    ), updated AS (
      UPDATE "Case" SET status = 'OFFERED', "vendorId" = b.vendor_id, "routingAttempts" = ${attempt},
                        version = ${version}, "updatedAt" = ${now}::timestamptz,
                        "firstResponseDueAt" = CASE WHEN ${setDue} THEN b.first_due ELSE "Case"."firstResponseDueAt" END,
                        "resolutionDueAt" = CASE WHEN ${setDue} THEN b.resolution_due ELSE "Case"."resolutionDueAt" END
        FROM booked b
       WHERE id = ${input.caseId}::uuid
    ), subject AS (
      UPDATE "CaseSubject" SET "vendorId" = b.vendor_id FROM booked b WHERE "caseId" = ${input.caseId}::uuid
    ), events AS (
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                               "actorKind", "actorId", "requestId", data, "occurredAt")
      SELECT ${input.caseId}::uuid, b.vendor_id, e.type::"CaseEventType", e.from_status::"CaseStatus",
             e.to_status::"CaseStatus", ${version}, ${actor.kind}::"ActorKind", ${actor.id},
             ${input.requestId}, e.data, ${now}::timestamptz
        FROM booked b,
             LATERAL (VALUES (1, 'ROUTED', ${current.status}, 'ROUTED', b.routed),
                             (2, 'OFFERED', 'ROUTED', 'OFFERED',
                              jsonb_build_object('assignmentId', ${input.assignmentId}::text)))
               AS e(n, type, from_status, to_status, data)
       ORDER BY e.n
    ), outbox AS (
      INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
      SELECT 'webhook.case.assigned', vendor_id, ${input.caseId}::uuid,
             jsonb_build_object('type', 'case.assigned',
                                'data', ${offer}::jsonb || jsonb_build_object('vendorId', vendor_id::text))
        FROM booked WHERE ${input.announce}
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                                "requestId", outcome, details)
      SELECT ${actor.kind}::"ActorKind", ${actor.id}, ${actor.kind === 'VENDOR' ? actor.vendorId : null}::uuid,
             ${input.audit?.action ?? ''}, 'Case', ${input.caseId}, ${input.requestId}, 'OK', ${audit}::jsonb
        FROM booked WHERE ${audit}::jsonb IS NOT NULL
    )
    SELECT (SELECT vendor_id::text FROM booked) AS booked,
           (SELECT vendor_id::text FROM pick) AS picked,
           (SELECT count(*)::int FROM counts) AS counted,
           (SELECT json_agg(json_build_object('vendorId', vendor_id::text, 'assigned', assigned)) FROM counts) AS counts`;
}

/** The case goes to the unrouted queue with an alert for ops; one statement. */
async function writeUnrouted(
  tx: TenantTx,
  input: BookRouteInput,
  decision: Decision & { outcome: 'UNROUTED' },
): Promise<BookRouteResult> {
  const { current, now, actor } = input;
  const version = current.version + 1;
  const audit =
    input.audit === undefined
      ? null
      : JSON.stringify({ ...input.audit.details, outcome: 'UNROUTED' });
  const data = JSON.stringify({
    reason: decision.reason,
    rulesetVersion: decision.rulesetVersion,
    summary: decision.explanation.summary,
  });
  await tx.$executeRaw`
    WITH updated AS (
      UPDATE "Case" SET status = 'UNROUTED', "vendorId" = NULL, "routingAttempts" = ${current.routingAttempts + 1},
                        version = ${version}, "updatedAt" = ${now}::timestamptz
       WHERE id = ${input.caseId}::uuid
    ), subject AS (
      UPDATE "CaseSubject" SET "vendorId" = NULL WHERE "caseId" = ${input.caseId}::uuid
    ), alert AS (
      INSERT INTO "Alert" (kind, "caseId", message, "createdAt")
      VALUES ('UNROUTED_CASE', ${input.caseId}::uuid, ${decision.explanation.summary}, ${now}::timestamptz)
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                                "requestId", outcome, details)
      SELECT ${actor.kind}::"ActorKind", ${actor.id}, ${actor.kind === 'VENDOR' ? actor.vendorId : null}::uuid,
             ${input.audit?.action ?? ''}, 'Case', ${input.caseId}, ${input.requestId}, 'OK', ${audit}::jsonb
       WHERE ${audit}::jsonb IS NOT NULL
    )
    INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                             "actorKind", "actorId", "requestId", data, "occurredAt")
    VALUES (${input.caseId}::uuid, NULL, 'UNROUTED', ${current.status}::"CaseStatus", 'UNROUTED', ${version},
            ${actor.kind}::"ActorKind", ${actor.id}, ${input.requestId}, ${data}::jsonb, ${now}::timestamptz)`;
  return { decision, status: 'UNROUTED', caseVersion: version, assignmentId: null };
}
