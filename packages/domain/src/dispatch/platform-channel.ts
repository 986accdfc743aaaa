// Where replies to users go: webhook endpoints of the platform's own channel service (the
// system that sends an in-app message or an e-mail to the user). They are ordinary webhook
// endpoints — Standard Webhooks signatures, retries, the delivery log, secret rotation —
// owned by a system in-house vendor that is made on first use and never routed work.
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import type { Actor } from '../shared/actor.ts';
import { PLATFORM_CHANNEL_SLUG } from './topics.ts';
import type { WebhookUrlPolicy } from './url-policy.ts';
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpointView,
} from './webhook-endpoints.ts';

/** The platform channel's vendor id, made (PAUSED: it takes no cases) when missing. */
export async function ensurePlatformChannel(prisma: PrismaClient): Promise<string> {
  return withScope(prisma, systemScope('platform channel'), async (tx) => {
    const channel = await tx.vendor.upsert({
      where: { slug: PLATFORM_CHANNEL_SLUG },
      create: {
        slug: PLATFORM_CHANNEL_SLUG,
        name: 'Platform channel (replies to users)',
        kind: 'IN_HOUSE',
        state: 'PAUSED',
        stateReason: 'receives message.outbound; never routed work',
      },
      update: {},
      select: { id: true },
    });
    return channel.id;
  });
}

/** Registers an endpoint of the platform channel; its secret (`whsec_…`) is returned only here. */
export async function createPlatformChannelEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  input: { url: string; description?: string | null; requestId?: string | null },
  policy: WebhookUrlPolicy,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const vendorId = await ensurePlatformChannel(prisma);
  return createWebhookEndpoint(
    prisma,
    actor,
    { ...input, vendorId, eventTypes: ['message.outbound'] },
    policy,
  );
}

export async function listPlatformChannelEndpoints(
  prisma: PrismaClient,
  actor: Actor,
): Promise<WebhookEndpointView[]> {
  const channel = await withScope(prisma, systemScope('platform channel'), (tx) =>
    tx.vendor.findUnique({ where: { slug: PLATFORM_CHANNEL_SLUG }, select: { id: true } }),
  );
  return channel ? listWebhookEndpoints(prisma, actor, { vendorId: channel.id }) : [];
}
