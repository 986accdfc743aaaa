import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markOutboxEnqueued, prepareOutboxBatch } from './relay-outbox.ts';

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase('bvg_relay_outbox');
  owner = createPrismaClient({ url: db.url, max: 2 });
  app = createPrismaClient({ url: db.appUrl, max: 4 });
});
afterAll(async () => {
  await app.$disconnect();
  await owner.$disconnect();
  await db.drop();
});

describe('prepareOutboxBatch', () => {
  it('after a pass that crashed before marking its rows, finds the same deliveries again and makes none', async () => {
    const vendor = await owner.vendor.create({ data: { slug: 'relay-a', name: 'A', kind: 'BPO' } });
    await Promise.all(
      ['https://a.example.test/1', 'https://a.example.test/2'].map((url) =>
        owner.webhookEndpoint.create({ data: { vendorId: vendor.id, url, eventTypes: [] } }),
      ),
    );
    // Rows relayed long ago, so the pending ones sit behind marked ones as they do in service.
    await owner.outboxMessage.createMany({
      data: Array.from({ length: 300 }, () => ({
        topic: 'webhook.case.assigned',
        vendorId: vendor.id,
        payload: { type: 'case.assigned', data: { version: 1 } },
        status: 'ENQUEUED' as const,
      })),
    });
    await owner.outboxMessage.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({
        topic: 'webhook.case.assigned',
        vendorId: vendor.id,
        payload: { type: 'case.assigned', data: { version: i + 1 } },
      })),
    });

    const first = await prepareOutboxBatch(app, { limit: 100 });
    expect(first.outboxIds).toHaveLength(3);
    expect(first.dispatch).toHaveLength(6); // 3 rows × 2 endpoints
    // The pass "crashed": nothing marked. The next one redoes the same rows.
    const again = await prepareOutboxBatch(app, { limit: 100 });
    const ids = (b: typeof first) => b.dispatch.map((d) => `${d.deliveryId}#${d.attempt}`).sort();
    expect(again.outboxIds).toEqual(first.outboxIds);
    expect(ids(again)).toEqual(ids(first));
    expect(await owner.webhookDelivery.count()).toBe(6);
    const webhookIds = await owner.webhookDelivery.findMany({ select: { webhookId: true } });
    expect(new Set(webhookIds.map((d) => d.webhookId)).size).toBe(6);

    expect(await markOutboxEnqueued(app, again.outboxIds)).toBe(3);
    const after = await prepareOutboxBatch(app, { limit: 100 });
    expect(after.outboxIds).toEqual([]);
  });
});
