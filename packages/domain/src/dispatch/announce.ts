// A case's news for its vendor goes out through the outbox, written in the transaction that
// made it, so the dispatch worker delivers exactly what was committed.
import type { TenantTx } from '@bvg/db';

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

/** Events about a vendor's service credits (statements and disputes), not about a case. */
export type CreditEventType =
  | 'credit.statement_closed'
  | 'credit.dispute_opened'
  | 'credit.dispute_resolved';

/**
 * Writes a thin webhook message about a vendor's credits to the outbox: ids, a version or a
 * status, never amounts or reasons (the vendor reads those through the API, scoped and audited).
 */
export async function announceCredit(
  tx: TenantTx,
  type: CreditEventType,
  data: { vendorId: string } & Record<string, string | number>,
): Promise<void> {
  await tx.outboxMessage.createMany({
    data: [{ topic: `webhook.${type}`, vendorId: data.vendorId, payload: { type, data } }],
  });
}
