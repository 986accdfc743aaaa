// The one place where ops move work: recall a case from its vendor, route it again through the
// router (excluding vendors), or place it on a vendor ops chose. Single-case mutations and bulk
// operations both call `moveLockedCases` with the cases they locked, so one case and ten
// thousand follow the same rules and write the same rows. Writes are set-based: a chunk of
// cases costs a handful of statements, not a handful per case.
import { randomUUID } from 'node:crypto';
import { PLACEABLE_STATUSES, RECALLABLE_STATUSES, statusIn } from '@bvg/case-status';
import { Prisma, sqlTxOf, type TenantTx } from '@bvg/db';
import {
  type AssignedDecision,
  type CaseAttributes,
  checkManualAssignment,
  type ExclusionReason,
  OPS_ASSIGNMENT_RULE_ID,
  type VendorState,
} from '@bvg/routing';
import { slaDueTimesFor } from '../offers/index.ts';
import {
  bookManualAssignments,
  bookRoutes,
  DEFAULT_OFFER_LEASE_MS,
  loadRoutingState,
  type RouteItem,
  type RoutingState,
} from '../routing/index.ts';
import { type Actor, actorVendorId } from '../shared/actor.ts';

export type CaseMoveKind = 'REROUTE' | 'RECALL' | 'ASSIGN';

export interface CaseMove {
  kind: CaseMoveKind;
  actor: Actor;
  reason: string;
  requestId?: string | null;
  now: Date;
  /** REROUTE: vendors the router must not choose (the current holder is always excluded). */
  excludeVendorIds?: readonly string[];
  /** ASSIGN: the vendor (or in-house team) ops chose. */
  targetVendorId?: string;
  /** ASSIGN: go beyond the vendor's capacity for the scope (hard constraints still apply). */
  overrideCapacity?: boolean;
}

/** A case as read under its row lock. */
export interface LockedCaseRow {
  id: string;
  status: string;
  version: number;
  vendorId: string | null;
  regionCode: string;
  scopeCode: string;
  channel: CaseAttributes['channel'];
  language: string;
  priority: CaseAttributes['priority'];
  tier: CaseAttributes['tier'];
  routingAttempts: number;
  createdAt: Date;
}

export type SkipReason =
  | 'NOT_HELD'
  | 'NOT_MOVABLE'
  | 'ALREADY_WITH_VENDOR'
  | 'HARD_CONSTRAINT'
  | 'OVER_CAPACITY';

