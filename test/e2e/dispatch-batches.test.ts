// First attempts travel as one BullMQ job per vendor per relay pass. These specs drive the
// relay and the sweep by hand (nothing runs on its own until `consume`) to show what the batch
// index and row-level security guarantee about them.
import { dispatchJobId, findStalledDeliveries } from '@bvg/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  receiverPool,
  startDispatchHarness,
} from './dispatch-harness.ts';

let h: DispatchHarness;
const receivers = receiverPool();
const receiver = receivers.start;

beforeEach(async () => {
  // Every delivery not yet attempted counts as stalled at once, so the sweep looks at all of
  // them; three deliveries per vendor at once.
  h = await startDispatchHarness(
    { RELAY_STALL_MS: '0', WEBHOOK_VENDOR_CONCURRENCY: '3' },
    undefined,
    { running: false },
  );
});
afterEach(async () => {
  await h?.close();
  await receivers.closeAll();
});

const pendingDeliveries = (vendorId: string) =>
  h.owner.webhookDelivery.findMany({ where: { vendorId }, orderBy: { createdAt: 'asc' } });

describe('batched first attempts', { timeout: 20_000 }, () => {
  it('the sweep leaves deliveries waiting in their batch job alone and re-queues them once it is lost', async () => {
    const vendor = await h.vendor();
    const r = await receiver();
    await h.endpoint(vendor, r);
    for (let i = 0; i < 3; i++) await h.assign(vendor);
    await h.dispatch.relay.relayOnce();

    const deliveries = await pendingDeliveries(vendor);
    expect(deliveries).toHaveLength(3);
    const [batch, ...others] = await h.dispatch.queue.getJobs(['wait']);
    expect(others).toHaveLength(0);
    expect(batch?.name).toBe('deliver-batch');
    expect(new Set(batch?.data.deliveryIds)).toEqual(new Set(deliveries.map((d) => d.id)));

    // They are overdue in the database's eyes, yet held by a live job: nothing to re-queue.
    const overdue = await eventually(async () => {
      const found = await findStalledDeliveries(h.app, { dueBefore: new Date(), limit: 100 });
      return found.filter((s) => s.vendorId === vendor).length === 3 && found;
    });
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(await h.dispatch.relay.sweepOnce()).toBe(0);
    expect(await h.dispatch.queue.getJobCounts('wait')).toEqual({ wait: 1 });

    // The batch job is lost (as when Redis forgets it): the sweep queues each delivery alone.
    await h.dispatch.queue.remove(batch!.id!);
    expect(await h.dispatch.relay.sweepOnce()).toBe(3);
    for (const d of deliveries) {
      const job = await h.dispatch.queue.getJob(dispatchJobId({ deliveryId: d.id, attempt: 1 }));
      expect(job?.name).toBe('deliver-attempt');
    }

    h.consume();
    await eventually(() => r.received.length === 3, { what: 'three webhooks' });
    expect(new Set(r.received.map((x) => x.webhookId))).toEqual(
      new Set(deliveries.map((d) => d.webhookId)),
    );
    expect(r.received.every((x) => x.verified)).toBe(true);
  });

  it('the sweep reads past a backlog older than its page to find a lost delivery behind it', async () => {
    // A page of two: the five deliveries of a live batch fill the first pages.
    await h.close();
    h = await startDispatchHarness({ RELAY_STALL_MS: '0', RELAY_SWEEP_PAGE: '2' }, undefined, {
      running: false,
    });
    const [backlogged, lost] = [await h.vendor(), await h.vendor()];
    const r = await receiver();
    await h.endpoint(backlogged, await receiver());
    await h.endpoint(lost, r);
    for (let i = 0; i < 5; i++) await h.assign(backlogged);
    await h.dispatch.relay.relayOnce();
    await h.assign(lost);
    await h.dispatch.relay.relayOnce();
    const [lostDelivery] = await pendingDeliveries(lost);
    const lostBatch = (await h.dispatch.queue.getJobs(['wait'])).find(
      (job) => job.data.vendorId === lost,
    );
    await h.dispatch.queue.remove(lostBatch!.id!);

    expect(await h.dispatch.relay.sweepOnce()).toBe(1);
    const requeued = await h.dispatch.queue.getJob(
      dispatchJobId({ deliveryId: lostDelivery!.id, attempt: 1 }),
    );
    expect(requeued?.data.vendorId).toBe(lost);
    h.consume();
    await eventually(() => r.received.length === 1, { what: 'the lost webhook' });
    expect(r.received[0]?.webhookId).toBe(lostDelivery?.webhookId);
  });

  it("a batch job naming another vendor's delivery sends only its own vendor's, each once", async () => {
    const [mine, theirs] = [await h.vendor(), await h.vendor()];
    const [myReceiver, theirReceiver] = [await receiver(), await receiver()];
    await h.endpoint(mine, myReceiver);
    await h.endpoint(theirs, theirReceiver);
    await h.assign(mine);
    await h.assign(mine);
    await h.assign(theirs);
    await h.dispatch.relay.relayOnce();
    // Only the crafted job below will run.
    await h.dispatch.queue.drain();
    const [own, foreign] = [await pendingDeliveries(mine), await pendingDeliveries(theirs)];
    const crafted = await h.dispatch.queue.add(
      'deliver-batch',
      // One of its own twice as well: a buggy producer must not make it post twice.
      { vendorId: mine, deliveryIds: [...own.map((d) => d.id), own[0]!.id, foreign[0]!.id] },
      { jobId: 'crafted' },
    );

    h.consume();
    await eventually(async () => (await crafted.getState()) === 'completed', {
      what: 'the crafted job',
    });
    const done = await h.dispatch.queue.getJob('crafted');
    // Read as `mine`, the other vendor's delivery does not exist.
    expect(done?.returnvalue).toEqual({ SUCCEEDED: 2, SKIPPED_MISSING: 1 });
    expect(myReceiver.received).toHaveLength(2);
    expect(theirReceiver.received).toHaveLength(0);
    const untouched = await h.owner.webhookDelivery.findUniqueOrThrow({
      where: { id: foreign[0]!.id },
    });
    expect(untouched).toMatchObject({ status: 'PENDING', attemptCount: 0 });
  });
});

