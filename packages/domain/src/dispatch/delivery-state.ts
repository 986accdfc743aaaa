import type { PrismaClient } from '@bvg/db';
import { withSystem, withTenant } from '@bvg/db';
import { OutboxTopic } from './topics.ts';

export interface DeliveryToAttempt {
  id: string;
  webhookId: string;
  vendorId: string;
  endpointId: string;
  outboxId: bigint | null;
  caseId: string | null;
  eventType: string;
  /** The JSON text sent (and signed) byte for byte. */
  body: string;
  status: 'PENDING' | 'SUCCEEDED' | 'RETRYING' | 'EXHAUSTED' | 'ENDPOINT_DISABLED';
  attemptCount: number;
  endpoint: { url: string; active: boolean };
  /** Every secret not yet expired, newest first: several during a rotation. */
  secrets: string[];
}

/** The delivery with what it takes to send it, read as its vendor (row-level security). */
export async function loadDeliveryToAttempt(
  prisma: PrismaClient,
  input: { deliveryId: string; vendorId: string; now?: Date },
): Promise<DeliveryToAttempt | null> {
  const now = input.now ?? new Date();
  const row = await withTenant(prisma, input.vendorId, (tx) =>
    tx.webhookDelivery.findUnique({
      where: { id: input.deliveryId },
      include: {
        endpoint: {
          select: {
            url: true,
            active: true,
            secrets: {
              where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
              orderBy: { createdAt: 'desc' },
              select: { secret: true },
            },
          },
        },
      },
    }),
  );
  if (!row) return null;
  return {
    id: row.id,
    webhookId: row.webhookId,
    vendorId: row.vendorId,
    endpointId: row.endpointId,
    outboxId: row.outboxId,
    caseId: row.caseId,
    eventType: row.eventType,
    body: JSON.stringify(row.payload),
    status: row.status,
    attemptCount: row.attemptCount,
    endpoint: { url: row.endpoint.url, active: row.endpoint.active },
    secrets: row.endpoint.secrets.map((s) => s.secret),
  };
}

/** What happens to a delivery after an attempt (decided by the dispatch policy). */
export type DeliveryOutcome =
  | { kind: 'SUCCEEDED' }
  | { kind: 'RETRYING'; nextAttemptAt: Date }
  /** No attempts left; `reroute` hands a case.assigned delivery's case to someone else. */
  | { kind: 'EXHAUSTED'; reroute: boolean }
  | { kind: 'ENDPOINT_DISABLED'; reason: string };

export interface RecordAttemptInput {
  delivery: Pick<DeliveryToAttempt, 'id' | 'vendorId' | 'endpointId' | 'caseId' | 'eventType'>;
  attemptNumber: number;
  startedAt: Date;
  latencyMs?: number | undefined;
  responseStatus?: number | undefined;
  error?: string | undefined;
  outcome: DeliveryOutcome;
}

/**
 * Records one attempt and its consequence together. Returns false, changing nothing, when this
 * attempt number was already recorded (a duplicate job): the delivery's attempt count is the
 * guard, so two workers can never both book the same attempt.
 */
export async function recordDeliveryAttempt(
  prisma: PrismaClient,
  input: RecordAttemptInput,
): Promise<boolean> {
  const { delivery, outcome } = input;
  const status = outcome.kind;
  const work = async (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, attemptCount: input.attemptNumber - 1 },
      data: {
        attemptCount: input.attemptNumber,
        status,
        lastAttemptAt: input.startedAt,
        nextAttemptAt: outcome.kind === 'RETRYING' ? outcome.nextAttemptAt : null,
      },
    });
    if (count === 0) return false;
    // createMany: no RETURNING, so this also works where the scope could not read the row back.
    await tx.webhookAttempt.createMany({
      data: [
        {
          deliveryId: delivery.id,
          vendorId: delivery.vendorId,
          attemptNumber: input.attemptNumber,
          startedAt: input.startedAt,
          latencyMs: input.latencyMs === undefined ? null : Math.round(input.latencyMs),
          responseStatus: input.responseStatus ?? null,
          error: input.error ?? null,
        },
      ],
    });
    if (outcome.kind === 'ENDPOINT_DISABLED') {
      await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, active: true },
        data: { active: false, disabledAt: input.startedAt, disabledReason: outcome.reason },
      });
      await tx.alert.createMany({
        data: [
          {
            kind: 'ENDPOINT_DISABLED',
            vendorId: delivery.vendorId,
            caseId: delivery.caseId,
            message: `Webhook endpoint ${delivery.endpointId} disabled: ${outcome.reason}`,
          },
        ],
      });
    }
    if (outcome.kind === 'EXHAUSTED') {
      await tx.alert.createMany({
        data: [
          {
            kind: 'DELIVERY_EXHAUSTED',
            vendorId: delivery.vendorId,
            caseId: delivery.caseId,
            message: `Webhook delivery ${delivery.id} (${delivery.eventType}) exhausted after ${input.attemptNumber} attempts`,
          },
        ],
      });
      if (outcome.reroute && delivery.eventType === 'case.assigned' && delivery.caseId) {
        await tx.outboxMessage.createMany({
          data: [
            {
              topic: OutboxTopic.CaseReroute,
              vendorId: delivery.vendorId,
              caseId: delivery.caseId,
              payload: {
                caseId: delivery.caseId,
                excludeVendorId: delivery.vendorId,
                reason: 'DELIVERY_EXHAUSTED',
              },
            },
          ],
        });
      }
    }
    return true;
  };
  // Alerts and the re-route message are system records; the common outcomes stay in the tenant.
  return outcome.kind === 'SUCCEEDED' || outcome.kind === 'RETRYING'
    ? withTenant(prisma, delivery.vendorId, work)
    : withSystem(prisma, 'webhook delivery outcome', work);
}