export type CaseMoveOutcome =
  | {
      caseId: string;
      result: 'OFFERED' | 'UNROUTED' | 'RECALLED';
      version: number;
      /** The vendor that lost the case, if one held it. */
      fromVendorId: string | null;
      /** The vendor offered the case. */
      vendorId: string | null;
    }
  | {
      caseId: string;
      result: 'SKIPPED';
      skip: SkipReason;
      status: string;
      version: number;
      /** For HARD_CONSTRAINT / OVER_CAPACITY: why the target vendor may not take it. */
      reasons?: readonly ExclusionReason[];
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Locks the cases (in id order, so two lockers of overlapping sets queue rather than deadlock)
 * and returns them. Partner actions change a case with an update conditional on its version,
 * so one that races with a move waits for this lock and then finds a new version: CONFLICT.
 */
export async function lockCases(
  tx: TenantTx,
  caseIds: readonly string[],
): Promise<LockedCaseRow[]> {
  const ids = [...new Set(caseIds.filter((id) => UUID.test(id)))].sort();
  if (ids.length === 0) return [];
  return tx.$queryRaw<LockedCaseRow[]>`
    SELECT id::text AS id, status::text AS status, version, "vendorId"::text AS "vendorId",
           "regionCode", "scopeCode", channel::text AS channel, language,
           priority::text AS priority, tier::text AS tier, "routingAttempts", "createdAt"
      FROM "Case" WHERE id = ANY(${ids}::uuid[])
     ORDER BY id FOR UPDATE`;
}

const attrsOf = (c: LockedCaseRow): CaseAttributes => ({
  region: c.regionCode,
  scope: c.scopeCode,
  channel: c.channel,
  language: c.language,
  priority: c.priority,
  tier: c.tier,
});

const holds = (c: LockedCaseRow) => c.vendorId !== null && statusIn(RECALLABLE_STATUSES, c.status);

/**
 * Applies one move to cases the caller locked (`lockCases`) in its system transaction, and
 * returns one outcome per case, in the order given. Cases the move does not apply to are
 * SKIPPED with the reason; nothing is written for them.
 */
export async function moveLockedCases(
  tx: TenantTx,
  move: CaseMove,
  cases: readonly LockedCaseRow[],
  state?: RoutingState,
): Promise<CaseMoveOutcome[]> {
  const routing = state ?? (await loadRoutingState(tx, { now: move.now }));
  const outcomes = new Map<string, CaseMoveOutcome>();
  const skip = (c: LockedCaseRow, why: SkipReason, reasons?: readonly ExclusionReason[]) =>
    outcomes.set(c.id, {
      caseId: c.id,
      result: 'SKIPPED',
      skip: why,
      status: c.status,
      version: c.version,
      ...(reasons ? { reasons } : {}),
    });

  if (move.kind === 'RECALL') {
    for (const c of cases) if (!holds(c)) skip(c, 'NOT_HELD');
    const held = cases.filter(holds);
    const recalled = await recallHeld(tx, move, held, { audit: true });
    for (const c of held) {
      outcomes.set(c.id, {
        caseId: c.id,
        result: 'RECALLED',
        version: recalled.get(c.id)!,
        fromVendorId: c.vendorId,
        vendorId: null,
      });
    }
    return cases.map((c) => outcomes.get(c.id)!);
  }

  // What each case is when the router or ops place it: recalled first where a vendor holds it.
  const movable = cases.filter((c) => {
    if (holds(c) || statusIn(PLACEABLE_STATUSES, c.status)) return true;
    skip(c, 'NOT_MOVABLE');
    return false;
  });

  let decisions: Map<string, AssignedDecision> | null = null;
  let toPlace = movable;
  if (move.kind === 'ASSIGN') {
    decisions = new Map();
    // Capacity as the chunk uses it: each case placed takes a place from the next one's room.
    const vendors = routing.vendors.map((v) => ({
      ...v,
      capacity: v.capacity.map((cap) => ({ ...cap })),
    }));
    const target = vendors.find((v) => v.id === move.targetVendorId);
    toPlace = movable.filter((c) => {
      if (c.vendorId === move.targetVendorId && holds(c)) {
        skip(c, 'ALREADY_WITH_VENDOR');
        return false;
      }
      const check = checkManualAssignment({
        caseAttrs: attrsOf(c),
        vendorId: move.targetVendorId ?? '',
        ruleset: routing.published?.ruleset ?? { id: 'none', version: 0, rules: [] },
        vendors,
        regions: routing.regions,
        scopes: routing.scopes,
        now: move.now,
        overrideCapacity: move.overrideCapacity === true,
      });
      if (!check.allowed) {
        if (check.hard.length > 0) skip(c, 'HARD_CONSTRAINT', check.hard);
        else skip(c, 'OVER_CAPACITY', check.capacity);
        return false;
      }
      decisions!.set(c.id, {
        outcome: 'ASSIGNED',
        vendorId: target!.id,
        ruleId: OPS_ASSIGNMENT_RULE_ID,
        rulesetId: check.explanation.rulesetId,
        rulesetVersion: check.explanation.rulesetVersion,
        selection: 'OPS_ASSIGNED',
        allocationKey: null,
        residencyCheck: check.residencyCheck,
        explanation: check.explanation,
      });
      takePlace(target!, c.scopeCode);
      return true;
    });
  }

  const recalled = await recallHeld(tx, move, toPlace.filter(holds), { audit: false });
  const items: RouteItem[] = toPlace.map((c) => {
    const version = recalled.get(c.id);
    const exclude = new Set(move.excludeVendorIds ?? []);
    if (c.vendorId !== null && move.kind === 'REROUTE') exclude.add(c.vendorId);
    return {
      caseId: c.id,
      current: {
        caseAttrs: attrsOf(c),
        status: version === undefined ? c.status : 'UNROUTED',
        version: version ?? c.version,
        routingAttempts: c.routingAttempts,
      },
      actor: move.actor,
      requestId: move.requestId ?? null,
      assignmentId: randomUUID(),
      leaseExpiresAt: new Date(move.now.getTime() + DEFAULT_OFFER_LEASE_MS),
      ...(exclude.size > 0 ? { excludeVendorIds: [...exclude] } : {}),
      audit: {
        action: move.kind === 'ASSIGN' ? 'case.assign' : 'case.reroute',
        details: {
          reason: move.reason,
          fromVendorId: c.vendorId,
          fromStatus: c.status,
          ...(move.kind === 'ASSIGN'
            ? {
                vendorId: move.targetVendorId,
                capacityOverridden:
                  decisions!.get(c.id)?.explanation.manual?.candidates[0]?.reasons ?? [],
              }
            : { excludeVendorIds: [...exclude] }),
        },
      },
    };
  });
  const booking = {
    state: routing,
    now: move.now,
    items,
    dueTimes: slaDueTimesFor,
    announce: true,
  };
  const results =
    decisions === null
      ? await bookRoutes(sqlTxOf(tx), booking)
      : await bookManualAssignments(sqlTxOf(tx), {
          ...booking,
          decisions: items.map((item) => decisions!.get(item.caseId)!),
        });
  toPlace.forEach((c, i) => {
    const r = results[i]!;
    outcomes.set(c.id, {
      caseId: c.id,
      result: r.status,
      version: r.caseVersion,
      fromVendorId: holds(c) ? c.vendorId : null,
      vendorId: r.decision.outcome === 'ASSIGNED' ? r.decision.vendorId : null,
    });
  });
  return cases.map((c) => outcomes.get(c.id)!);
}

function takePlace(vendor: VendorState, scope: string): void {
  const capacity = vendor.capacity.find((x) => x.scope === scope);
  if (capacity) {
    (capacity as { openCases: number }).openCases += 1;
    (capacity as { intakeToday: number }).intakeToday += 1;
  }
}

/**
 * Takes held cases back from their vendors in one statement: the open assignment ends as
 * RECALLED, the case is UNROUTED with no vendor (held for ops: no automatic retry), a RECALLED
 * event and a `case.recalled` webhook for the vendor that loses it. Returns each case's new version.
 */
async function recallHeld(
  tx: TenantTx,
  move: CaseMove,
  held: readonly LockedCaseRow[],
  options: { audit: boolean },
): Promise<Map<string, number>> {
  if (held.length === 0) return new Map();
  const rows = held.map((c) => ({
    case_id: c.id,
    vendor_id: c.vendorId,
    from_status: c.status,
    version: c.version + 1,
  }));
  const data = { reason: move.reason, by: move.kind };
  await sqlTxOf(tx).execute(Prisma.sql`
    WITH x AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS x(case_id uuid, vendor_id uuid, from_status text, version int)
    ), ended AS (
      UPDATE "Assignment" a SET status = 'RECALLED', "endedAt" = ${move.now}::timestamptz,
                                "endReason" = ${`OPS_${move.kind}: ${move.reason}`}
        FROM x WHERE a."caseId" = x.case_id AND a."vendorId" = x.vendor_id
                 AND a.status IN ('OFFERED', 'ACCEPTED')
    ), cases AS (
      -- A case waiting on the user stops waiting with its vendor: the pause ends here (the next
      -- vendor's offer sets its own due times).
      UPDATE "Case" c SET status = 'UNROUTED', "vendorId" = NULL, version = x.version,
                          "updatedAt" = ${move.now}::timestamptz, "routingRetryAt" = NULL,
                          "slaPausedAt" = NULL,
                          "slaPausedSeconds" = c."slaPausedSeconds" + CASE
                            WHEN c."slaPausedAt" IS NULL THEN 0
                            ELSE greatest(0, extract(epoch FROM ${move.now}::timestamptz - c."slaPausedAt"))::int
                          END
        FROM x WHERE c.id = x.case_id
    ), subjects AS (
      UPDATE "CaseSubject" s SET "vendorId" = NULL FROM x WHERE s."caseId" = x.case_id
    ), events AS (
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                               "actorKind", "actorId", "requestId", data, "occurredAt")
      SELECT x.case_id, x.vendor_id, 'RECALLED', x.from_status::"CaseStatus", 'UNROUTED', x.version,
             ${move.actor.kind}::"ActorKind", ${move.actor.id}, ${move.requestId ?? null},
             ${JSON.stringify(data)}::jsonb || jsonb_build_object('fromVendorId', x.vendor_id),
             ${move.now}::timestamptz
        FROM x ORDER BY x.case_id
    ), outbox AS (
      INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
      SELECT 'webhook.case.recalled', x.vendor_id, x.case_id,
             jsonb_build_object('type', 'case.recalled', 'data',
               jsonb_build_object('caseId', x.case_id, 'vendorId', x.vendor_id,
                                  'version', x.version, 'reason', 'OPS_' || ${move.kind}::text))
        FROM x ORDER BY x.case_id
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                                "requestId", outcome, details)
      SELECT ${move.actor.kind}::"ActorKind", ${move.actor.id}, ${actorVendorId(move.actor)}::uuid,
             'case.recall', 'Case', x.case_id::text, ${move.requestId ?? null}, 'OK',
             jsonb_build_object('reason', ${move.reason}::text, 'fromVendorId', x.vendor_id,
                                'fromStatus', x.from_status, 'version', x.version)
        FROM x WHERE ${options.audit} ORDER BY x.case_id
    )
    SELECT count(*) FROM x`);
  return new Map(rows.map((r) => [r.case_id, r.version]));
}
