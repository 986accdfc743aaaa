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
