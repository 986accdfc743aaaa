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

  it('after a pass whose commit the database lost, makes the deliveries again with the same webhook-ids', async () => {
    // The relay's commits do not wait for the WAL flush (REDOABLE_COMMIT): a database crash can
    // lose a pass whose webhooks were already sent. What the redo must give the partner is the
    // same webhook-ids, so that it can tell the second copy for a duplicate.
    const vendor = await world.owner.vendor.create({
      data: { slug: 'relay-lost', name: 'Lost', kind: 'BPO' },
    });
    await world.owner.webhookEndpoint.create({
      data: { vendorId: vendor.id, url: 'https://lost.example.test/in', eventTypes: [] },
    });
    await world.owner.outboxMessage.createMany({
      data: Array.from({ length: 4 }, (_, i) => ({
        topic: 'webhook.case.assigned',
        vendorId: vendor.id,
        payload: { type: 'case.assigned', data: { version: i + 1 } },
      })),
    });
    const webhookIdsOf = async () =>
      (
        await world.owner.webhookDelivery.findMany({
          where: { vendorId: vendor.id },
          select: { id: true, webhookId: true },
        })
      ).sort((a, b) => a.webhookId.localeCompare(b.webhookId));

    const first = await prepareOutboxBatch(world.app, { limit: 100 });
    expect(first.outboxIds).toHaveLength(4);
    const before = await webhookIdsOf();
    expect(before).toHaveLength(4);
    // Lost with the crash: the deliveries (and the marks, which came later in the log).
    await world.owner.webhookDelivery.deleteMany({ where: { vendorId: vendor.id } });

    const redo = await prepareOutboxBatch(world.app, { limit: 100 });
    expect(redo.outboxIds).toEqual(first.outboxIds);
    const after = await webhookIdsOf();
    expect(after.map((d) => d.webhookId)).toEqual(before.map((d) => d.webhookId));
    // New rows, so the old jobs find nothing to send and the new ones send each message once.
    const lostIds = new Set(before.map((d) => d.id));
    expect(after.filter((d) => lostIds.has(d.id))).toEqual([]);
    expect(redo.dispatch.map((d) => d.deliveryId).sort()).toEqual(after.map((d) => d.id).sort());
  });
});
