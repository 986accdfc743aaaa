import type { Prisma, TenantTx } from '@bvg/db';
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

  const assignment = await tx.assignment.create({
    data: {
      caseId: input.caseId,
      vendorId: decision.vendorId,
      attempt,
      rulesetId,
      rulesetVersion: rulesetId === null ? null : decision.rulesetVersion,
      // The in-house default for restricted scopes is not a stored rule.
      ruleId: UUID.test(decision.ruleId) ? decision.ruleId : null,
      residencyCheck: decision.residencyCheck as unknown as Prisma.InputJsonObject,
      explanation: decision.explanation as unknown as Prisma.InputJsonObject,
      status: 'OFFERED',
      offeredAt: input.now,
      leaseExpiresAt: new Date(input.now.getTime() + (input.leaseMs ?? DEFAULT_OFFER_LEASE_MS)),
    },
    select: { id: true },
  });
  await tx.case.update({
    where: { id: input.caseId },
    data: { status: 'OFFERED', vendorId: decision.vendorId, routingAttempts: attempt, version },
  });
  await tx.caseSubject.updateMany({
    where: { caseId: input.caseId },
    data: { vendorId: decision.vendorId },
  });
  const data = {
    assignmentId: assignment.id,
    rulesetVersion: decision.rulesetVersion,
    ruleId: decision.ruleId,
    selection: decision.selection,
    residency: decision.residencyCheck.requirement,
  };
  await tx.caseEvent.createMany({
    data: [
      {
        ...event,
        vendorId: decision.vendorId,
        type: 'ROUTED',
        fromStatus: current.status as never,
        toStatus: 'ROUTED',
        data,
      },
      {
        ...event,
        vendorId: decision.vendorId,
        type: 'OFFERED',
        fromStatus: 'ROUTED',
        toStatus: 'OFFERED',
        data: { assignmentId: assignment.id },
      },
    ],
  });
  return { decision, status: 'OFFERED', caseVersion: version, assignmentId: assignment.id };
}
