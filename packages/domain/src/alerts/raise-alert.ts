// Raising an alert, in the caller's transaction: one statement inserts it or, while the same
// condition's alert is unresolved, counts another occurrence on it; a new alert also writes
// the ops notification to the outbox (relayed to the operations desk's endpoints and to
// subscribed consoles), so an alert exists exactly when its notification does.
import { Prisma, type SqlTx } from '@bvg/db';
import { type AlertKind, type AlertSeverity, AlertTopic, OPS_DESK_SLUG } from './alert-kinds.ts';

export interface RaiseAlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  dedupeKey: string;
  message: string;
  caseId?: string | null;
  vendorId?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Raises (or counts again) each alert; returns how many were new. */
export async function raiseAlerts(tx: SqlTx, alerts: readonly RaiseAlertInput[]): Promise<number> {
  if (alerts.length === 0) return 0;
  // One row per condition: an upsert may not touch the same alert twice in one statement.
  const unique = [...new Map(alerts.map((a) => [a.dedupeKey, a])).values()];
  const rows = unique.map((a, n) => ({
    n,
    kind: a.kind,
    severity: a.severity,
    dedupe_key: a.dedupeKey,
    message: a.message,
    case_id: a.caseId ?? null,
    vendor_id: a.vendorId ?? null,
    data: a.data ?? {},
    at: a.at.toISOString(),
  }));
  const [result] = await tx.query<{ created: number }>(Prisma.sql`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        n int, kind text, severity text, dedupe_key text, message text, case_id uuid,
        vendor_id uuid, data jsonb, at timestamptz)
    ), up AS (
      ${upsertAlertsSql(Prisma.sql`SELECT * FROM x`)}
    ), notice AS (
      ${alertNoticesSql(Prisma.sql`SELECT * FROM up WHERE created`, AlertTopic.Raised)}
    )
    SELECT count(*) FILTER (WHERE created)::int AS created FROM up`);
  return result?.created ?? 0;
}

/**
 * The alerts upsert (sandbox tenants' rows left out) over a row source with columns (kind, severity, dedupe_key, message,
 * case_id, vendor_id, data, at, n); returns the alert rows with `created`. Shared with routing,
 * which raises UNROUTED_CASE alerts inside its own statement.
 */
export function upsertAlertsSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "Alert" (kind, severity, "dedupeKey", message, "caseId", "vendorId", data,
                         "createdAt", "lastRaisedAt")
    SELECT s.kind::"AlertKind", s.severity::"AlertSeverity", s.dedupe_key, s.message, s.case_id,
           s.vendor_id, s.data, s.at, s.at
      FROM (${source}) s
     -- A sandbox tenant's conditions are the integrator's to see, never ops' alerts.
     WHERE s.vendor_id IS NULL
        OR NOT EXISTS (SELECT 1 FROM "Vendor" v WHERE v.id = s.vendor_id AND v."sandboxOfId" IS NOT NULL)
     ORDER BY s.dedupe_key
    ON CONFLICT ("dedupeKey") WHERE status <> 'RESOLVED'
    DO UPDATE SET occurrences = "Alert".occurrences + 1, "lastRaisedAt" = EXCLUDED."lastRaisedAt",
                  message = EXCLUDED.message, data = EXCLUDED.data,
                  severity = CASE WHEN EXCLUDED.severity < "Alert".severity
                                  THEN EXCLUDED.severity ELSE "Alert".severity END
    RETURNING id, kind, severity, status, message, "caseId", "vendorId", "dedupeKey",
              "lastRaisedAt", (xmax = 0) AS created`;
}

/**
 * Outbox rows announcing alerts (thin: ids, kind, severity, message; never case data). Absent
 * ids are left out rather than null, as in every webhook payload.
 */
export function alertNoticesSql(alerts: Prisma.Sql, topic: AlertTopic): Prisma.Sql {
  const type = topic.replace(/^webhook\./, '');
  return Prisma.sql`
    INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
    SELECT ${topic}, (SELECT id FROM "Vendor" WHERE slug = ${OPS_DESK_SLUG}), a."caseId",
           jsonb_build_object('type', ${type}::text, 'data', jsonb_strip_nulls(jsonb_build_object(
             'alertId', a.id::text, 'kind', a.kind::text, 'severity', a.severity::text,
             'status', a.status::text, 'message', a.message, 'dedupeKey', a."dedupeKey",
             'caseId', a."caseId"::text, 'vendorId', a."vendorId"::text)))
      FROM (${alerts}) a`;
}
