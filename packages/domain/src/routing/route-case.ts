import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@bvg/db';
import type { CaseAttributes, Decision } from '@bvg/routing';
import type { Actor } from '../shared/actor.ts';
import { DomainError } from '../shared/domain-error.ts';
import { allocateRoute } from './allocate-route.ts';
import { loadRoutingState, type RoutingState, type RoutingStateCache } from './routing-state.ts';

/** How long a vendor has to accept an offer before it may be re-routed, by default. */
export const DEFAULT_OFFER_LEASE_MS = 15 * 60_000;

/** Statuses a case can be (re-)routed from; anything else is already being worked. */
export const ROUTABLE_STATUSES = [
  'NEW',
  'UNROUTED',
  'REJECTED',
  'ROUTED',
  'OFFERED',
  'ESCALATED',
] as const;

export interface RouteCaseInput {
  caseId: string;
  /** Vendors that must not get the case (ones that rejected it or let the offer expire). */
  excludeVendorIds?: readonly string[];
  /** The decision time (business hours, today's intake, the offer lease). */
  now: Date;
  /** Recorded on the case events: the intake system, or the system re-routing the case. */
  actor: Actor;
  requestId?: string | null;
  /** Lease of the offer; `DEFAULT_OFFER_LEASE_MS` when absent. */
  leaseMs?: number;
  /** A state the caller already loaded in this transaction; loaded here when absent. */
  state?: RoutingState;
  cache?: RoutingStateCache;
}

export interface RouteCaseResult {
  decision: Decision;
  status: 'OFFERED' | 'UNROUTED';
  /** The case's version after routing. */
  caseVersion: number;
  /** The OFFERED assignment, when the case was assigned. */
  assignmentId: string | null;
}

