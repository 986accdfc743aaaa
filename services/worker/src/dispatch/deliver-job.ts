import { createHash } from 'node:crypto';
import type { DispatchJobSpec } from '@bvg/domain';
import type { DeliverWebhookBatch } from '@bvg/queue';

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
