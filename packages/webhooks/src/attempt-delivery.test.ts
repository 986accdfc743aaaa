import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptDelivery } from './attempt-delivery.ts';
import { createEgressClient } from './egress-client.ts';
import { generateWebhookSecret } from './sign-webhook.ts';
import { type ReceiverHandler, startReceiver } from './test-support/http-receiver.ts';
import { buildThinPayload } from './thin-payload.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(handler: ReceiverHandler, timeoutMs = 2_000) {
  const target = await startReceiver(handler);
  const client = createEgressClient({
    allowlist: ['127.0.0.1'],
    timeoutMs,
    maxResponseBytes: 256,
    userAgent: 'bvg-webhooks-test/1',
  });
  cleanups.push(
    () => target.close(),
    () => client.close(),
  );
  return { target, client };
}

const secret = generateWebhookSecret();
const body = JSON.stringify(
  buildThinPayload('case.assigned', { caseId: 'case_1', vendorId: 'vendor_1', version: 1 }),
);

describe('attemptDelivery against a real receiver', () => {
  it('delivers a message that verifies, and records the success', async () => {
    const { target, client } = await setup((_request, res) => res.writeHead(200).end('thanks'));

    const attempt = await attemptDelivery(client, {
      url: `${target.origin}/hooks`,
      secret,
      id: 'msg_1',
      body,
    });

    expect(attempt).toMatchObject({
      classification: { outcome: 'SUCCESS' },
      status: 200,
      responseBody: 'thanks',
    });
    expect(attempt.latencyMs).toBeGreaterThan(0);
    const received = target.requests[0];
    const headers = {
      'webhook-id': String(received?.headers['webhook-id']),
      'webhook-timestamp': String(received?.headers['webhook-timestamp']),
      'webhook-signature': String(received?.headers['webhook-signature']),
    };
    expect(new Webhook(secret).verify(received?.body ?? '', headers)).toEqual(JSON.parse(body));
  });

  it('keeps the webhook-id across attempts and signs each with its own time', async () => {
    const { target, client } = await setup((_request, res) => res.writeHead(503).end());
    const message = { url: `${target.origin}/`, secret, id: 'msg_stable', body };

    const first = await attemptDelivery(client, message, () => new Date('2025-06-02T10:00:00Z'));
    const second = await attemptDelivery(client, message, () => new Date('2025-06-02T10:00:05Z'));

    expect(first.classification).toEqual({ outcome: 'RETRY' });
    expect(second.classification).toEqual({ outcome: 'RETRY' });
    expect(target.requests.map((r) => r.headers['webhook-id'])).toEqual([
      'msg_stable',
      'msg_stable',
    ]);
    expect(target.requests.map((r) => r.headers['webhook-timestamp'])).toEqual([
      '1748858400',
      '1748858405',
    ]);
  });

  it('410 from the receiver disables the endpoint', async () => {
    const { target, client } = await setup((_request, res) => res.writeHead(410).end());

    const attempt = await attemptDelivery(client, { url: target.origin, secret, id: 'm', body });

    expect(attempt).toMatchObject({ classification: { outcome: 'DISABLE_ENDPOINT' }, status: 410 });
  });

  it('429 with Retry-After asks for a later retry', async () => {
    const { target, client } = await setup((_request, res) =>
      res.writeHead(429, { 'Retry-After': '90' }).end(),
    );

    const attempt = await attemptDelivery(client, { url: target.origin, secret, id: 'm', body });

    expect(attempt.classification).toEqual({ outcome: 'RETRY', retryAfterMs: 90_000 });
  });

  it('500 is retried, with the start of the answer kept for the delivery log', async () => {
    const { target, client } = await setup((_request, res) =>
      res.writeHead(500).end(`boom ${'.'.repeat(10_000)}`),
    );

    const attempt = await attemptDelivery(client, { url: target.origin, secret, id: 'm', body });

    expect(attempt.classification).toEqual({ outcome: 'RETRY' });
    expect(attempt.status).toBe(500);
    expect(attempt.responseBody).toHaveLength(256);
    expect(attempt.responseBody?.startsWith('boom')).toBe(true);
  });

  it('a receiver that never answers is a timed-out attempt to retry', async () => {
    const { target, client } = await setup(() => {}, 100);

    const attempt = await attemptDelivery(client, { url: target.origin, secret, id: 'm', body });

    expect(attempt.classification).toEqual({ outcome: 'RETRY' });
    expect(attempt.status).toBeUndefined();
    expect(attempt.error?.code).toBe('EGRESS_TIMEOUT');
  });

  it('a blocked destination is recorded with its reason and nothing is sent', async () => {
    const { target } = await setup(() => {});
    const guarded = createEgressClient({ timeoutMs: 1_000, maxResponseBytes: 256, userAgent: 'x' });
    cleanups.push(() => guarded.close());

    const attempt = await attemptDelivery(guarded, { url: target.origin, secret, id: 'm', body });

    expect(attempt.error?.code).toBe('EGRESS_BLOCKED');
    expect(attempt.error?.message).toContain('loopback');
    expect(target.connections).toBe(0);
  });
});
