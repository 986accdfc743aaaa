import type { PrismaClient, TenantTx } from '@bvg/db';
import { generateWebhookSecret } from '@bvg/webhooks';
import { recordAuditMany } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { eventTypeOfTopic, WEBHOOK_EVENT_TOPICS } from './topics.ts';
import { type WebhookUrlPolicy, webhookUrlProblems } from './url-policy.ts';

export const WEBHOOK_EVENT_TYPE_NAMES: readonly string[] =
  WEBHOOK_EVENT_TOPICS.map(eventTypeOfTopic);

export interface WebhookEndpointView {
  id: string;
  vendorId: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  /** When each signing secret stops being used (null: the current one, no end set). */
  secretExpiries: (Date | null)[];
}

const endpointSelect = {
  id: true,
  vendorId: true,
  url: true,
  description: true,
  eventTypes: true,
  active: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  secrets: { select: { expiresAt: true }, orderBy: { createdAt: 'desc' as const } },
} as const;

type EndpointRow = {
  secrets: { expiresAt: Date | null }[];
} & Omit<WebhookEndpointView, 'secretExpiries'>;

const toView = ({ secrets, ...row }: EndpointRow, now: Date): WebhookEndpointView => ({
  ...row,
  secretExpiries: secrets.filter((s) => !s.expiresAt || s.expiresAt > now).map((s) => s.expiresAt),
});

/** A vendor acts on its own endpoints only; asking for another vendor's is NOT_FOUND. */
function targetVendor(actor: Actor, vendorId: string | null | undefined): string {
  if (actor.kind === 'VENDOR') {
    if (vendorId && vendorId !== actor.vendorId) throw new DomainError('NOT_FOUND', 'Not found');
    return actor.vendorId;
  }
  if (!vendorId) throw validationError([{ path: 'vendorId', message: 'is required' }]);
  return vendorId;
}

/** Event types a vendor may subscribe to that do not exist (empty: all fine). */
export function eventTypeProblems(eventTypes: readonly string[], path = 'eventTypes'): Problem[] {
  return eventTypes
    .map((type, index) => ({ type, index }))
    .filter(({ type }) => !WEBHOOK_EVENT_TYPE_NAMES.includes(type))
    .map(({ type, index }) => ({
      path: `${path}.${index}`,
      message: `unknown event type ${JSON.stringify(type)}; one of ${WEBHOOK_EVENT_TYPE_NAMES.join(', ')}`,
    }));
}

async function assertVendorExists(tx: TenantTx, vendorId: string) {
  const vendor = await tx.vendor.findUnique({ where: { id: vendorId }, select: { id: true } });
  if (!vendor) throw new DomainError('NOT_FOUND', 'Not found');
}

export interface CreateWebhookEndpointInput {
  vendorId?: string | null;
  url: string;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  requestId?: string | null;
}

/**
 * Registers an endpoint with its first signing secret. The secret is returned here only: it is
 * never shown again (rotate to get a new one).
 */
export async function createWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  input: CreateWebhookEndpointInput,
  policy: WebhookUrlPolicy,
  now: Date = new Date(),
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const vendorId = targetVendor(actor, input.vendorId);
  const eventTypes = [...new Set(input.eventTypes ?? [])];
  const problems = [...webhookUrlProblems(input.url, policy), ...eventTypeProblems(eventTypes)];
  if (problems.length > 0) throw validationError(problems);
  const secret = generateWebhookSecret();
  return withActorScope(prisma, actor, 'create webhook endpoint', async (tx) => {
    await assertVendorExists(tx, vendorId);
    const row = await tx.webhookEndpoint.create({
      data: {
        vendorId,
        url: input.url,
        description: input.description ?? '',
        eventTypes,
        secrets: { create: { vendorId, secret } },
      },
      select: endpointSelect,
    });
    await recordAuditMany(tx, [
      {
        actor,
        action: 'webhook_endpoint.create',
        targetType: 'WebhookEndpoint',
        targetId: row.id,
        requestId: input.requestId ?? null,
        details: { vendorId, url: input.url, eventTypes },
      },
    ]);
    return { endpoint: toView(row, now), secret };
  });
}

