// Webhook endpoints (ops, and vendors for their own) and the delivery log with redelivery.
import {
  createWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  STRICT_URL_POLICY,
  sendTestWebhook,
  type TestWebhookSent,
  updateWebhookEndpoint,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookUrlPolicy,
} from '@bvg/domain';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { checkForwardPage, type PageSize, pageSizeExtension } from '../pagination.ts';

const readers = { vendor: 'webhooks:read', role: 'ops' } as const;
const writers = { vendor: 'webhooks:write', role: 'ops' } as const;

// The host may put the deployment's URL policy on the context (development allows loopback);
// without one, registration is strict: https only, nothing private.
export const urlPolicyOf = (ctx: GraphQLContext): WebhookUrlPolicy =>
  (ctx as GraphQLContext & { webhookUrlPolicy?: WebhookUrlPolicy }).webhookUrlPolicy ??
  STRICT_URL_POLICY;

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: ['PENDING', 'SUCCEEDED', 'RETRYING', 'EXHAUSTED', 'ENDPOINT_DISABLED'] as const,
});

export const WebhookEndpoint = builder.objectRef<WebhookEndpointView>('WebhookEndpoint').implement({
  description: "A vendor's webhook receiver. Its signing secrets are never shown after creation.",
  authScopes: readers,
  fields: (t) => ({
    id: t.id({ authScopes: readers, resolve: (e) => e.id }),
    vendorId: t.id({ authScopes: readers, resolve: (e) => e.vendorId }),
    url: t.string({ authScopes: readers, resolve: (e) => e.url }),
    description: t.string({ authScopes: readers, resolve: (e) => e.description }),
    eventTypes: t.stringList({
      description: 'Event types sent here; empty means all.',
      authScopes: readers,
      resolve: (e) => e.eventTypes,
    }),
    active: t.boolean({ authScopes: readers, resolve: (e) => e.active }),
    disabledAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: readers,
      resolve: (e) => e.disabledAt,
    }),
    disabledReason: t.string({
      nullable: true,
      authScopes: readers,
      resolve: (e) => e.disabledReason,
    }),
    createdAt: t.field({ type: 'DateTime', authScopes: readers, resolve: (e) => e.createdAt }),
    secretExpiries: t.field({
      type: ['DateTime'],
      nullable: { list: false, items: true },
      description: 'When each valid signing secret stops signing; null for the current one.',
      authScopes: readers,
      resolve: (e) => e.secretExpiries,
    }),
  }),
});

export const EndpointWithSecret = builder
  .objectRef<{ endpoint: WebhookEndpointView; secret: string }>('WebhookEndpointWithSecret')
  .implement({
    description: 'Returned once, when a secret is made: store `secret`, it is not shown again.',
    authScopes: writers,
    fields: (t) => ({
      endpoint: t.field({ type: WebhookEndpoint, authScopes: writers, resolve: (r) => r.endpoint }),
      secret: t.string({ authScopes: writers, resolve: (r) => r.secret }),
    }),
  });

type AttemptRow = WebhookDeliveryView['attempts'][number];
const WebhookAttempt = builder.objectRef<AttemptRow>('WebhookAttempt').implement({
  authScopes: readers,
  fields: (t) => ({
    attemptNumber: t.int({ authScopes: readers, resolve: (a) => a.attemptNumber }),
    startedAt: t.field({ type: 'DateTime', authScopes: readers, resolve: (a) => a.startedAt }),
    responseStatus: t.int({
      nullable: true,
      authScopes: readers,
      resolve: (a) => a.responseStatus,
    }),
    latencyMs: t.int({ nullable: true, authScopes: readers, resolve: (a) => a.latencyMs }),
    error: t.string({ nullable: true, authScopes: readers, resolve: (a) => a.error }),
    url: t.string({
      nullable: true,
      description:
        "Where this attempt was sent: the endpoint's URL at that moment (null for attempts recorded before URLs were kept).",
      authScopes: readers,
      resolve: (a) => a.url,
    }),
  }),
});

