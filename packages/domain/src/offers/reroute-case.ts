// A vendor lost a case (rejected it, let the offer lapse, could not be reached, escalated
// it): end its assignment, tell it the case is recalled, and route the case again without
// every vendor that already had it. After too many attempts the in-house team takes it.
import { ROUTABLE_STATUSES } from '@bvg/case-status';
import type { PrismaClient, TenantTx } from '@bvg/db';
import { sqlTxOf, systemScope, withScope } from '@bvg/db';
import { dedupeKeyOf, raiseAlerts } from '../alerts/index.ts';
import { announce } from '../dispatch/index.ts';
import type { RouteCaseResult } from '../routing/index.ts';
import type { Actor } from '../shared/actor.ts';
import { type RecallReason, routeAndAnnounce } from './assign-and-announce.ts';

/** Routing attempts after which a case goes to the in-house Tier 2 team (with an alert). */
export const MAX_ROUTING_ATTEMPTS = 3;

const SYSTEM: Actor = { kind: 'SYSTEM', id: 'reroute' };

export interface RerouteInput {
  caseId: string;
  /** The vendor losing the case. */
  fromVendorId: string;
  reason: RecallReason;
  now: Date;
  maxAttempts?: number;
  /**
   * Recall only from these statuses (a drain or failover recalls what is still unaccepted when
   * the message is handled, not what was unaccepted when it was written).
   */
  onlyFrom?: readonly string[];
  /** Ops' reason for a drain or failover, passed on to the vendor in `case.recalled`. */
  note?: string;
}

/** Statuses a case is routed from; a case recalled from any other is made REJECTED first. */
const ROUTABLE: ReadonlySet<string> = new Set(ROUTABLE_STATUSES);
/** Unless told otherwise, a case being worked (past ACCEPTED) is not taken away. */
const RECALLABLE: readonly string[] = [...ROUTABLE, 'ACCEPTED'];

/** Ends the open assignment and recalls the case from the vendor; returns the case version. */
async function recall(tx: TenantTx, input: RerouteInput): Promise<void> {
  await tx.assignment.updateMany({
    where: {
      caseId: input.caseId,
      vendorId: input.fromVendorId,
      status: { in: ['OFFERED', 'ACCEPTED'] },
    },
    data: {
      status:
        input.reason === 'OFFER_EXPIRED'
          ? 'EXPIRED'
          : input.reason === 'ESCALATED'
            ? 'ESCALATED'
            : 'RECALLED',
      endedAt: input.now,
      endReason: input.reason,
    },
  });
}

export async function rerouteCase(
  tx: TenantTx,
  input: RerouteInput,
): Promise<RouteCaseResult | null> {
  // The case row is locked first: a partner accepting at this moment either commits before
  // (and the case is no longer OFFERED here) or waits and then finds a newer version.
  const [c] = await tx.$queryRaw<
    {
      status: string;
      vendorId: string | null;
      version: number;
      routingAttempts: number;
      sandbox: boolean;
    }[]
  >`SELECT status::text AS status, "vendorId"::text AS "vendorId", version, "routingAttempts", sandbox
      FROM "Case" WHERE id = ${input.caseId}::uuid FOR UPDATE`;
  // Already moved on (accepted by someone else, re-routed by an earlier message): nothing to do.
  if (!c || c.vendorId !== input.fromVendorId) return null;
  if (input.reason === 'OFFER_EXPIRED' && c.status !== 'OFFERED') return null;
  if (!(input.onlyFrom ?? RECALLABLE).includes(c.status)) return null;

  await recall(tx, input);
  // The vendor that rejected or escalated knows already; the others are told.
  if (input.reason !== 'REJECTED' && input.reason !== 'ESCALATED') {
    await announce(tx, 'case.recalled', {
      caseId: input.caseId,
      vendorId: input.fromVendorId,
      version: c.version,
      reason: input.reason,
      ...(input.note ? { note: input.note } : {}),
    });
  }
  const previous = await tx.assignment.findMany({
    where: { caseId: input.caseId },
    select: { vendorId: true },
  });
  const exclude = [...new Set([input.fromVendorId, ...previous.map((a) => a.vendorId)])];

  const escalate =
    input.reason === 'ESCALATED' ||
    c.routingAttempts >= (input.maxAttempts ?? MAX_ROUTING_ATTEMPTS);
  if (escalate) {
    await tx.case.update({ where: { id: input.caseId }, data: { tier: 'T2' } });
    // A synthetic case is no work of ops (routing leaves it unrouted, see unrouteSyntheticCase).
    if (input.reason !== 'ESCALATED' && !c.sandbox) {
      await raiseAlerts(sqlTxOf(tx), [
        {
          kind: 'REROUTE_LIMIT',
          severity: 'WARNING',
          dedupeKey: dedupeKeyOf('REROUTE_LIMIT', input.caseId),
          caseId: input.caseId,
          vendorId: input.fromVendorId,
          message: `Case ${input.caseId} failed ${c.routingAttempts} routing attempts; sent to Tier 2`,
          at: input.now,
        },
      ]);
    }
  }
  // A case recalled from a partner is routable again as REJECTED (an escalated one stays
  // ESCALATED); whoever held it in Tier 2 holds it no more, and a paused clock runs again.
  if (c.status === 'OFFERED' || !ROUTABLE.has(c.status)) {
    await tx.case.update({
      where: { id: input.caseId },
      data: { status: 'REJECTED', claimedBy: null, claimedAt: null, slaPausedAt: null },
    });
  }
  return routeAndAnnounce(tx, {
    caseId: input.caseId,
    // Tier 2 is the in-house team; when escalating, every BPO that had the case stays excluded.
    excludeVendorIds: exclude,
    now: input.now,
    actor: SYSTEM,
  });
}

/** The outbox handler for `case.reroute` messages. */
export function createRerouteHandler(prisma: PrismaClient, now: () => Date = () => new Date()) {
  return async (message: { caseId: string | null; payload: unknown }) => {
    const payload = message.payload as {
      caseId: string;
      excludeVendorId: string;
      reason: RecallReason;
      onlyFrom?: string[];
      note?: string;
    };
    await withScope(
      prisma,
      systemScope('reroute a case'),
      (tx) =>
        rerouteCase(tx, {
          caseId: payload.caseId,
          fromVendorId: payload.excludeVendorId,
          reason: payload.reason,
          now: now(),
          ...(payload.onlyFrom ? { onlyFrom: payload.onlyFrom } : {}),
          ...(payload.note ? { note: payload.note } : {}),
        }),
      // Re-routing books the same shared counters as intake: rerun when aborted by a deadlock.
      { retries: 3 },
    );
  };
}
