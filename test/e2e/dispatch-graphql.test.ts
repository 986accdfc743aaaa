import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  type Receiver,
  startDispatchHarness,
  startVerifyingReceiver,
} from './dispatch-harness.ts';

let stack: TestStack;
let h: DispatchHarness;
let r: Receiver;
let vendorA: { id: string; clientId: string };
let vendorB: { id: string; clientId: string };
let caseA: string;

const DELIVERIES = `query($caseId: ID) { webhookDeliveries(first: 10, filter: { caseId: $caseId }) {
  edges { node { id webhookId vendorId status attemptCount attempts { attemptNumber responseStatus } } } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id webhookId status } }`;

beforeAll(async () => {
  // Production's webhook URL policy: https only, no private addresses.
  stack = await createTestStack({ EGRESS_ALLOWLIST: '', WEBHOOK_REQUIRE_HTTPS: 'true' });
  h = await startDispatchHarness({}, stack.db);
  r = await startVerifyingReceiver();
  await stack.seed.referenceData();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  await h.endpoint(vendorA.id, r);
  caseA = (await stack.seed.case(vendorA.id)).id;
  await h.assign(vendorA.id, caseA);
  await eventually(() => r.received.length === 1, { what: 'the first delivery' });
}, 30_000);
afterAll(async () => {
  await h?.close();
  await r?.close();
  await stack?.close();
});

describe('webhook deliveries through GraphQL', { timeout: 20_000 }, () => {
  it('shows a vendor its own deliveries with their attempts, and another vendor nothing', async () => {
    const mine = await stack.graphql<{
      webhookDeliveries: { edges: { node: { vendorId: string; attempts: unknown[] } }[] };
    }>(DELIVERIES, { caseId: caseA }, await stack.vendorToken(vendorA, ['webhooks:read']));
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.webhookDeliveries.edges).toHaveLength(1);
    expect(mine.data?.webhookDeliveries.edges[0]?.node.attempts).toEqual([
      { attemptNumber: 1, responseStatus: 204 },
    ]);
    const theirs = await stack.graphql<{ webhookDeliveries: { edges: unknown[] } }>(
      DELIVERIES,
      {},
      await stack.vendorToken(vendorB, ['webhooks:read']),
    );
    expect(theirs.data?.webhookDeliveries.edges).toEqual([]);
    const byCase = await stack.graphql(
      DELIVERIES,
      { caseId: caseA },
      await stack.vendorToken(vendorB, ['webhooks:read']),
    );
    expect(byCase.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('redelivers with the same webhook-id; another vendor gets NOT_FOUND', async () => {
    const list = await stack.graphql<{
      webhookDeliveries: { edges: { node: { id: string; webhookId: string } }[] };
    }>(DELIVERIES, {}, await stack.vendorToken(vendorA, ['webhooks:read']));
    const delivery = list.data!.webhookDeliveries.edges[0]!.node;
    const denied = await stack.graphql(
      REDELIVER,
      { id: delivery.id },
      await stack.vendorToken(vendorB, ['webhooks:write']),
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const readOnly = await stack.graphql(
      REDELIVER,
      { id: delivery.id },
      await stack.vendorToken(vendorA, ['webhooks:read']),
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const before = r.received.length;
    const again = await stack.graphql(
      REDELIVER,
      { id: delivery.id },
      await stack.vendorToken(vendorA, ['webhooks:write', 'webhooks:read']),
    );
    expect(again.errors).toBeUndefined();
    await eventually(() => r.received.length === before + 1, { what: 'the redelivery' });
    expect(r.received.at(-1)?.webhookId).toBe(delivery.webhookId);
    expect(r.received.at(-1)?.verified).toBe(true);
    expect(
      await stack.owner.auditEvent.count({
        where: { action: 'webhook_delivery.redeliver', targetId: delivery.id },
      }),
    ).toBe(1);
  });

  it('ops registers endpoints and rotates secrets; loopback and plain http are refused under the production policy', async () => {
    const ops = await stack.internalToken(['ops']);
    const refused = await stack.graphql(
      `mutation($v: ID!) { createWebhookEndpoint(vendorId: $v, url: "http://127.0.0.1:9/x") { secret } }`,
      { v: vendorB.id },
      ops,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      ((refused.errors?.[0]?.extensions?.problems ?? []) as { message: string }[]).map(
        (p) => p.message,
      ),
    ).toEqual(['must use https', 'must not point at a private, loopback or metadata address']);
    const created = await stack.graphql<{
      createWebhookEndpoint: { secret: string; endpoint: { id: string; eventTypes: string[] } };
    }>(
      `mutation($v: ID!) { createWebhookEndpoint(vendorId: $v, url: "https://hooks.example.com/bvg", eventTypes: ["case.assigned"]) { secret endpoint { id eventTypes } } }`,
      { v: vendorB.id },
      ops,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createWebhookEndpoint.secret).toMatch(/^whsec_/);
    const endpointId = created.data!.createWebhookEndpoint.endpoint.id;
    const rotated = await stack.graphql<{
      rotateWebhookSecret: { secret: string; endpoint: { secretExpiries: (string | null)[] } };
    }>(
      `mutation($e: ID!) { rotateWebhookSecret(endpointId: $e, overlapHours: 2) { secret endpoint { secretExpiries } } }`,
      { e: endpointId },
      ops,
    );
    expect(rotated.data?.rotateWebhookSecret.secret).not.toBe(
      created.data?.createWebhookEndpoint.secret,
    );
    // Two secrets sign during the overlap: the new one (no end) and the old one (ends in 2 h).
    expect(rotated.data?.rotateWebhookSecret.endpoint.secretExpiries).toHaveLength(2);
    expect(rotated.data?.rotateWebhookSecret.endpoint.secretExpiries[0]).toBeNull();
    // Vendor A cannot see or rotate vendor B's endpoint.
    const tokenA = await stack.vendorToken(vendorA, ['webhooks:write', 'webhooks:read']);
    const steal = await stack.graphql(
      `mutation($e: ID!) { rotateWebhookSecret(endpointId: $e) { secret } }`,
      { e: endpointId },
      tokenA,
    );
    expect(steal.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listA = await stack.graphql<{ webhookEndpoints: { id: string }[] }>(
      `{ webhookEndpoints { id } }`,
      {},
      tokenA,
    );
    expect(listA.data?.webhookEndpoints.map((e) => e.id)).not.toContain(endpointId);
    expect(
      await stack.owner.auditEvent.count({
        where: { targetId: endpointId, action: { startsWith: 'webhook_' } },
      }),
    ).toBe(2);
  });
});
