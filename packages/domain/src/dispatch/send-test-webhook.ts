import type { PrismaClient } from '@bvg/db';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, validationError } from '../shared/domain-error.ts';
import { OutboxTopic, WEBHOOK_TEST_EVENT_TYPE, webhookIdFor } from './topics.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TestWebhookSent {
  /** The `webhook-id` the test event carries, and its delivery in the log. */
  webhookId: string;
  endpointId: string;
  eventType: typeof WEBHOOK_TEST_EVENT_TYPE;
}

/**
 * Queues a signed `webhook.test` event to one endpoint through the outbox, so it travels the
 * path every event does (relay, dispatch, retries, the delivery log). A vendor tests its own
 * endpoints only (another's is NOT_FOUND); a disabled endpoint is refused, as nothing is sent
 * to it.
 */
export async function sendTestWebhook(
  prisma: PrismaClient,
  actor: Actor,
  input: { endpointId: string; requestId?: string | null },
): Promise<TestWebhookSent> {
  if (!UUID.test(input.endpointId)) throw new DomainError('NOT_FOUND', 'Not found');
  return withActorScope(prisma, actor, 'send a test webhook', async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({
      where: { id: input.endpointId },
      select: { id: true, vendorId: true, active: true },
    });
    if (!endpoint) throw new DomainError('NOT_FOUND', 'Not found');
    if (!endpoint.active) {
      throw validationError([
        {
          path: 'endpointId',
          message: 'the endpoint is disabled: re-enable it (updateWebhookEndpoint active: true)',
        },
      ]);
    }
    // The outbox id is taken first because a vendor may append to the outbox but not read it
    // back (no RETURNING); the webhook-id derives from it.
    const [next] = await tx.$queryRaw<{ id: string }[]>`
      SELECT nextval(pg_get_serial_sequence('"OutboxMessage"', 'id'))::text AS id`;
    const outboxId = BigInt(next!.id);
    await tx.outboxMessage.createMany({
      data: [
        {
          id: outboxId,
          topic: OutboxTopic.WebhookTest,
          vendorId: endpoint.vendorId,
          caseId: null,
          payload: {
            type: WEBHOOK_TEST_EVENT_TYPE,
            data: { endpointId: endpoint.id, vendorId: endpoint.vendorId },
          },
        },
      ],
    });
    const webhookId = webhookIdFor(outboxId, endpoint.id);
    await recordAuditMany(tx, [
      {
        actor,
        action: 'webhook_endpoint.test',
        targetType: 'WebhookEndpoint',
        targetId: endpoint.id,
        requestId: input.requestId ?? null,
        details: { vendorId: endpoint.vendorId, webhookId },
      },
    ]);
    return { webhookId, endpointId: endpoint.id, eventType: WEBHOOK_TEST_EVENT_TYPE };
  });
}
