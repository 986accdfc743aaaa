// After routing: set the SLA due times the new vendor's contract implies and announce the
// offer (and any recall) through the outbox, in the routing transaction, so the dispatch
// worker delivers exactly what was committed.
import type { TenantTx } from '@bvg/db';
import type { DueTimesFor, RouteCaseInput, RouteCaseResult } from '../routing/index.ts';
import { type RouteCaseExtras, routeCaseWith } from '../routing/index.ts';
import { versionInForce } from '../shared/contract-versions.ts';
import { computeSlaDueTimes, openingHoursOf } from '../sla/index.ts';

export type RecallReason =
  | 'REJECTED'
  | 'OFFER_EXPIRED'
  | 'DELIVERY_EXHAUSTED'
  | 'ESCALATED'
  | 'REASSIGNED'
  /** Ops set the vendor DRAINING: its unaccepted offers go elsewhere. */
  | 'VENDOR_DRAINING'
  /** Ops failed the vendor over: its open cases (unaccepted, optionally accepted) go elsewhere. */
  | 'FAILOVER';

/**
 * The SLA due times the vendor's contract version in force at `now` sets for the case, counted in its
 * opening hours; null when no target applies (e.g. the in-house team keeps no invented ones).
 */
export const slaDueTimesFor: DueTimesFor = (vendorId, caseAttrs, state, now) => {
  const terms = state.vendorTerms.get(vendorId);
  if (terms === undefined) return null;
  const contract = versionInForce(terms.contracts, now);
  const hours = openingHoursOf(terms);
  const due = computeSlaDueTimes(
    contract?.slaTargets ?? [],
    { scopeCode: caseAttrs.scope, regionCode: caseAttrs.region, priority: caseAttrs.priority },
    hours,
    now,
  );
  return due === null
    ? null
    : { firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt };
};

/**
 * Routes (or re-routes) a case and, when assigned, sets its SLA clocks and announces the offer,
 * all in the one statement that books the decision.
 */
export async function routeAndAnnounce(
  tx: TenantTx,
  input: RouteCaseInput,
  extras: Pick<RouteCaseExtras, 'current' | 'audit'> = {},
): Promise<RouteCaseResult> {
  return routeCaseWith(tx, input, { ...extras, dueTimes: slaDueTimesFor, announce: true });
}