const WebhookDelivery = builder.objectRef<WebhookDeliveryView>('WebhookDelivery').implement({
  description:
    'One message to one endpoint; `webhookId` is the `webhook-id` header of every attempt.',
  authScopes: readers,
  fields: (t) => ({
    id: t.id({ authScopes: readers, resolve: (d) => d.id }),
    webhookId: t.string({ authScopes: readers, resolve: (d) => d.webhookId }),
    endpointId: t.id({ authScopes: readers, resolve: (d) => d.endpointId }),
    endpointUrl: t.string({
      description:
        "The endpoint's URL now, which may have changed since: see attemptedUrl and attempts.url for where it was sent.",
      authScopes: readers,
      resolve: (d) => d.endpoint.url,
    }),
    attemptedUrl: t.string({
      nullable: true,
      description: 'Where the latest attempt was sent; null before the first attempt.',
      authScopes: readers,
      resolve: (d) => d.attempts.at(-1)?.url ?? null,
    }),
    vendorId: t.id({ authScopes: readers, resolve: (d) => d.vendorId }),
    caseId: t.id({ nullable: true, authScopes: readers, resolve: (d) => d.caseId }),
    eventType: t.string({ authScopes: readers, resolve: (d) => d.eventType }),
    payload: t.field({ type: 'JSON', authScopes: readers, resolve: (d) => d.payload }),
    status: t.field({ type: DeliveryStatusEnum, authScopes: readers, resolve: (d) => d.status }),
    attemptCount: t.int({ authScopes: readers, resolve: (d) => d.attemptCount }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: readers,
      resolve: (d) => d.nextAttemptAt,
    }),
    createdAt: t.field({ type: 'DateTime', authScopes: readers, resolve: (d) => d.createdAt }),
    attempts: t.field({ type: [WebhookAttempt], authScopes: readers, resolve: (d) => d.attempts }),
  }),
});

const WebhookTestEvent = builder.objectRef<TestWebhookSent>('WebhookTestEvent').implement({
  description:
    'A `webhook.test` event on its way to one endpoint, signed and delivered like any event (retries included) and listed in `webhookDeliveries` within a moment.',
  authScopes: writers,
  fields: (t) => ({
    webhookId: t.string({
      description: 'The `webhook-id` header the event arrives with, and its delivery in the log.',
      authScopes: writers,
      resolve: (e) => e.webhookId,
    }),
    endpointId: t.id({ authScopes: writers, resolve: (e) => e.endpointId }),
    eventType: t.string({ authScopes: writers, resolve: (e) => e.eventType }),
  }),
});

const DELIVERIES_PAGE: PageSize = { default: 20, max: 100 };

const DeliveryFilter = builder.inputType('WebhookDeliveryFilter', {
  fields: (t) => ({
    status: t.field({ type: [DeliveryStatusEnum], required: false }),
    caseId: t.id({ required: false }),
    vendorId: t.id({ required: false, description: 'Ops only; a vendor always sees its own.' }),
  }),
});

