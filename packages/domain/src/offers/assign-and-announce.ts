// After routing: set the SLA due times the new vendor's contract implies and announce the
// offer (and any recall) through the outbox, in the routing transaction, so the dispatch
// worker delivers exactly what was committed.
import type { TenantTx } from '@bvg/db';
import { type RouteCaseInput, type RouteCaseResult, routeCase } from '../routing/index.ts';
import { computeSlaDueTimes } from '../sla/sla-clock.ts';

export type RecallReason =
  | 'REJECTED'
  | 'OFFER_EXPIRED'
  | 'DELIVERY_EXHAUSTED'
  | 'ESCALATED'
  | 'REASSIGNED';

/** Writes a thin webhook message for a vendor to the outbox (no PII: ids, version, status). */
export async function announce(
  tx: TenantTx,
  type: 'case.assigned' | 'case.recalled' | 'case.updated' | 'case.sla_warning',
  data: { caseId: string; vendorId: string; version: number } & Record<string, string | number>,
): Promise<void> {
  await tx.outboxMessage.createMany({
    data: [
      {
        topic: `webhook.${type}`,
        vendorId: data.vendorId,
        caseId: data.caseId,
        payload: { type, data },
      },
    ],
  });
}

async function setSlaDueTimes(
  tx: TenantTx,
  caseId: string,
  vendorId: string,
  now: Date,
): Promise<void> {
  const [c, vendor] = await Promise.all([
    tx.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { scopeCode: true, regionCode: true, priority: true },
    }),
    tx.vendor.findUniqueOrThrow({
      where: { id: vendorId },
      select: {
        timeZone: true,
        businessHours: true,
        holidays: true,
        contracts: {
          where: { periodStart: { lte: now } },
          orderBy: { periodStart: 'desc' },
          take: 1,
          select: { slaTargets: true },
        },
      },
    }),
  ]);
  const targets = vendor.contracts[0]?.slaTargets ?? [];
  const hours = {
    timeZone: vendor.timeZone,
    holidays: vendor.holidays,
    ...(vendor.businessHours as { days: number[]; openMinute: number; closeMinute: number }),
  };
  const due = computeSlaDueTimes(targets, c, hours, now);
  // No contract target (e.g. the in-house team): the case keeps no due times rather than
  // invented ones.
  await tx.case.update({
    where: { id: caseId },
    data: {
      firstResponseDueAt: due?.firstResponseDueAt ?? null,
      resolutionDueAt: due?.resolutionDueAt ?? null,
    },
  });
}

/** Routes (or re-routes) a case and, when assigned, sets its SLA clocks and announces the offer. */
export async function routeAndAnnounce(
  tx: TenantTx,
  input: RouteCaseInput,
): Promise<RouteCaseResult> {
  const result = await routeCase(tx, input);
  if (result.status === 'OFFERED' && result.decision.outcome === 'ASSIGNED') {
    const vendorId = result.decision.vendorId;
    await setSlaDueTimes(tx, input.caseId, vendorId, input.now);
    const lease = await tx.assignment.findUniqueOrThrow({
      where: { id: result.assignmentId! },
      select: { leaseExpiresAt: true },
    });
    await announce(tx, 'case.assigned', {
      caseId: input.caseId,
      vendorId,
      version: result.caseVersion,
      ...(lease.leaseExpiresAt ? { offerExpiresAt: lease.leaseExpiresAt.toISOString() } : {}),
    });
  }
  return result;
}
