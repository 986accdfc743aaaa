import { systemScope, withScope } from '@bvg/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  receiverPool,
  startDispatchHarness,
} from './dispatch-harness.ts';

let fast: DispatchHarness;
let guarded: DispatchHarness;
const receivers = receiverPool();
const receiver = receivers.start;

beforeAll(async () => {
  // The whole eight-attempt schedule in about a second; three in flight per vendor.
  fast = await startDispatchHarness({
    WEBHOOK_RETRY_SCALE: '0.00002',
    WEBHOOK_VENDOR_CONCURRENCY: '3',
    WEBHOOK_TIMEOUT_MS: '20000',
  });
  // No development allowlist: loopback is refused like any private address.
  guarded = await startDispatchHarness({ EGRESS_ALLOWLIST: '', WEBHOOK_RETRY_SCALE: '0.00002' });
}, 30_000);
afterAll(async () => {
  await fast?.close();
  await guarded?.close();
  await receivers.closeAll();
});

const deliveryOf = (h: DispatchHarness, outboxId: bigint) =>
  withScope(h.app, systemScope('test'), (tx) =>
    tx.webhookDelivery.findFirst({ where: { outboxId }, include: { attempts: true } }),
  );

describe('dispatch policies', { timeout: 30_000 }, () => {
  it('exhausts after the schedule, alerts, and asks for the case to be re-routed', async () => {
    const vendor = await fast.vendor();
    const r = await receiver();
    r.respond = () => ({ status: 503 });
    await fast.endpoint(vendor, r);
    const outboxId = await fast.assign(vendor);
    const delivery = await eventually(
      async () => {
        const d = await deliveryOf(fast, outboxId);
        return d?.status === 'EXHAUSTED' && d;
      },
      { timeoutMs: 20_000, what: 'exhaustion' },
    );
    expect(delivery.attempts).toHaveLength(8);
    expect(new Set(r.received.map((x) => x.webhookId))).toEqual(new Set([delivery.webhookId]));
    expect(
      await fast.owner.alert.count({ where: { vendorId: vendor, kind: 'DELIVERY_EXHAUSTED' } }),
    ).toBe(1);
    const reroute = await fast.owner.outboxMessage.findFirstOrThrow({
      where: { topic: 'case.reroute', caseId: delivery.caseId },
    });
    expect(reroute.payload).toEqual({
      caseId: delivery.caseId,
      excludeVendorId: vendor,
      reason: 'DELIVERY_EXHAUSTED',
    });
    // The relay hands it on and marks it, so it does not sit in the outbox.
    await eventually(
      async () =>
        (await fast.owner.outboxMessage.findUnique({ where: { id: reroute.id } }))?.status ===
        'ENQUEUED',
    );
  });

  it('a slow vendor holds at most its limit of deliveries and does not hold up another vendor', async () => {
    const slowVendor = await fast.vendor();
    const quickVendor = await fast.vendor();
    const slow = await receiver();
    const quick = await receiver();
    // The slow receiver keeps every request open until the test lets go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let open = 0;
    let maxOpen = 0;
    slow.respond = async () => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      await released;
      open -= 1;
      return { status: 200 };
    };
    await fast.endpoint(slowVendor, slow);
    await fast.endpoint(quickVendor, quick);
    for (let i = 0; i < 20; i++) await fast.assign(slowVendor);
    await eventually(() => open === 3, { what: 'the slow vendor to fill its slots' });
    for (let i = 0; i < 20; i++) await fast.assign(quickVendor);
    // Every message of the quick vendor arrives while the slow one's are still parked.
    await eventually(() => quick.received.length === 20, { what: 'the quick vendor' });
    expect(open).toBe(3);
    expect(slow.received).toHaveLength(3);
    release();
    await eventually(() => slow.received.length === 20, { what: 'the slow vendor' });
    expect(maxOpen).toBe(3);
  });

  it('refuses loopback when it is not allowlisted: nothing connects, the attempt records why', async () => {
    const vendor = await guarded.vendor();
    const r = await receiver();
    await guarded.endpoint(vendor, r);
    const outboxId = await guarded.assign(vendor);
    const delivery = await eventually(async () => {
      const d = await deliveryOf(guarded, outboxId);
      return d?.attempts.length ? d : undefined;
    });
    expect(delivery.attempts[0]?.error).toMatch(/EGRESS_BLOCKED.*loopback/);
    expect(delivery.attempts[0]?.responseStatus).toBeNull();
    expect(r.received).toHaveLength(0);
  });
});