builder.queryFields((t) => ({
  webhookDeliveries: t.connection({
    type: WebhookDelivery,
    extensions: pageSizeExtension(DELIVERIES_PAGE),
    description: 'The delivery log with every attempt, newest first. A vendor sees its own only.',
    authScopes: readers,
    // Non-null with a default: callers may omit it, and tools that build calls see its caseId.
    args: { filter: t.arg({ type: DeliveryFilter, required: true, defaultValue: {} }) },
    resolve: (_root, args, ctx) => {
      checkForwardPage('webhookDeliveries', args, DELIVERIES_PAGE);
      return resolveCursorConnection(
        {
          args,
          toCursor: (d: WebhookDeliveryView) => d.id,
          defaultSize: DELIVERIES_PAGE.default,
          maxSize: DELIVERIES_PAGE.max,
        },
        ({ after, limit }: ResolveCursorConnectionArgs) =>
          listWebhookDeliveries(ctx.db, ctx.actor!, {
            filter: {
              status: args.filter?.status ?? null,
              caseId: args.filter?.caseId ? String(args.filter.caseId) : null,
              vendorId: args.filter?.vendorId ? String(args.filter.vendorId) : null,
            },
            first: limit,
            after: after ?? null,
          }),
      );
    },
  }),
  webhookEndpoints: t.field({
    type: [WebhookEndpoint],
    description: "A vendor's endpoints. A vendor passes no vendorId (it sees its own).",
    authScopes: readers,
    args: { vendorId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      listWebhookEndpoints(ctx.db, ctx.actor!, {
        vendorId: args.vendorId ? String(args.vendorId) : null,
      }),
  }),
}));

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: EndpointWithSecret,
    description:
      'Registers an endpoint and returns its first `whsec_` secret, once. https only in production; private addresses are refused.',
    authScopes: writers,
    args: {
      vendorId: t.arg.id({ required: false, description: 'Ops: required. A vendor: its own.' }),
      url: t.arg.string({ required: true }),
      eventTypes: t.arg.stringList({ required: false }),
      description: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      createWebhookEndpoint(
        ctx.db,
        ctx.actor!,
        {
          vendorId: args.vendorId ? String(args.vendorId) : null,
          url: args.url,
          eventTypes: args.eventTypes ?? [],
          description: args.description ?? null,
          requestId: ctx.requestId,
        },
        urlPolicyOf(ctx),
      ),
  }),
  updateWebhookEndpoint: t.field({
    type: WebhookEndpoint,
    description: 'Changes an endpoint; `active: true` re-enables one disabled by a 410.',
    authScopes: writers,
    args: {
      endpointId: t.arg.id({ required: true }),
      url: t.arg.string({ required: false }),
      eventTypes: t.arg.stringList({ required: false }),
      description: t.arg.string({ required: false }),
      active: t.arg.boolean({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      updateWebhookEndpoint(
        ctx.db,
        ctx.actor!,
        {
          endpointId: String(args.endpointId),
          url: args.url ?? null,
          eventTypes: args.eventTypes ?? null,
          description: args.description ?? null,
          active: args.active ?? null,
          requestId: ctx.requestId,
        },
        urlPolicyOf(ctx),
      ),
  }),
  rotateWebhookSecret: t.field({
    type: EndpointWithSecret,
    description:
      'A new `whsec_` secret, returned once. Messages carry a signature per valid secret; the old ones stop after overlapHours.',
    authScopes: writers,
    args: {
      endpointId: t.arg.id({ required: true }),
      overlapHours: t.arg.int({ required: false, defaultValue: 24 }),
    },
    resolve: (_root, args, ctx) =>
      rotateWebhookSecret(ctx.db, ctx.actor!, {
        endpointId: String(args.endpointId),
        overlapHours: args.overlapHours ?? 24,
        requestId: ctx.requestId,
      }),
  }),
  sendTestWebhook: t.field({
    type: WebhookTestEvent,
    description:
      'Sends a signed `webhook.test` event to one endpoint (whatever event types it subscribes to), through the normal delivery path, to check a receiver and its signature verification. A vendor tests its own endpoints; another vendor’s is NOT_FOUND; a disabled endpoint is VALIDATION.',
    authScopes: writers,
    args: { endpointId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      sendTestWebhook(ctx.db, ctx.actor!, {
        endpointId: String(args.endpointId),
        requestId: ctx.requestId,
      }),
  }),
  redeliverWebhook: t.field({
    type: WebhookDelivery,
    description: 'Sends a delivery again, same webhook-id. Another vendor’s delivery is NOT_FOUND.',
    authScopes: writers,
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      redeliverWebhook(ctx.db, ctx.actor!, {
        deliveryId: String(args.deliveryId),
        requestId: ctx.requestId,
      }),
  }),
}));