interface LockedCase {
  regionCode: string;
  scopeCode: string;
  channel: CaseAttributes['channel'];
  language: string;
  priority: CaseAttributes['priority'];
  tier: CaseAttributes['tier'];
  status: string;
  version: number;
  routingAttempts: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Routes one case with the published ruleset and records the outcome, all inside the
 * caller's system-scoped transaction (`withSystem`):
 *
 * - ASSIGNED: the split counter and the vendor's daily intake go up by one; an OFFERED
 *   Assignment records the ruleset version, the rule, the data-residency check and the
 *   explanation; the case gets the vendor, status OFFERED, one more routing attempt, version
 *   + 1, and ROUTED and OFFERED events carrying that version.
 * - UNROUTED: the case gets status UNROUTED (no vendor), an UNROUTED event and an
 *   UNROUTED_CASE alert for ops. It is never dropped nor forced onto an ineligible vendor.
 *
 * The case row is locked first, so one case is never routed twice at once. The caller ends
 * any earlier open assignment and writes the dispatch outbox row in the same transaction.
 * Throws NOT_FOUND for an unknown case and INVALID_TRANSITION for one already being worked.
 */
export async function routeCase(tx: TenantTx, input: RouteCaseInput): Promise<RouteCaseResult> {
  const [current] = UUID.test(input.caseId)
    ? await tx.$queryRaw<LockedCase[]>`
        SELECT "regionCode", "scopeCode", channel::text AS channel, language,
               priority::text AS priority, tier::text AS tier, status::text AS status,
               version, "routingAttempts"
          FROM "Case" WHERE id = ${input.caseId}::uuid FOR UPDATE`
    : [];
  if (current === undefined) throw new DomainError('NOT_FOUND', 'Case not found');
  if (!(ROUTABLE_STATUSES as readonly string[]).includes(current.status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `A ${current.status} case cannot be routed; only ${ROUTABLE_STATUSES.join(', ')} cases can`,
      { status: current.status },
    );
  }

  const state =
    input.state ??
    (await loadRoutingState(tx, {
      now: input.now,
      ...(input.cache ? { cache: input.cache } : {}),
    }));
  const decision = await allocateRoute(tx, {
    caseAttrs: {
      region: current.regionCode,
      scope: current.scopeCode,
      channel: current.channel,
      language: current.language,
      priority: current.priority,
      tier: current.tier,
    },
    state,
    now: input.now,
    ...(input.excludeVendorIds ? { excludeVendorIds: input.excludeVendorIds } : {}),
    book: false,
  });

  const version = current.version + 1;
  const attempt = current.routingAttempts + 1;
  const event = {
    caseId: input.caseId,
    version,
    actorKind: input.actor.kind,
    actorId: input.actor.id,
    requestId: input.requestId ?? null,
    occurredAt: input.now,
  };
  const rulesetId = state.published?.id ?? null;

  if (decision.outcome === 'UNROUTED') {
    await tx.case.update({
      where: { id: input.caseId },
      data: { status: 'UNROUTED', vendorId: null, routingAttempts: attempt, version },
    });
    await tx.caseSubject.updateMany({ where: { caseId: input.caseId }, data: { vendorId: null } });
    await tx.caseEvent.create({
      data: {
        ...event,
        vendorId: null,
        type: 'UNROUTED',
        fromStatus: current.status as never,
        toStatus: 'UNROUTED',
        data: {
          reason: decision.reason,
          rulesetVersion: decision.rulesetVersion,
          summary: decision.explanation.summary,
        },
      },
    });
    await tx.alert.create({
      data: {
        kind: 'UNROUTED_CASE',
        caseId: input.caseId,
        message: decision.explanation.summary,
        createdAt: input.now,
      },
    });
    return { decision, status: 'UNROUTED', caseVersion: version, assignmentId: null };
  }

  // Everything the decision writes goes in one statement: the rule's split counters stay
  // locked from the pick until commit, so each round trip here is time other decisions of
  // the same rule wait.
  const assignmentId = randomUUID();
  const vendorId = decision.vendorId;
  const split = decision.allocationKey;
  const timeZone = state.vendorTimeZones.get(vendorId) ?? 'UTC';
  const leaseExpiresAt = new Date(input.now.getTime() + (input.leaseMs ?? DEFAULT_OFFER_LEASE_MS));
  const routed = JSON.stringify({
    assignmentId,
    rulesetVersion: decision.rulesetVersion,
    ruleId: decision.ruleId,
    selection: decision.selection,
    residency: decision.residencyCheck.requirement,
  });
  await tx.$executeRaw`
    WITH split AS (
      INSERT INTO "RoutingAllocation" ("ruleId", "vendorId", "assigned")
      SELECT ${split?.ruleId ?? null}::uuid, ${vendorId}::uuid, 1 WHERE ${split !== null}
      ON CONFLICT ("ruleId", "vendorId") DO UPDATE SET assigned = "RoutingAllocation".assigned + 1
    ), intake AS (
      INSERT INTO "VendorDailyIntake" ("vendorId", "scopeCode", "day", "count")
      VALUES (${vendorId}::uuid, ${current.scopeCode}, (${input.now}::timestamptz AT TIME ZONE ${timeZone})::date, 1)
      ON CONFLICT ("vendorId", "scopeCode", "day") DO UPDATE SET count = "VendorDailyIntake".count + 1
    ), assignment AS (
      INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "rulesetId", "rulesetVersion",
                                "ruleId", "residencyCheck", explanation, status, "offeredAt", "leaseExpiresAt")
      VALUES (${assignmentId}::uuid, ${input.caseId}::uuid, ${vendorId}::uuid, ${attempt},
              ${rulesetId}::uuid, ${rulesetId === null ? null : decision.rulesetVersion}::int,
              ${UUID.test(decision.ruleId) ? decision.ruleId : null}::uuid,
              ${JSON.stringify(decision.residencyCheck)}::jsonb, ${JSON.stringify(decision.explanation)}::jsonb,
              'OFFERED', ${input.now}::timestamptz, ${leaseExpiresAt}::timestamptz)
    ), updated AS (
      UPDATE "Case" SET status = 'OFFERED', "vendorId" = ${vendorId}::uuid, "routingAttempts" = ${attempt},
                        version = ${version}, "updatedAt" = ${input.now}::timestamptz
       WHERE id = ${input.caseId}::uuid
    ), subject AS (
      UPDATE "CaseSubject" SET "vendorId" = ${vendorId}::uuid WHERE "caseId" = ${input.caseId}::uuid
    )
    INSERT INTO "CaseEvent" ("caseId", "vendorId", type, "fromStatus", "toStatus", version,
                             "actorKind", "actorId", "requestId", data, "occurredAt")
    VALUES
      (${input.caseId}::uuid, ${vendorId}::uuid, 'ROUTED', ${current.status}::"CaseStatus", 'ROUTED', ${version},
       ${input.actor.kind}::"ActorKind", ${input.actor.id}, ${input.requestId ?? null}, ${routed}::jsonb, ${input.now}::timestamptz),
      (${input.caseId}::uuid, ${vendorId}::uuid, 'OFFERED', 'ROUTED', 'OFFERED', ${version},
       ${input.actor.kind}::"ActorKind", ${input.actor.id}, ${input.requestId ?? null},
       ${JSON.stringify({ assignmentId })}::jsonb, ${input.now}::timestamptz)`;
  return { decision, status: 'OFFERED', caseVersion: version, assignmentId };
}
