import { describe, expect, it } from 'vitest';
import { type RecordAttemptInput, syncVendorDeliveries } from './delivery-state.ts';
import { useDispatchDatabase } from './dispatch-db.fixture.ts';

const world = useDispatchDatabase('bvg_delivery_state');

async function vendorWithDeliveries(slug: string, count: number) {
  const vendor = await world.owner.vendor.create({ data: { slug, name: slug, kind: 'BPO' } });
  const endpoint = await world.owner.webhookEndpoint.create({
    data: { vendorId: vendor.id, url: 'https://hooks.example.test/in', eventTypes: [] },
  });
  await world.owner.webhookSecret.createMany({
    data: [
      { endpointId: endpoint.id, vendorId: vendor.id, secret: 'whsec_old', expiresAt: new Date(0) },
      { endpointId: endpoint.id, vendorId: vendor.id, secret: 'whsec_live' },
    ],
  });
  const deliveries = [];
  for (let i = 0; i < count; i++) {
    deliveries.push(
      await world.owner.webhookDelivery.create({
        data: {
          webhookId: `msg_${slug}_${i}`,
          endpointId: endpoint.id,
          vendorId: vendor.id,
          eventType: 'case.assigned',
          payload: { type: 'case.assigned', data: { n: i } },
        },
      }),
    );
  }
  return { vendorId: vendor.id, deliveries };
}

const succeeded = (
  delivery: { id: string; vendorId: string; endpointId: string },
  attemptNumber: number,
): RecordAttemptInput => ({
  delivery: { ...delivery, caseId: null, eventType: 'case.assigned' },
  attemptNumber,
  startedAt: new Date(),
  url: 'https://partner.test/hooks',
  latencyMs: 12.4,
  responseStatus: 204,
  outcome: { kind: 'SUCCEEDED' },
});

describe('syncVendorDeliveries', () => {
  it("loads only the vendor's own deliveries, with the endpoint's live secrets", async () => {
    const a = await vendorWithDeliveries('loads-a', 2);
    const b = await vendorWithDeliveries('loads-b', 1);
    const ids = [...a.deliveries, ...b.deliveries].map((d) => d.id);
    const { loaded } = await syncVendorDeliveries(world.app, {
      vendorId: a.vendorId,
      record: [],
      load: ids,
    });
    expect([...loaded.keys()].sort()).toEqual(a.deliveries.map((d) => d.id).sort());
    const first = loaded.get(a.deliveries[0]!.id);
    expect(first?.secrets).toEqual(['whsec_live']);
    expect(JSON.parse(first?.body ?? '')).toEqual({ type: 'case.assigned', data: { n: 0 } });
  });

  it('records every attempt of a batch once, and a duplicate of an attempt not at all', async () => {
    const { deliveries } = await vendorWithDeliveries('records', 3);
    const [d1, d2, d3] = deliveries as [
      (typeof deliveries)[0],
      (typeof deliveries)[0],
      (typeof deliveries)[0],
    ];
    const failed: RecordAttemptInput = {
      ...succeeded(d3, 1),
      responseStatus: 500,
      error: 'HTTP_500: receiver failed',
      outcome: { kind: 'RETRYING', nextAttemptAt: new Date(Date.now() + 5000) },
    };
    const { recorded } = await syncVendorDeliveries(world.app, {
      vendorId: d1.vendorId,
      // The same attempt of d1 twice (a duplicate job) in one batch.
      record: [succeeded(d1, 1), succeeded(d2, 1), succeeded(d1, 1), failed],
      load: [],
    });
    expect(recorded).toEqual([true, true, false, true]);
    const rows = await world.owner.webhookDelivery.findMany({
      where: { id: { in: deliveries.map((d) => d.id) } },
      include: { attempts: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(d1.id)).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });
    expect(byId.get(d1.id)?.attempts).toHaveLength(1);
    expect(byId.get(d1.id)?.attempts[0]).toMatchObject({ latencyMs: 12, responseStatus: 204 });
    expect(byId.get(d3.id)).toMatchObject({ status: 'RETRYING', attemptCount: 1 });
    expect(byId.get(d3.id)?.attempts[0]).toMatchObject({
      responseStatus: 500,
      error: 'HTTP_500: receiver failed',
    });

    // Sent again later (a stall sweep): the attempt is already booked.
    const again = await syncVendorDeliveries(world.app, {
      vendorId: d2.vendorId,
      record: [succeeded(d2, 1)],
      load: [],
    });
    expect(again.recorded).toEqual([false]);
  });

  it("refuses to record one vendor's attempt in another vendor's batch", async () => {
    const a = await vendorWithDeliveries('scope-a', 1);
    const b = await vendorWithDeliveries('scope-b', 1);
    await expect(
      syncVendorDeliveries(world.app, {
        vendorId: a.vendorId,
        record: [succeeded(b.deliveries[0]!, 1)],
        load: [],
      }),
    ).rejects.toThrow(/every attempt must be of the vendor/);
  });
});
