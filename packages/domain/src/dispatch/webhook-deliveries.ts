import type { DeliveryStatus, Prisma, PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { CaseNotFoundError, DomainError } from '../shared/domain-error.ts';
import { OutboxTopic } from './topics.ts';

const deliveryInclude = {
  attempts: { orderBy: { attemptNumber: 'asc' } },
  endpoint: { select: { url: true } },
} satisfies Prisma.WebhookDeliveryInclude;

export type WebhookDeliveryView = Prisma.WebhookDeliveryGetPayload<{
  include: typeof deliveryInclude;
}>;

export interface WebhookDeliveryFilter {
  status?: DeliveryStatus[] | null;
  caseId?: string | null;
  /** Internal callers only; a vendor always sees its own. */
  vendorId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The delivery log, newest first, with every attempt. A vendor sees its own deliveries only
 * (row-level security): those sent to it, including for cases that have since moved to
 * another vendor. Filtering by a case is NOT_FOUND when the caller can neither see the case
 * nor has any delivery for it — exactly as for an id that does not exist.
 */
export async function listWebhookDeliveries(
  prisma: PrismaClient,
  actor: Actor,
  input: { filter?: WebhookDeliveryFilter | null; first: number; after?: string | null },
): Promise<WebhookDeliveryView[]> {
  const filter = input.filter ?? {};
  return withActorScope(prisma, actor, 'list webhook deliveries', async (tx) => {
    if (filter.caseId) {
      const caseId = filter.caseId;
      const visible =
        UUID.test(caseId) &&
        ((await tx.case.findUnique({ where: { id: caseId }, select: { id: true } })) ??
          // A case that moved on: the deliveries sent to this vendor for it are still its own.
          (await tx.webhookDelivery.findFirst({ where: { caseId }, select: { id: true } })));
      if (!visible) throw new CaseNotFoundError(caseId, 'Not found');
    }
    const cursor = input.after && UUID.test(input.after) ? input.after : null;
    return tx.webhookDelivery.findMany({
      where: {
        ...(filter.status?.length ? { status: { in: filter.status } } : {}),
        ...(filter.caseId ? { caseId: filter.caseId } : {}),
        ...(filter.vendorId && actor.kind !== 'VENDOR' ? { vendorId: filter.vendorId } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: input.first,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: deliveryInclude,
    });
  });
}

/**
 * Sends a delivery again with the same webhook-id (receivers deduplicate on it), whatever its
 * state, with a fresh attempt. Committed as an outbox message, so the request and the send
 * cannot come apart: the relay queues it.
 */
export async function redeliverWebhook(
  prisma: PrismaClient,
  actor: Actor,
  input: { deliveryId: string; requestId?: string | null },
  now: Date = new Date(),
): Promise<WebhookDeliveryView> {
  if (!UUID.test(input.deliveryId)) throw new DomainError('NOT_FOUND', 'Not found');
  const delivery = await withActorScope(prisma, actor, 'redeliver webhook', async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: input.deliveryId },
      data: { status: 'PENDING', nextAttemptAt: now },
    });
    if (count === 0) throw new DomainError('NOT_FOUND', 'Not found');
    const row = await tx.webhookDelivery.findUniqueOrThrow({
      where: { id: input.deliveryId },
      include: deliveryInclude,
    });
    await tx.outboxMessage.createMany({
      data: [
        {
          topic: OutboxTopic.Redeliver,
          vendorId: row.vendorId,
          caseId: row.caseId,
          payload: { deliveryId: row.id },
        },
      ],
    });
    await recordAuditMany(tx, [
      {
        actor,
        action: 'webhook_delivery.redeliver',
        targetType: 'WebhookDelivery',
        targetId: row.id,
        requestId: input.requestId ?? null,
        details: { webhookId: row.webhookId, previousStatus: row.status },
      },
    ]);
    return row;
  });
  return delivery;
}

/** The endpoint went away or was switched off before this delivery's attempt: close it quietly. */
export async function closeDeliveryForDisabledEndpoint(
  prisma: PrismaClient,
  input: { deliveryId: string },
): Promise<void> {
  await withScope(prisma, systemScope('webhook delivery to a disabled endpoint'), (tx) =>
    tx.webhookDelivery.updateMany({
      where: { id: input.deliveryId, status: { in: ['PENDING', 'RETRYING'] } },
      data: { status: 'ENDPOINT_DISABLED', nextAttemptAt: null },
    }),
  );
}
