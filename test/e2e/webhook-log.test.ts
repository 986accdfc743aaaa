// The delivery log as a partner reads it (where each attempt went, its own deliveries after a
// case moved on) and when `case.updated` is sent — with the worker's real dispatch and real
// HTTP receivers that verify every signature.
import { randomUUID } from 'node:crypto';
import { closeQuietResolvedCases } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  receiverPool,
  startDispatchHarness,
} from './dispatch-harness.ts';

let stack: TestStack;
let h: DispatchHarness;
const receivers = receiverPool();

beforeAll(async () => {
  stack = await createTestStack();
  h = await startDispatchHarness({}, stack.db);
  await stack.seed.referenceData();
}, 30_000);
afterAll(async () => {
  await h?.close();
  await receivers.closeAll();
  await stack?.close();
});

interface DeliveryNode {
  id: string;
  endpointUrl: string;
  attemptedUrl: string | null;
  attempts: { attemptNumber: number; url: string | null; responseStatus: number | null }[];
}
const DELIVERIES = `query($caseId: ID) { webhookDeliveries(first: 10, filter: { caseId: $caseId }) {
  edges { node { id endpointUrl attemptedUrl attempts { attemptNumber url responseStatus } } } } }`;

async function deliveriesOf(token: string, caseId: string) {
  return stack.graphql<{ webhookDeliveries: { edges: { node: DeliveryNode }[] } }>(
    DELIVERIES,
    { caseId },
    token,
  );
}

describe('the delivery log', { timeout: 30_000 }, () => {
  it('shows the URL each attempt went to, and the vendor keeps its deliveries after the case moves', async () => {
    const first = await receivers.start();
    const second = await receivers.start();
    const vendorA = await stack.seed.vendor();
    const vendorB = await stack.seed.vendor();
    const endpointId = await h.endpoint(vendorA.id, first);
    second.secrets.push(...first.secrets);
    const c = await stack.seed.case(vendorA.id);
    await h.assign(vendorA.id, c.id);
    await eventually(() => first.received.length === 1, { what: 'the first attempt' });
    const reader = await stack.vendorToken(vendorA, ['webhooks:read', 'webhooks:write']);
    const [delivery] = (await deliveriesOf(reader, c.id)).data!.webhookDeliveries.edges;

    // The partner points its endpoint elsewhere, then asks for the delivery again.
    const moved = await stack.graphql(
      'mutation($id: ID!, $url: String!) { updateWebhookEndpoint(endpointId: $id, url: $url) { url } }',
      { id: endpointId, url: second.url },
      reader,
    );
    expect(moved.errors).toBeUndefined();
    await stack.graphql(
      'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }',
      { id: delivery!.node.id },
      reader,
    );
    await eventually(() => second.received.length === 1, { what: 'the second attempt' });
    const log = await eventually(
      async () => {
        const node = (await deliveriesOf(reader, c.id)).data?.webhookDeliveries.edges[0]?.node;
        return node?.attempts.length === 2 ? node : undefined;
      },
      { what: 'the second attempt booked' },
    );
    expect(log.attempts).toEqual([
      { attemptNumber: 1, url: first.url, responseStatus: 204 },
      { attemptNumber: 2, url: second.url, responseStatus: 204 },
    ]);
    expect(log.attemptedUrl).toBe(second.url);
    expect(log.endpointUrl).toBe(second.url);

    // The case moves to vendor B: A still sees its own deliveries for it, B sees none of them.
    await stack.owner.case.update({ where: { id: c.id }, data: { vendorId: vendorB.id } });
    const afterMove = await deliveriesOf(reader, c.id);
    expect(afterMove.errors).toBeUndefined();
    expect(
      afterMove.data!.webhookDeliveries.edges.map((e) => e.node.attempts.map((a) => a.url)),
    ).toEqual([[first.url, second.url]]);
    const asB = await deliveriesOf(await stack.vendorToken(vendorB, ['webhooks:read']), c.id);
    expect(asB.data!.webhookDeliveries.edges).toEqual([]);
    // A case A never held, and an id that does not exist, are both NOT_FOUND, alike.
    const neverHeld = await stack.seed.case(vendorB.id);
    const onTheirs = await deliveriesOf(reader, neverHeld.id);
    const onRandom = await deliveriesOf(reader, randomUUID());
    expect(onTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(onTheirs.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(
      onRandom.errors?.map((e) => [e.message, e.extensions?.code]),
    );
  });
});

describe('case.updated', { timeout: 30_000 }, () => {
  it("reaches the holding vendor for changes made by others, never for the vendor's own", async () => {
    const receiver = await receivers.start();
    const vendor = await stack.seed.vendor();
    await h.endpoint(vendor.id, receiver, ['case.updated']);
    const c = await stack.seed.case(vendor.id, { status: 'ACCEPTED' });
    const token = await stack.vendorToken(vendor);
    const intake = await stack.internalToken(['intake'], 'in-app-feedback');
    const work = async (mutation: string, input: Record<string, unknown>) => {
      const { version } = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
      const res = await stack.graphql(
        `mutation($i: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { status } }`,
        { i: { caseId: c.id, version, ...input } },
        token,
      );
      expect(res.errors).toBeUndefined();
    };
    const updates = () => receiver.received.filter((r) => r.payload.type === 'case.updated');

    // The vendor's own changes: responding and resolving.
    await work('recordResponse', {});
    await work('resolveCase', { resolutionCode: 'FIXED', firstContactResolution: true });
    // The platform: the user wrote back.
    const { externalRef } = await stack.owner.case.findUniqueOrThrow({ where: { id: c.id } });
    const reopened = await stack.graphql(
      'mutation($ref: String!) { reopenCase(source: "test", externalRef: $ref, reason: "user replied") { status } }',
      { ref: externalRef },
      intake,
    );
    expect(reopened.errors).toBeUndefined();
    await eventually(() => updates().length === 1, { what: 'case.updated for the reopen' });
    // The vendor works it again, then a timer closes it after the quiet period.
    await work('recordResponse', {});
    await work('resolveCase', { resolutionCode: 'FIXED', firstContactResolution: false });
    await closeQuietResolvedCases(stack.owner, {
      now: new Date(Date.now() + 30 * 86_400_000),
      quietMs: 7 * 86_400_000,
    });
    await eventually(() => updates().length === 2, { what: 'case.updated for the close' });

    expect(updates().every((r) => r.verified)).toBe(true);
    expect(
      updates()
        .map((r) => r.payload.data.status)
        .sort(),
    ).toEqual(['CLOSED', 'REOPENED']);
    // Nothing else is on its way: the only case.updated messages written are those two.
    const written = await stack.owner.outboxMessage.findMany({
      where: { caseId: c.id, topic: 'webhook.case.updated' },
    });
    expect(
      written.map((m) => (m.payload as { data: { status: string } }).data.status).sort(),
    ).toEqual(['CLOSED', 'REOPENED']);
  });
});
