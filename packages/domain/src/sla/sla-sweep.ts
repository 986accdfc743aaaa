// The SLA sweep (run every minute by one worker at a time): warns vendors before a clock
// breaches and records breaches as case events, so SLA attainment is computed from events,
// and raises one SLA_BREACH alert per vendor for ops (counted again while it stays open).
import { CLOCK_RUNNING_STATUSES } from '@bvg/case-status';
import type { PrismaClient } from '@bvg/db';
import { caseStatusList, sqlTxOf, systemScope, withScope } from '@bvg/db';
import { dedupeKeyOf, type RaiseAlertInput, raiseAlerts } from '../alerts/index.ts';
import { announce } from '../dispatch/index.ts';

export interface SlaSweepOptions {
  now: Date;
  /** How long before a due time the vendor is warned. */
  warnBeforeMs: number;
  limit?: number;
}

interface DueRow {
  id: string;
  vendorId: string;
  version: number;
  clock: 'FIRST_RESPONSE' | 'RESOLUTION';
  dueAt: Date;
  priority: string;
}

const OPEN = caseStatusList(CLOCK_RUNNING_STATUSES).sql;

export async function sweepSlaClocks(prisma: PrismaClient, options: SlaSweepOptions) {
  const warnUntil = new Date(options.now.getTime() + options.warnBeforeMs);
  const limit = options.limit ?? 1000;
  return withScope(prisma, systemScope('SLA sweep'), async (tx) => {
    // Clocks paused (PENDING_USER) are skipped: their due times move on resume.
    const find = (type: 'SLA_WARNING' | 'SLA_BREACHED', until: Date) =>
      tx.$queryRawUnsafe<DueRow[]>(
        `SELECT c.id, c."vendorId", c.version, k.clock, k.due AS "dueAt", c.priority::text AS priority
           FROM "Case" c
           CROSS JOIN LATERAL (VALUES ('FIRST_RESPONSE', CASE WHEN c."firstResponseAt" IS NULL THEN c."firstResponseDueAt" END),
                                      ('RESOLUTION', c."resolutionDueAt")) AS k(clock, due)
          WHERE c.status IN ${OPEN} AND c."vendorId" IS NOT NULL AND k.due IS NOT NULL AND k.due <= $1
            AND NOT EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c.id AND e.type = $2::"CaseEventType"
                              AND e.data->>'clock' = k.clock AND e.data->>'dueAt' = to_char(k.due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          ORDER BY k.due LIMIT $3`,
        until,
        type,
        limit,
      );
    const record = async (row: DueRow, type: 'SLA_WARNING' | 'SLA_BREACHED') => {
      await tx.caseEvent.create({
        data: {
          caseId: row.id,
          vendorId: row.vendorId,
          type,
          version: row.version,
          actorKind: 'SYSTEM',
          actorId: 'sla-sweep',
          occurredAt: options.now,
          data: { clock: row.clock, dueAt: row.dueAt.toISOString() },
        },
      });
    };
    const warnings = await find('SLA_WARNING', warnUntil);
    for (const row of warnings) {
      await record(row, 'SLA_WARNING');
      await announce(tx, 'case.sla_warning', {
        caseId: row.id,
        vendorId: row.vendorId,
        version: row.version,
        clock: row.clock,
        dueAt: row.dueAt.toISOString(),
      });
    }
    const breaches = await find('SLA_BREACHED', options.now);
    for (const row of breaches) await record(row, 'SLA_BREACHED');
    await raiseAlerts(sqlTxOf(tx), breachAlerts(breaches, options.now));
    return { warned: warnings.length, breached: breaches.length };
  });
}

/** One alert per vendor with breaches in this sweep; a P1 breach makes it critical. */
export function breachAlerts(breaches: readonly DueRow[], at: Date): RaiseAlertInput[] {
  const byVendor = new Map<string, DueRow[]>();
  for (const row of breaches) {
    byVendor.set(row.vendorId, [...(byVendor.get(row.vendorId) ?? []), row]);
  }
  return [...byVendor].map(([vendorId, rows]) => {
    const first = rows.filter((r) => r.clock === 'FIRST_RESPONSE').length;
    return {
      kind: 'SLA_BREACH',
      severity: rows.some((r) => r.priority === 'P1') ? 'CRITICAL' : 'WARNING',
      dedupeKey: dedupeKeyOf('SLA_BREACH', vendorId),
      vendorId,
      caseId: rows.length === 1 ? rows[0]!.id : null,
      message: `${rows.length} SLA clocks breached (${first} first response, ${rows.length - first} resolution)`,
      data: {
        breaches: rows.length,
        firstResponse: first,
        resolution: rows.length - first,
        caseIds: rows.slice(0, 20).map((r) => r.id),
      },
      at,
    };
  });
}
