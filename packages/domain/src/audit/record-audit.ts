import type { SqlTx, TenantTx } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';

export interface AuditEntry {
  actor: Actor;
  /** Verb-noun, dotted: `case.read`, `case.accept`, `ruleset.publish`, `subject.erase`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  requestId?: string | null;
  outcome?: 'OK' | 'DENIED' | 'NOT_FOUND' | 'FAILED';
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit trail inside the caller's transaction, so the record and the access
 * or change it describes commit (or roll back) together: a read of case data cannot succeed
 * without its audit row.
 */
export async function recordAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  // createMany issues no RETURNING: a vendor may append to the trail but not read it back.
  await tx.auditEvent.createMany({ data: [toAuditRow(entry)] });
}

/** Many records in one statement (e.g. a page of cases read at once). */
export async function recordAuditMany(tx: TenantTx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEvent.createMany({ data: entries.map(toAuditRow) });
}

/** An entry as the row it becomes (for statements that write it with other rows). */
export function toAuditRow(entry: AuditEntry) {
  return {
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    vendorId: entry.actor.kind === 'VENDOR' ? entry.actor.vendorId : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    outcome: entry.outcome ?? 'OK',
    details: (entry.details ?? {}) as object,
  };
}

// One fixed text for any number of records (a named statement, parsed once per connection).
const INSERT_AUDIT_ROWS = `
  INSERT INTO "AuditEvent" ("actorKind", "actorId", "vendorId", action, "targetType", "targetId",
                            "requestId", outcome, details)
  SELECT r."actorKind", r."actorId", r."vendorId", r.action, r."targetType", r."targetId",
         r."requestId", r.outcome, r.details
    FROM jsonb_to_recordset($1::jsonb) AS r("actorKind" "ActorKind", "actorId" text, "vendorId" uuid,
         action text, "targetType" text, "targetId" text, "requestId" text, outcome text, details jsonb)`;

/**
 * The same records as `recordAuditMany`, in one statement of a `withScopedSql` transaction (no
 * RETURNING: a vendor may append to the trail but not read it back).
 */
export async function recordAuditSql(tx: SqlTx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute({ text: INSERT_AUDIT_ROWS, values: [JSON.stringify(entries.map(toAuditRow))] });
}
