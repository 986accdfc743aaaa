// `sendTestWebhook`: a partner (or ops) asks for a `webhook.test` event, and a real HTTP
// receiver gets it signed the Standard Webhooks way, verified with the `standardwebhooks`
// package, through the same outbox, relay and dispatch as every event, and it is in the log.
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

const SEND = `mutation($e: ID!) { sendTestWebhook(endpointId: $e) { webhookId endpointId eventType } }`;
const LOG = `{ webhookDeliveries(first: 20) { edges { node {
  webhookId endpointId endpointUrl eventType caseId status payload attempts { attemptNumber responseStatus } } } } }`;

type Sent = { sendTestWebhook: { webhookId: string; endpointId: string; eventType: string } };
type LogNode = {
  webhookId: string;
  endpointId: string;
  eventType: string;
  caseId: string | null;
  status: string;
  payload: { type: string; data: Record<string, unknown> };
  attempts: { attemptNumber: number; responseStatus: number | null }[];
};
type Log = { webhookDeliveries: { edges: { node: LogNode }[] } };

beforeAll(async () => {
  stack = await createTestStack();
  h = await startDispatchHarness({}, stack.db);
}, 30_000);
afterAll(async () => {
  await h?.close();
  await receivers.closeAll();
  await stack?.close();
});

describe('webhook test event', { timeout: 30_000 }, () => {
  it('arrives signed at the endpoint named, whatever it subscribes to, and is in the delivery log', async () => {
    const vendor = await stack.seed.vendor();
    const receiver = await receivers.start();
    const other = await receivers.start();
    // Subscribed to offers only; the test event goes to it all the same, and only to it.
    const endpointId = await h.endpoint(vendor.id, receiver, ['case.assigned']);
    await h.endpoint(vendor.id, other);
    const token = await stack.vendorToken(vendor, ['webhooks:write', 'webhooks:read']);

    const sent = await stack.graphql<Sent>(SEND, { e: endpointId }, token);
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendTestWebhook).toMatchObject({ endpointId, eventType: 'webhook.test' });
    const webhookId = sent.data!.sendTestWebhook.webhookId;

    const arrived = await eventually(
      () => receiver.received.find((r) => r.webhookId === webhookId),
      {
        what: 'the test event at the receiver',
      },
    );
    expect(arrived.verified).toBe(true);
    expect(arrived.payload).toMatchObject({
      type: 'webhook.test',
      data: { endpointId, vendorId: vendor.id },
    });
    expect(other.received).toEqual([]);

    const logged = await eventually(
      async () => {
        const log = await stack.graphql<Log>(LOG, {}, token);
        const node = log.data?.webhookDeliveries.edges.find((e) => e.node.webhookId === webhookId);
        return node?.node.status === 'SUCCEEDED' ? node.node : undefined;
      },
      { what: 'the delivery in the log' },
    );
    expect(logged).toMatchObject({
      endpointId,
      eventType: 'webhook.test',
      caseId: null,
      attempts: [{ attemptNumber: 1, responseStatus: 204 }],
    });
    // One delivery only: the other endpoint of the vendor got no test event.
    expect(
      await stack.owner.webhookDelivery.count({
        where: { vendorId: vendor.id, eventType: 'webhook.test' },
      }),
    ).toBe(1);
    expect(
      await stack.owner.auditEvent.count({
        where: { action: 'webhook_endpoint.test', targetId: endpointId },
      }),
    ).toBe(1);
  });

  it('is retried like any event when the receiver fails, with the same webhook-id', async () => {
    const vendor = await stack.seed.vendor();
    const receiver = await receivers.start();
    receiver.respond = (count) => ({ status: count === 0 ? 503 : 204 });
    const endpointId = await h.endpoint(vendor.id, receiver);
    // Ops may test any vendor's endpoint.
    const sent = await stack.graphql<Sent>(
      SEND,
      { e: endpointId },
      await stack.internalToken(['ops']),
    );
    expect(sent.errors).toBeUndefined();
    const webhookId = sent.data!.sendTestWebhook.webhookId;
    await eventually(() => receiver.received.length === 2, { what: 'the retry' });
    expect(receiver.received.map((r) => [r.webhookId, r.verified])).toEqual([
      [webhookId, true],
      [webhookId, true],
    ]);
  });

  it("refuses another vendor's endpoint, a token without webhooks:write and a disabled endpoint, sending nothing", async () => {
    const vendor = await stack.seed.vendor();
    const stranger = await stack.seed.vendor();
    const receiver = await receivers.start();
    const endpointId = await h.endpoint(vendor.id, receiver);
    const outboxBefore = await stack.owner.outboxMessage.count({
      where: { topic: 'webhook.test', vendorId: vendor.id },
    });

    const foreign = await stack.graphql(SEND, { e: endpointId }, await stack.vendorToken(stranger));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await stack.graphql(SEND, { e: 'not-an-id' }, await stack.vendorToken(vendor));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const readOnly = await stack.graphql(
      SEND,
      { e: endpointId },
      await stack.vendorToken(vendor, ['webhooks:read']),
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await stack.owner.webhookEndpoint.update({
      where: { id: endpointId },
      data: { active: false, disabledAt: new Date(), disabledReason: 'test' },
    });
    const disabled = await stack.graphql(SEND, { e: endpointId }, await stack.vendorToken(vendor));
    expect(disabled.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(disabled.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: 'endpointId' }),
    ]);

    expect(
      await stack.owner.outboxMessage.count({
        where: { topic: 'webhook.test', vendorId: vendor.id },
      }),
    ).toBe(outboxBefore);
    expect(receiver.received).toEqual([]);
  });
});
