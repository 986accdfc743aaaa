import { describe, expect, it } from 'vitest';
import { useDispatchDatabase } from './dispatch-db.fixture.ts';
import { markOutboxEnqueued, prepareOutboxBatch } from './relay-outbox.ts';

const world = useDispatchDatabase('bvg_relay_outbox');

describe('prepareOutboxBatch', () => {
  it('after a pass that crashed before marking its rows, finds the same deliveries again and makes none', async () => {
    const vendor = await world.owner.vendor.create({
      data: { slug: 'relay-a', name: 'A', kind: 'BPO' },
    });
    await Promise.all(
      ['https://a.example.test/1', 'https://a.example.test/2'].map((url) =>
        world.owner.webhookEndpoint.create({ data: { vendorId: vendor.id, url, eventTypes: [] } }),
      ),
    );
    // Rows relayed long ago, so the pending ones sit behind marked ones as they do in service.
    await world.owner.outboxMessage.createMany({
      data: Array.from({ length: 300 }, () => ({
        topic: 'webhook.case.assigned',
        vendorId: vendor.id,
        payload: { type: 'case.assigned', data: { version: 1 } },
        status: 'ENQUEUED' as const,
      })),
    });
    await world.owner.outboxMessage.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({
        topic: 'webhook.case.assigned',
        vendorId: vendor.id,
        payload: { type: 'case.assigned', data: { version: i + 1 } },
      })),
    });

    const first = await prepareOutboxBatch(world.app, { limit: 100 });
    expect(first.outboxIds).toHaveLength(3);
    expect(first.dispatch).toHaveLength(6); // 3 rows × 2 endpoints
    // The pass "crashed": nothing marked. The next one redoes the same rows.
    const again = await prepareOutboxBatch(world.app, { limit: 100 });
    const ids = (b: typeof first) => b.dispatch.map((d) => `${d.deliveryId}#${d.attempt}`).sort();
    expect(again.outboxIds).toEqual(first.outboxIds);
    expect(ids(again)).toEqual(ids(first));
    expect(await world.owner.webhookDelivery.count()).toBe(6);
    const webhookIds = await world.owner.webhookDelivery.findMany({ select: { webhookId: true } });
    expect(new Set(webhookIds.map((d) => d.webhookId)).size).toBe(6);

    expect(await markOutboxEnqueued(world.app, again.outboxIds)).toBe(3);
    const after = await prepareOutboxBatch(world.app, { limit: 100 });
    expect(after.outboxIds).toEqual([]);
  });
});
