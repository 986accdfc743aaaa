import { randomUUID } from 'node:crypto';
import { ROUTABLE_STATUSES, statusIn } from '@bvg/case-status';
import { sqlTxOf, type TenantTx } from '@bvg/db';
import type { CaseAttributes, Decision } from '@bvg/routing';
import type { Actor } from '../shared/actor.ts';
import { DomainError } from '../shared/domain-error.ts';
import { bookRoutes, type DueTimesFor } from './book-routes.ts';
import { loadRoutingState, type RoutingState, type RoutingStateCache } from './routing-state.ts';
import { unrouteSyntheticCase } from './unroute-synthetic-case.ts';

/** How long a vendor has to accept an offer before it may be re-routed, by default. */
export const DEFAULT_OFFER_LEASE_MS = 15 * 60_000;

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

/** The case as routing sees it, read under its row lock. */
export interface LockedCase {
  regionCode: string;
  scopeCode: string;
  channel: CaseAttributes['channel'];
  language: string;
  priority: CaseAttributes['priority'];
  tier: CaseAttributes['tier'];
  status: string;
  version: number;
  routingAttempts: number;
  /** A sandbox tenant's synthetic case: never routed (see `unrouteSyntheticCase`). */
  sandbox?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Routes one case with the published ruleset and records the outcome, all inside the
 * caller's system-scoped transaction (`withScope`):
 *
 * - ASSIGNED: the split counter and the vendor's daily intake go up by one; an OFFERED
 *   Assignment records the ruleset version, the rule, the data-residency check and the
 *   explanation; the case gets the vendor, status OFFERED, one more routing attempt, version
 *   + 1, and ROUTED and OFFERED events carrying that version.
 * - UNROUTED: the case gets status UNROUTED (no vendor), an UNROUTED event and an
 *   UNROUTED_CASE alert for ops. It is never dropped nor forced onto an ineligible vendor.
 *
 * The case row is locked first, so one case is never routed twice at once. The split counters
 * and the daily intake row are locked by the one statement that writes the outcome, so other
 * decisions of the same rule wait only for that statement and the commit. The caller ends
 * any earlier open assignment and writes the dispatch outbox row in the same transaction.
 * Throws NOT_FOUND for an unknown case and INVALID_TRANSITION for one already being worked.
 */
export async function routeCase(tx: TenantTx, input: RouteCaseInput): Promise<RouteCaseResult> {
  return routeCaseWith(tx, input, {});
}

/** What the offer and intake flows write in the routing statement besides `routeCase`'s rows. */
export interface RouteCaseExtras {
  /** The case, when the caller already holds it (a case created in this transaction). */
  current?: LockedCase;
  /** Sets the case's SLA due times for the chosen vendor. */
  dueTimes?: DueTimesFor;
  /** Writes the `case.assigned` outbox message. */
  announce?: boolean;
  /** Writes this audit record with the outcome. */
  audit?: { action: string; details: Record<string, unknown> };
}

/** `routeCase` plus the rows the caller would otherwise write after it, in the same statement. */
export async function routeCaseWith(
  tx: TenantTx,
  input: RouteCaseInput,
  extras: RouteCaseExtras,
): Promise<RouteCaseResult> {
  const current = extras.current ?? (await lockCase(tx, input.caseId));
  if (!statusIn(ROUTABLE_STATUSES, current.status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `A ${current.status} case cannot be routed; only ${ROUTABLE_STATUSES.join(', ')} cases can`,
      { status: current.status },
    );
  }
  if (current.sandbox === true) return unrouteSyntheticCase(tx, input, current);
  const state =
    input.state ??
    (await loadRoutingState(tx, {
      now: input.now,
      ...(input.cache ? { cache: input.cache } : {}),
    }));
  const [result] = await bookRoutes(sqlTxOf(tx), {
    state,
    now: input.now,
    items: [
      {
        caseId: input.caseId,
        current: {
          caseAttrs: {
            region: current.regionCode,
            scope: current.scopeCode,
            channel: current.channel,
            language: current.language,
            priority: current.priority,
            tier: current.tier,
          },
          status: current.status,
          version: current.version,
          routingAttempts: current.routingAttempts,
        },
        actor: input.actor,
        requestId: input.requestId ?? null,
        assignmentId: randomUUID(),
        leaseExpiresAt: new Date(input.now.getTime() + (input.leaseMs ?? DEFAULT_OFFER_LEASE_MS)),
        ...(input.excludeVendorIds ? { excludeVendorIds: input.excludeVendorIds } : {}),
        ...(extras.audit ? { audit: extras.audit } : {}),
      },
    ],
    ...(extras.dueTimes ? { dueTimes: extras.dueTimes } : {}),
    announce: extras.announce === true,
    ...(input.cache ? { cache: input.cache } : {}),
  });
  return result!;
}

async function lockCase(tx: TenantTx, caseId: string): Promise<LockedCase> {
  const [current] = UUID.test(caseId)
    ? await tx.$queryRaw<LockedCase[]>`
        SELECT "regionCode", "scopeCode", channel::text AS channel, language,
               priority::text AS priority, tier::text AS tier, status::text AS status,
               version, "routingAttempts", sandbox
          FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`
    : [];
  if (current === undefined) throw new DomainError('NOT_FOUND', 'Case not found');
  return current;
}
