import { systemScope, withScope } from '@bvg/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  receiverPool,
  startDispatchHarness,
} from './dispatch-harness.ts';

let h: DispatchHarness;
const receivers = receiverPool();
const receiver = receivers.start;

beforeAll(async () => {
  h = await startDispatchHarness();
});
afterAll(async () => {
  await h?.close();
  await receivers.closeAll();
});

const deliveriesOf = (outboxId: bigint) =>
  withScope(h.app, systemScope('test'), (tx) =>
    tx.webhookDelivery.findMany({ where: { outboxId }, include: { attempts: true } }),
  );

describe('outbox → relay → signed webhook', { timeout: 20_000 }, () => {
  it('delivers case.assigned, verifiable with the standardwebhooks library, and marks the row', async () => {
    const vendor = await h.vendor();
    const r = await receiver();
    await h.endpoint(vendor, r);
    const outboxId = await h.assign(vendor);

    const [got] = await eventually(() => r.received.length === 1 && r.received, {
      what: 'the webhook',
    });
    expect(got?.verified).toBe(true);
    expect(got?.payload.type).toBe('case.assigned');
    expect(got?.payload.data.vendorId).toBe(vendor);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(outboxId);
      return rows[0]?.status === 'SUCCEEDED' && rows;
    });
    expect(delivery?.webhookId).toBe(got?.webhookId);
    expect(delivery?.attempts).toHaveLength(1);
    expect(delivery?.attempts[0]?.responseStatus).toBe(204);
    const row = await h.owner.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row.status).toBe('ENQUEUED');
  });

  it('sends only the event types an endpoint subscribed to, to every such endpoint', async () => {
    const vendor = await h.vendor();
    const all = await receiver();
    const recalls = await receiver();
    await h.endpoint(vendor, all);
    await h.endpoint(vendor, recalls, ['case.recalled']);
    const outboxId = await h.assign(vendor);
    await eventually(async () => (await deliveriesOf(outboxId))[0]?.status === 'SUCCEEDED');
    expect(all.received).toHaveLength(1);
    expect(recalls.received).toHaveLength(0);
  });

  it('keeps the webhook-id across retries: 500, 500, then 200', async () => {
    const vendor = await h.vendor();
    const r = await receiver();
    r.respond = (count) => ({ status: count < 2 ? 500 : 200 });
    await h.endpoint(vendor, r);
    const outboxId = await h.assign(vendor);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(outboxId);
      return rows[0]?.status === 'SUCCEEDED' && rows;
    });
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.webhookId))).toEqual(new Set([delivery?.webhookId]));
    expect(r.received.every((x) => x.verified)).toBe(true);
    expect(delivery?.attempts.map((a) => a.responseStatus).sort()).toEqual([200, 500, 500]);
  });

  it("honours a 429's Retry-After before the next attempt", async () => {
    const vendor = await h.vendor();
    const r = await receiver();
    r.respond = (count) =>
      count === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    await h.endpoint(vendor, r);
    const outboxId = await h.assign(vendor);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(outboxId);
      return rows[0]?.status === 'SUCCEEDED' && rows;
    });
    const [first, second] = [...(delivery?.attempts ?? [])].sort(
      (a, b) => a.attemptNumber - b.attemptNumber,
    );
    expect(first?.responseStatus).toBe(429);
    // The compressed schedule alone would retry after ~5 ms; Retry-After asked for 1 s.
    expect(second!.startedAt.getTime() - first!.startedAt.getTime()).toBeGreaterThanOrEqual(990);
  });

  it('does not follow a redirect: a 302 is a failed attempt', async () => {
    const vendor = await h.vendor();
    const target = await receiver();
    const r = await receiver();
    r.respond = (count) =>
      count === 0 ? { status: 302, headers: { location: target.url } } : { status: 200 };
    await h.endpoint(vendor, r);
    const outboxId = await h.assign(vendor);
    const [delivery] = await eventually(async () => {
      const rows = await deliveriesOf(outboxId);
      return rows[0]?.status === 'SUCCEEDED' && rows;
    });
    expect(target.received).toHaveLength(0);
    expect(delivery?.attempts.map((a) => a.responseStatus).sort()).toEqual([200, 302]);
  });

  it('disables the endpoint on 410, raises an alert and stops', async () => {
    const vendor = await h.vendor();
    const r = await receiver();
    r.respond = () => ({ status: 410 });
    const endpointId = await h.endpoint(vendor, r);
    const outboxId = await h.assign(vendor);
    await eventually(async () => (await deliveriesOf(outboxId))[0]?.status === 'ENDPOINT_DISABLED');
    const endpoint = await h.owner.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(endpoint.active).toBe(false);
    expect(endpoint.disabledReason).toMatch(/410/);
    expect(
      await h.owner.alert.count({ where: { vendorId: vendor, kind: 'ENDPOINT_DISABLED' } }),
    ).toBe(1);
    // Later messages to that vendor make no delivery to the disabled endpoint.
    const later = await h.assign(vendor);
    await eventually(
      async () =>
        (await h.owner.outboxMessage.findUnique({ where: { id: later } }))?.status === 'ENQUEUED',
    );
    expect(await deliveriesOf(later)).toHaveLength(0);
    expect(r.received).toHaveLength(1);
  });
});
