import { randomUUID } from 'node:crypto';
import { deliverWebhookBatchJob } from '@bvg/queue';
import { describe, expect, it } from 'vitest';
import { batchJobId, groupFirstAttempts } from './deliver-job.ts';

const spec = (vendorId: string) => ({ deliveryId: randomUUID(), vendorId, attempt: 1 });

describe('groupFirstAttempts', () => {
  it('gives each vendor its own batches, in outbox order, none larger than the bound', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const specs = [spec(a), spec(b), spec(a), spec(a), spec(b), spec(a), spec(a)];
    const batches = groupFirstAttempts(specs, 2);
    const ids = (vendorId: string) =>
      specs.filter((s) => s.vendorId === vendorId).map((s) => s.deliveryId);
    expect(batches.map((x) => [x.vendorId, x.deliveryIds])).toEqual([
      [a, ids(a).slice(0, 2)],
      [b, ids(b)],
      [a, ids(a).slice(2, 4)],
      [a, ids(a).slice(4)],
    ]);
    for (const batch of batches) expect(deliverWebhookBatchJob.payload.parse(batch)).toEqual(batch);
  });
});

describe('batchJobId', () => {
  it('is the same for the same deliveries in any order, and differs for any other batch', () => {
    const vendor = randomUUID();
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    expect(batchJobId(vendor, [x, y])).toBe(batchJobId(vendor, [y, x]));
    const others = [
      batchJobId(vendor, [x]),
      batchJobId(vendor, [x, y, z]),
      batchJobId(randomUUID(), [x, y]),
    ];
    expect(new Set([batchJobId(vendor, [x, y]), ...others]).size).toBe(4);
    // BullMQ refuses ':' in custom job ids, and a bare integer would clash with its own ids.
    expect(batchJobId(vendor, [x])).toMatch(/^b_[A-Za-z0-9_-]+$/);
  });
});
