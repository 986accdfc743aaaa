// Where alerts are sent: webhook endpoints of the operations desk (a chat tool's incoming
// webhook, a pager's event API). They are ordinary webhook endpoints — Standard Webhooks
// signatures, retries, the delivery log, secret rotation, `410` disabling — owned by a system
// in-house vendor that is made on first use and never routed work.
import type { PrismaClient } from '@bvg/db';
import { systemScope, withScope } from '@bvg/db';
import { OPS_DESK_SLUG } from '../alerts/index.ts';
import type { Actor } from '../shared/actor.ts';
import type { WebhookUrlPolicy } from './url-policy.ts';
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpointView,
} from './webhook-endpoints.ts';

/** The operations desk's vendor id, made (PAUSED: it takes no cases) when missing. */
export async function ensureOpsDesk(prisma: PrismaClient): Promise<string> {
  return withScope(prisma, systemScope('operations desk'), async (tx) => {
    const desk = await tx.vendor.upsert({
      where: { slug: OPS_DESK_SLUG },
      create: {
        slug: OPS_DESK_SLUG,
        name: 'Operations desk (alert notifications)',
        kind: 'IN_HOUSE',
        state: 'PAUSED',
        stateReason: 'receives ops notifications; never routed work',
      },
      update: {},
      select: { id: true },
    });
    return desk.id;
  });
}

/** Registers an ops notification endpoint; its secret (`whsec_…`) is returned only here. */
export async function createOpsNotificationEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  input: { url: string; description?: string | null; requestId?: string | null },
  policy: WebhookUrlPolicy,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const vendorId = await ensureOpsDesk(prisma);
  // Every alert event (raised, acknowledged, resolved): the receiver filters on kind/severity.
  return createWebhookEndpoint(prisma, actor, { ...input, vendorId, eventTypes: [] }, policy);
}

export async function listOpsNotificationEndpoints(
  prisma: PrismaClient,
  actor: Actor,
): Promise<WebhookEndpointView[]> {
  const desk = await withScope(prisma, systemScope('operations desk'), (tx) =>
    tx.vendor.findUnique({ where: { slug: OPS_DESK_SLUG }, select: { id: true } }),
  );
  return desk ? listWebhookEndpoints(prisma, actor, { vendorId: desk.id }) : [];
}
