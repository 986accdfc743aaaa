// After routing: set the SLA due times the new vendor's contract implies and announce the
// offer (and any recall) through the outbox, in the routing transaction, so the dispatch
// worker delivers exactly what was committed.
import type { TenantTx } from '@bvg/db';
import type {
  DueTimesFor,
  RouteCaseInput,
  RouteCaseResult,
  RoutingState,
} from '../routing/index.ts';
import { type RouteCaseExtras, routeCaseWith } from '../routing/index.ts';
import { userClockAt, vendorClockAt } from '../sla/index.ts';

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
 * The SLA due times the vendor's contract version in force at `now` sets for the case, counted on the
 * vendor's calendar version in force at `now`; null when no target applies (e.g. the in-house
 * team keeps no invented ones). `replayClocks` recomputes the same from the case's events.
 */
export const slaDueTimesFor: DueTimesFor = (vendorId, caseAttrs, state, now) => {
  const terms = state.vendorTerms.get(vendorId);
  if (terms === undefined) return null;
  const due = vendorClockAt(
    terms,
    { scopeCode: caseAttrs.scope, regionCode: caseAttrs.region, priority: caseAttrs.priority },
    new Map([[terms.calendarId, terms.calendarVersions]]),
    now,
  );
  return due === null
    ? null
    : { firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt };
};

/** The user's end-to-end clock of a case created at `now` (platform targets), or null. */
export function userDueTimesFor(
  caseAttrs: { region: string; scope: string; priority: string },
  state: Pick<RoutingState, 'userClock'>,
  now: Date,
): UserClockStart | null {
  const due = userClockAt(
    state.userClock.platform,
    { scopeCode: caseAttrs.scope, regionCode: caseAttrs.region, priority: caseAttrs.priority },
    state.userClock.calendars,
    now,
  );
  return due === null
    ? null
    : {
        targetId: due.target.id,
        calendarId: due.target.calendarId,
        calendarVersionId: due.calendarVersion?.id ?? null,
        firstResponseDueAt: due.firstResponseDueAt,
        resolutionDueAt: due.resolutionDueAt,
      };
}

/** What the CREATED event records of the user's clock (and the case's columns hold). */
export interface UserClockStart {
  targetId: string;
  /** Null: the target counts round the clock. */
  calendarId: string | null;
  calendarVersionId: string | null;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

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
