// Probing of other tenants' case ids: a vendor's client that names a case it cannot see, and
// that exists with someone else, is answered NOT_FOUND like any unknown id (by the function it
// called); afterwards, out of band, the attempt is recorded here and ops are alerted when one
// client keeps doing it. The audit trail is the record (action `case.probe_denied`): auditors
// see which client named which case and when, append-only, and the trail's index on
// (actorId, occurredAt) answers "how many in the window" — a bare counter would keep neither.
import type { PrismaClient } from '@bvg/db';
import { sqlTxOf, systemScope, withScope } from '@bvg/db';
import { dedupeKeyOf, raiseAlerts } from '../alerts/index.ts';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';

export const CASE_PROBE_ACTION = 'case.probe_denied';

export interface ProbeAlertPolicy {
  /** Probes by one client within the window that raise an alert. */
  threshold: number;
  windowMs: number;
}

export const DEFAULT_PROBE_ALERT_POLICY: ProbeAlertPolicy = { threshold: 20, windowMs: 600_000 };

/** Whether to raise a tenant-probing alert now: at the threshold, unless one is still open. */
export function probeAlertDue(input: {
  probesInWindow: number;
  threshold: number;
  alertOpen: boolean;
}): boolean {
  return !input.alertOpen && input.probesInWindow >= input.threshold;
}

export interface CaseProbeOutcome {
  /** Case ids recorded as probes (existing cases held by someone else, or by no one). */
  recorded: string[];
  alerted: boolean;
}

/**
 * Records the cases a vendor's client was refused (NOT_FOUND) that exist and are not its
 * vendor's; ids that name nothing are not probes of a tenant and are not recorded. Raises a
 * TENANT_PROBING alert for the vendor when the client reaches the policy's threshold within
 * its window, one alert while it stays unacknowledged.
 */
export async function recordCaseProbes(
  prisma: PrismaClient,
  actor: Actor,
  input: { caseIds: readonly string[]; requestId?: string | null; operation?: string | null },
  policy: ProbeAlertPolicy = DEFAULT_PROBE_ALERT_POLICY,
  now: Date = new Date(),
): Promise<CaseProbeOutcome> {
  if (actor.kind !== 'VENDOR') return { recorded: [], alerted: false };
  const ids = [...new Set(input.caseIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return { recorded: [], alerted: false };
  return withScope(prisma, systemScope('record tenant probing'), async (tx) => {
    const others = await tx.case.findMany({
      where: { id: { in: ids }, OR: [{ vendorId: null }, { vendorId: { not: actor.vendorId } }] },
      select: { id: true },
    });
    if (others.length === 0) return { recorded: [], alerted: false };
    await recordAuditMany(
      tx,
      others.map((c) => ({
        actor,
        action: CASE_PROBE_ACTION,
        targetType: 'Case',
        targetId: c.id,
        requestId: input.requestId ?? null,
        outcome: 'NOT_FOUND' as const,
        details: input.operation ? { operation: input.operation } : {},
      })),
    );
    // One decision at a time per vendor, so concurrent probes raise one alert, not several.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tenant-probing:${actor.vendorId}`}))`;
    const [probesInWindow, open] = await Promise.all([
      tx.auditEvent.count({
        where: {
          actorId: actor.id,
          action: CASE_PROBE_ACTION,
          occurredAt: { gt: new Date(now.getTime() - policy.windowMs) },
        },
      }),
      tx.alert.findFirst({
        where: { kind: 'TENANT_PROBING', vendorId: actor.vendorId, status: { not: 'RESOLVED' } },
        select: { id: true },
      }),
    ]);
    const alerted = probeAlertDue({
      probesInWindow,
      threshold: policy.threshold,
      alertOpen: open !== null,
    });
    if (alerted) {
      await raiseAlerts(sqlTxOf(tx), [
        {
          kind: 'TENANT_PROBING',
          severity: 'CRITICAL',
          dedupeKey: dedupeKeyOf('TENANT_PROBING', actor.vendorId),
          vendorId: actor.vendorId,
          message: `API client ${actor.id} named ${probesInWindow} cases of other tenants within ${Math.round(policy.windowMs / 60_000)} min (answered NOT_FOUND); see audit action ${CASE_PROBE_ACTION}`,
          data: { clientId: actor.id, probesInWindow },
          at: now,
        },
      ]);
    }
    return { recorded: others.map((c) => c.id), alerted };
  });
}
