import { createHash } from 'node:crypto';
import type { DispatchJobSpec } from '@bvg/domain';
import { defineJob, QueueName } from '@bvg/queue';
import { z } from 'zod';

/**
 * One attempt of one delivery. The queue package's `webhookDispatchJob` names an outbox row; an
 * attempt belongs to a delivery (one per endpoint), so it has its own definition on the same queue.
 */
export const deliverWebhookAttemptJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver-attempt',
  // Ids only: no secrets, no payload, no PII in job data.
  payload: z.object({
    deliveryId: z.string().uuid(),
    vendorId: z.string().uuid(),
    /** The delivery's attempt number this job makes; its job id is `${deliveryId}_${attempt}`. */
    attempt: z.number().int().positive(),
    /** Position in the retry schedule (1 = first try); absent for jobs re-queued by the sweep. */
    step: z.number().int().positive().optional(),
    /** A redelivery asked for by the vendor or ops: exhausting it does not re-route the case. */
    redelivery: z.boolean().optional(),
  }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});
export type DeliverWebhookAttempt = z.infer<typeof deliverWebhookAttemptJob.payload>;

/** Most deliveries one batch job carries (and the most a relay pass gives one job). */
export const MAX_DELIVERIES_PER_BATCH = 100;

/**
 * First attempts of several deliveries of one vendor, from one relay pass. A BullMQ job costs
 * several Redis round trips and script runs in the relay and the worker; one per delivery was
 * the largest share of the worker's Redis work. Retries and redeliveries stay one job each:
 * each has its own delay.
 */
export const deliverWebhookBatchJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver-batch',
  payload: z.object({
    vendorId: z.string().uuid(),
    deliveryIds: z.array(z.string().uuid()).min(1).max(MAX_DELIVERIES_PER_BATCH),
  }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});
export type DeliverWebhookBatch = z.infer<typeof deliverWebhookBatchJob.payload>;

/**
 * A batch's job id is a digest of its vendor and deliveries: a relay pass redone after a crash
 * that finds the same deliveries queues the same job again, which BullMQ ignores. A redo that
 * groups them differently queues deliveries twice; the worker skips attempts already made.
 */
export const batchJobId = (vendorId: string, deliveryIds: readonly string[]) =>
  `b_${createHash('sha256')
    .update(vendorId)
    .update([...deliveryIds].sort().join(','))
    .digest('base64url')
    .slice(0, 32)}`;

/**
 * Splits first attempts into per-vendor batches of at most `maxBatch`, in the order given
 * (outbox order), so a vendor's oldest deliveries go first.
 */
export function groupFirstAttempts(
  specs: readonly DispatchJobSpec[],
  maxBatch: number,
): DeliverWebhookBatch[] {
  const open = new Map<string, DeliverWebhookBatch>();
  const batches: DeliverWebhookBatch[] = [];
  for (const spec of specs) {
    let batch = open.get(spec.vendorId);
    if (!batch || batch.deliveryIds.length >= maxBatch) {
      batch = { vendorId: spec.vendorId, deliveryIds: [] };
      open.set(spec.vendorId, batch);
      batches.push(batch);
    }
    batch.deliveryIds.push(spec.deliveryId);
  }
  return batches;
}