describe('a worker shutting down mid-batch', { timeout: 20_000 }, () => {
  it('finishes the deliveries it started and hands the rest to another worker at once', async () => {
    const vendor = await h.vendor();
    const slow = await receiver();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let open = 0;
    slow.respond = async () => {
      open += 1;
      await released;
      return { status: 200 };
    };
    await h.endpoint(vendor, slow);
    for (let i = 0; i < 10; i++) await h.assign(vendor);
    await h.dispatch.relay.relayOnce();
    const [batch] = await h.dispatch.queue.getJobs(['wait']);
    h.consume();
    // The harness allows three deliveries per vendor at once.
    await eventually(() => open === 3, { what: 'three deliveries in flight' });

    const stopping = h.stopConsuming();
    release();
    await stopping;
    expect(slow.received).toHaveLength(3);
    const handedOver = await h.dispatch.queue.getJob(batch!.id!);
    expect(['delayed', 'waiting']).toContain(await handedOver?.getState());
    const rest: string[] = handedOver?.data.deliveryIds;
    expect(rest).toHaveLength(7);
    const attempted = await h.owner.webhookDelivery.findMany({
      where: { vendorId: vendor, attemptCount: { gt: 0 } },
    });
    expect(attempted).toHaveLength(3);
    expect(rest.some((id) => attempted.some((d) => d.id === id))).toBe(false);

    // Another worker on the same queue takes the rest.
    const next = await startDispatchHarness(
      { QUEUE_PREFIX: h.prefix, WEBHOOK_VENDOR_CONCURRENCY: '3' },
      h.db,
      { running: false },
    );
    try {
      next.consume();
      await eventually(() => slow.received.length === 10, { what: 'the other seven' });
      expect(new Set(slow.received.map((x) => x.webhookId)).size).toBe(10);
    } finally {
      await next.close();
    }
  });
});
