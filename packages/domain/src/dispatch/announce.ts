// A case's news for its vendor goes out through the outbox, written in the transaction that
// made it, so the dispatch worker delivers exactly what was committed.
import type { TenantTx } from '@bvg/db';

/** Writes a thin webhook message for a vendor to the outbox (no PII: ids, version, status). */
export async function announce(
  tx: TenantTx,
  type:
    | 'case.assigned'
    | 'case.recalled'
    | 'case.updated'
    | 'case.sla_warning'
    | 'case.message_received',
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

/**
 * Writes a reply for the platform's channel to the outbox. Written as the replying vendor (a
 * tenant may append only its own rows); the relay sends it to the platform channel's
 * endpoints. Unlike partner events it carries the body: the platform needs it to send it.
 */
export async function announceOutboundMessage(
  tx: TenantTx,
  data: {
    caseId: string;
    vendorId: string;
    messageId: string;
    source: string;
    externalRef: string;
    channel: string;
    body: string;
    sentAt: string;
  },
): Promise<void> {
  await tx.outboxMessage.createMany({
    data: [
      {
        topic: 'webhook.message.outbound',
        vendorId: data.vendorId,
        caseId: data.caseId,
        payload: { type: 'message.outbound', data },
      },
    ],
  });
}
