// Alerts about a state rather than an event (a vendor at its ceiling, an endpoint failing, many
// cases close to their SLA): each sweep raises the conditions that hold (counted again while
// open) and resolves, as the system, the open ones that no longer hold — an unrouted case that
// has since been placed included. Run every minute by one worker at a time.
import { CLOCK_RUNNING_STATUSES, OPEN_CASE_STATUSES } from '@bvg/case-status';
import type { PrismaClient } from '@bvg/db';
import { caseStatusList, Prisma, sqlTxOf, systemScope, withScope } from '@bvg/db';
import { AlertTopic, dedupeKeyOf } from './alert-kinds.ts';
import { alertNoticesSql, type RaiseAlertInput, raiseAlerts } from './raise-alert.ts';

export interface AlertSweepOptions {
  now: Date;
  /** "At risk": a clock due within this window. */
  slaAtRiskWithinMs: number;
  /** A vendor is alerted when at least this many of its cases are at risk at once. */
  slaAtRiskMinCases: number;
  /** An endpoint is failing when this many of its deliveries are retrying after this many attempts. */
  failingAfterAttempts: number;
}

export const DEFAULT_ALERT_SWEEP = {
  slaAtRiskWithinMs: 30 * 60_000,
  slaAtRiskMinCases: 10,
  failingAfterAttempts: 3,
} as const;

const CONDITION_KINDS = ['CAPACITY_EXHAUSTED', 'WEBHOOK_ENDPOINT_FAILING', 'SLA_AT_RISK'] as const;

export async function sweepAlertConditions(
  prisma: PrismaClient,
  options: AlertSweepOptions,
): Promise<{ raised: number; resolved: number }> {
  const { now } = options;
  return withScope(prisma, systemScope('alert conditions sweep'), async (tx) => {
    const sql = sqlTxOf(tx);
    const full = await sql.query<{
      vendorId: string;
      name: string;
      scope: string;
      ceiling: number;
      open: number;
    }>(Prisma.sql`
      SELECT cap."vendorId"::text AS "vendorId", v.name, cap."scopeCode" AS scope,
             cap."openCaseCeiling" AS ceiling, count(c.id)::int AS open
        FROM "VendorCapacity" cap
        JOIN "Vendor" v ON v.id = cap."vendorId" AND v.state = 'ACTIVE'
        JOIN "Case" c ON c."vendorId" = cap."vendorId" AND c."scopeCode" = cap."scopeCode"
                     AND c.status IN ${caseStatusList(OPEN_CASE_STATUSES)}
       GROUP BY cap."vendorId", v.name, cap."scopeCode", cap."openCaseCeiling"
      HAVING count(c.id) >= cap."openCaseCeiling"`);
    const failing = await sql.query<{
      endpointId: string;
      vendorId: string;
      name: string;
      disabled: boolean;
      retrying: number;
    }>(Prisma.sql`
      SELECT e.id::text AS "endpointId", e."vendorId"::text AS "vendorId", v.name,
             NOT e.active AS disabled, coalesce(r.n, 0)::int AS retrying
        FROM "WebhookEndpoint" e
        JOIN "Vendor" v ON v.id = e."vendorId"
        LEFT JOIN (SELECT "endpointId", count(*) AS n FROM "WebhookDelivery"
                    WHERE status IN ('PENDING', 'RETRYING') AND "attemptCount" >= ${options.failingAfterAttempts}
                    GROUP BY "endpointId") r ON r."endpointId" = e.id
       WHERE (NOT e.active AND e."disabledAt" IS NOT NULL) OR r.n > 0`);
    const atRisk = await sql.query<{
      vendorId: string;
      name: string;
      n: number;
      first: Date;
    }>(Prisma.sql`
      SELECT c."vendorId"::text AS "vendorId", v.name, count(*)::int AS n, min(k.due) AS first
        FROM "Case" c
        JOIN "Vendor" v ON v.id = c."vendorId"
        CROSS JOIN LATERAL (SELECT CASE WHEN c."firstResponseAt" IS NULL
                                        THEN least(c."firstResponseDueAt", c."resolutionDueAt")
                                        ELSE c."resolutionDueAt" END AS due) k
       WHERE c.status IN ${caseStatusList(CLOCK_RUNNING_STATUSES)}
         AND k.due > ${now} AND k.due <= ${new Date(now.getTime() + options.slaAtRiskWithinMs)}
       GROUP BY c."vendorId", v.name
      HAVING count(*) >= ${options.slaAtRiskMinCases}`);

    const holding: RaiseAlertInput[] = [
      ...full.map((r) => ({
        kind: 'CAPACITY_EXHAUSTED' as const,
        severity: 'WARNING' as const,
        dedupeKey: dedupeKeyOf('CAPACITY_EXHAUSTED', r.vendorId, r.scope),
        message: `${r.name} is at its ${r.scope} ceiling: ${r.open} open of ${r.ceiling}; new ${r.scope} cases go elsewhere or stay unrouted`,
        vendorId: r.vendorId,
        data: { scope: r.scope, open: r.open, ceiling: r.ceiling },
        at: now,
      })),
      ...failing.map((r) => ({
        kind: 'WEBHOOK_ENDPOINT_FAILING' as const,
        severity: r.disabled ? ('CRITICAL' as const) : ('WARNING' as const),
        dedupeKey: dedupeKeyOf('WEBHOOK_ENDPOINT_FAILING', r.endpointId),
        message: r.disabled
          ? `${r.name}'s webhook endpoint ${r.endpointId} is disabled; it hears of no new work`
          : `${r.name}'s webhook endpoint ${r.endpointId} is failing: ${r.retrying} deliveries retrying`,
        vendorId: r.vendorId,
        data: { endpointId: r.endpointId, disabled: r.disabled, retrying: r.retrying },
        at: now,
      })),
      ...atRisk.map((r) => ({
        kind: 'SLA_AT_RISK' as const,
        severity: 'WARNING' as const,
        dedupeKey: dedupeKeyOf('SLA_AT_RISK', r.vendorId),
        message: `${r.name} has ${r.n} cases due within ${Math.round(options.slaAtRiskWithinMs / 60_000)} min (first at ${r.first.toISOString()})`,
        vendorId: r.vendorId,
        data: { cases: r.n, firstDueAt: r.first.toISOString() },
        at: now,
      })),
    ];
    const raised = await raiseAlerts(sql, holding);

    // Resolve what no longer holds, and unrouted-case alerts whose case has been placed.
    const keys = holding.map((a) => a.dedupeKey);
    const [cleared] = await sql.query<{ n: number }>(Prisma.sql`
      WITH gone AS (
        UPDATE "Alert" a SET status = 'RESOLVED', "resolvedAt" = ${now}, "resolvedBy" = 'system',
                             "resolutionNote" = 'The condition no longer holds'
         WHERE a.status <> 'RESOLVED'
           AND ((a.kind::text = ANY(${[...CONDITION_KINDS]}::text[]) AND NOT (a."dedupeKey" = ANY(${keys}::text[])))
             OR (a.kind = 'UNROUTED_CASE' AND EXISTS (
                   SELECT 1 FROM "Case" c WHERE c.id = a."caseId" AND c.status <> 'UNROUTED')))
        RETURNING a.*
      ), notice AS (
        ${alertNoticesSql(Prisma.sql`SELECT * FROM gone`, AlertTopic.Resolved)}
      )
      SELECT count(*)::int AS n FROM gone`);
    return { raised, resolved: cleared?.n ?? 0 };
  });
}