/**
 * A new secret that signs from now on; the previous ones keep signing (several signatures per
 * message) until `overlapHours` from now, so the receiver can switch without losing messages.
 */
export async function rotateWebhookSecret(
  prisma: PrismaClient,
  actor: Actor,
  input: { endpointId: string; overlapHours: number; requestId?: string | null },
  now: Date = new Date(),
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  if (!(input.overlapHours >= 0 && input.overlapHours <= 24 * 30)) {
    throw validationError([{ path: 'overlapHours', message: 'must be between 0 and 720' }]);
  }
  const secret = generateWebhookSecret();
  const until = new Date(now.getTime() + input.overlapHours * 3_600_000);
  return withActorScope(prisma, actor, 'rotate webhook secret', async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({
      where: { id: input.endpointId },
      select: { id: true, vendorId: true },
    });
    if (!endpoint) throw new DomainError('NOT_FOUND', 'Not found');
    // Secrets that would outlive the overlap end with it; ones already ending sooner keep their end.
    await tx.webhookSecret.updateMany({
      where: { endpointId: endpoint.id, OR: [{ expiresAt: null }, { expiresAt: { gt: until } }] },
      data: { expiresAt: until },
    });
    await tx.webhookSecret.createMany({
      data: [{ endpointId: endpoint.id, vendorId: endpoint.vendorId, secret }],
    });
    await recordAuditMany(tx, [
      {
        actor,
        action: 'webhook_secret.rotate',
        targetType: 'WebhookEndpoint',
        targetId: endpoint.id,
        requestId: input.requestId ?? null,
        details: { vendorId: endpoint.vendorId, previousValidUntil: until.toISOString() },
      },
    ]);
    const row = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: endpoint.id },
      select: endpointSelect,
    });
    return { endpoint: toView(row, now), secret };
  });
}

export interface UpdateWebhookEndpointInput {
  endpointId: string;
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  /** true re-enables an endpoint disabled by a 410 (or by hand). */
  active?: boolean | null;
  requestId?: string | null;
}

export async function updateWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  input: UpdateWebhookEndpointInput,
  policy: WebhookUrlPolicy,
  now: Date = new Date(),
): Promise<WebhookEndpointView> {
  const eventTypes = input.eventTypes ? [...new Set(input.eventTypes)] : undefined;
  const problems = [
    ...(input.url ? webhookUrlProblems(input.url, policy) : []),
    ...eventTypeProblems(eventTypes ?? []),
  ];
  if (problems.length > 0) throw validationError(problems);
  return withActorScope(prisma, actor, 'update webhook endpoint', async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: input.endpointId },
      data: {
        ...(input.url ? { url: input.url } : {}),
        ...(eventTypes ? { eventTypes } : {}),
        ...(input.description != null ? { description: input.description } : {}),
        ...(input.active === true ? { active: true, disabledAt: null, disabledReason: null } : {}),
        ...(input.active === false
          ? {
              active: false,
              disabledAt: now,
              disabledReason: `disabled by ${actor.kind.toLowerCase()}`,
            }
          : {}),
      },
    });
    if (count === 0) throw new DomainError('NOT_FOUND', 'Not found');
    const row = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: input.endpointId },
      select: endpointSelect,
    });
    await recordAuditMany(tx, [
      {
        actor,
        action: 'webhook_endpoint.update',
        targetType: 'WebhookEndpoint',
        targetId: row.id,
        requestId: input.requestId ?? null,
        details: {
          vendorId: row.vendorId,
          url: input.url ?? undefined,
          eventTypes,
          active: input.active ?? undefined,
        },
      },
    ]);
    return toView(row, now);
  });
}

export async function listWebhookEndpoints(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId?: string | null },
  now: Date = new Date(),
): Promise<WebhookEndpointView[]> {
  const vendorId = targetVendor(actor, input.vendorId);
  const rows = await withActorScope(prisma, actor, 'list webhook endpoints', (tx) =>
    tx.webhookEndpoint.findMany({
      where: { vendorId },
      orderBy: { createdAt: 'asc' },
      select: endpointSelect,
    }),
  );
  return rows.map((row) => toView(row, now));
}
