// Ops alerts: read them (a filter, pages, or a live subscription), acknowledge and resolve them
// with a note, and say where notifications go (the operations desk's webhook endpoints).
import {
  type ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  type AlertRow,
  acknowledgeAlert,
  createOpsNotificationEndpoint,
  listAlerts,
  listOpsNotificationEndpoints,
  readAlert,
  resolveAlert,
} from '@bvg/domain';
import { ALERTS_ROUTING_KEY, type AlertNotice } from '@bvg/queue';
import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { AppError } from '../errors.ts';
import { EndpointWithSecret, urlPolicyOf, WebhookEndpoint } from './webhooks.ts';

const opsOnly = { role: 'ops' } as const;
const alertReaders = { anyRole: ['ops', 'auditor'] } as const;

const AlertKindEnum = builder.enumType('AlertKind', {
  values: {
    UNROUTED_CASE: { description: 'A case no vendor may take; it waits in the unrouted queue.' },
    SLA_AT_RISK: {
      description: "Many of a vendor's cases are due soon (a condition: resolves itself).",
    },
    SLA_BREACH: { description: 'SLA clocks of a vendor breached (counted again while open).' },
    WEBHOOK_ENDPOINT_FAILING: {
      description: "A vendor's webhook endpoint is failing or disabled (a condition).",
    },
    CAPACITY_EXHAUSTED: {
      description: 'A vendor is at its open-case ceiling for a scope (a condition).',
    },
    OFFERS_LAPSING: { description: "A vendor's offers lapse unaccepted and go elsewhere." },
    REROUTE_LIMIT: { description: 'A case failed its routing attempts and went to Tier 2.' },
    DELIVERY_EXHAUSTED: { description: 'A webhook delivery ran out of retries.' },
    ENDPOINT_DISABLED: { description: 'A webhook endpoint was disabled (it answered 410).' },
  } satisfies Record<(typeof ALERT_KINDS)[number], { description: string }>,
});
const AlertStatusEnum = builder.enumType('AlertStatus', { values: ALERT_STATUSES });
const AlertSeverityEnum = builder.enumType('AlertSeverity', {
  description: 'CRITICAL pages someone; WARNING is for the board and the chat channel.',
  values: ALERT_SEVERITIES,
});

const Alert = builder.objectRef<AlertRow>('Alert').implement({
  description:
    'Something ops must look at. One unresolved alert per condition: raising it again counts an occurrence.',
  authScopes: alertReaders,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: alertReaders }),
    kind: t.field({
      type: AlertKindEnum,
      authScopes: alertReaders,
      resolve: (a) => a.kind as never,
    }),
    status: t.field({ type: AlertStatusEnum, authScopes: alertReaders, resolve: (a) => a.status }),
    severity: t.field({
      type: AlertSeverityEnum,
      authScopes: alertReaders,
      resolve: (a) => a.severity,
    }),
    message: t.exposeString('message', { authScopes: alertReaders }),
    dedupeKey: t.exposeString('dedupeKey', {
      description: 'The condition the alert is about (kind and subject).',
      authScopes: alertReaders,
    }),
    occurrences: t.exposeInt('occurrences', { authScopes: alertReaders }),
    caseId: t.id({ nullable: true, authScopes: alertReaders, resolve: (a) => a.caseId }),
    vendorId: t.id({ nullable: true, authScopes: alertReaders, resolve: (a) => a.vendorId }),
    data: t.field({
      type: 'JSON',
      description: 'Figures behind the message (counts, ids).',
      authScopes: alertReaders,
      resolve: (a) => a.data,
    }),
    raisedAt: t.field({ type: 'DateTime', authScopes: alertReaders, resolve: (a) => a.createdAt }),
    lastRaisedAt: t.field({
      type: 'DateTime',
      authScopes: alertReaders,
      resolve: (a) => a.lastRaisedAt,
    }),
    acknowledgedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: alertReaders,
      resolve: (a) => a.acknowledgedAt,
    }),
    acknowledgedBy: t.exposeString('acknowledgedBy', { nullable: true, authScopes: alertReaders }),
    acknowledgeNote: t.exposeString('acknowledgeNote', {
      nullable: true,
      authScopes: alertReaders,
    }),
    resolvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: alertReaders,
      resolve: (a) => a.resolvedAt,
    }),
    resolvedBy: t.exposeString('resolvedBy', {
      nullable: true,
      description: '`system` when the condition cleared by itself.',
      authScopes: alertReaders,
    }),
    resolutionNote: t.exposeString('resolutionNote', { nullable: true, authScopes: alertReaders }),
  }),
});

const AlertFilter = builder.inputType('AlertFilter', {
  fields: (t) => ({
    status: t.field({
      type: [AlertStatusEnum],
      required: false,
      description: 'Default: OPEN and ACKNOWLEDGED.',
    }),
    kind: t.field({ type: [AlertKindEnum], required: false }),
    severity: t.field({ type: [AlertSeverityEnum], required: false }),
    vendorId: t.id({ required: false }),
    caseId: t.id({ required: false }),
    raisedAfter: t.field({
      type: 'DateTime',
      required: false,
      description: 'Last raised after this time (a board polls with its previous refresh time).',
    }),
  }),
});

const AlertEvent = builder.objectRef<AlertNotice>('AlertEvent').implement({
  description: 'An alert raised, acknowledged or resolved; read the alert with alert(id).',
  authScopes: alertReaders,
  fields: (t) => ({
    type: t.string({
      description: '`alert.raised`, `alert.acknowledged` or `alert.resolved`.',
      authScopes: alertReaders,
      resolve: (n) => n.type,
    }),
    alertId: t.id({ authScopes: alertReaders, resolve: (n) => String(n.data.alertId) }),
    kind: t.field({
      type: AlertKindEnum,
      authScopes: alertReaders,
      resolve: (n) => String(n.data.kind) as never,
    }),
    severity: t.field({
      type: AlertSeverityEnum,
      authScopes: alertReaders,
      resolve: (n) => String(n.data.severity) as never,
    }),
    message: t.string({ authScopes: alertReaders, resolve: (n) => String(n.data.message ?? '') }),
  }),
});

builder.queryFields((t) => ({
  alerts: t.connection({
    type: Alert,
    description:
      'Alerts, the most recently raised first (unresolved ones unless a status is given).',
    authScopes: alertReaders,
    args: { filter: t.arg({ type: AlertFilter, required: false }) },
    resolve: (_root, args, ctx) => {
      if (args.before || args.last) {
        throw new AppError('VALIDATION', 'alerts pages forward only: use first and after');
      }
      const f = args.filter ?? {};
      return resolveCursorConnection(
        { args, toCursor: (a: AlertRow) => a.id, defaultSize: 50, maxSize: 200 },
        ({ after, limit }: ResolveCursorConnectionArgs) =>
          listAlerts(ctx.db, {
            filter: {
              status: f.status ?? ['OPEN', 'ACKNOWLEDGED'],
              ...(f.kind ? { kind: f.kind as never } : {}),
              ...(f.severity ? { severity: f.severity } : {}),
              ...(f.vendorId ? { vendorId: String(f.vendorId) } : {}),
              ...(f.caseId ? { caseId: String(f.caseId) } : {}),
              ...(f.raisedAfter ? { raisedAfter: f.raisedAfter } : {}),
            },
            first: limit,
            after: after ?? null,
          }),
      );
    },
  }),
  alert: t.field({
    type: Alert,
    authScopes: alertReaders,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => readAlert(ctx.db, String(args.id)),
  }),
  opsNotificationEndpoints: t.field({
    type: [WebhookEndpoint],
    description:
      'Where alert notifications are sent (Standard Webhooks). Rotate, pause or redeliver them with the webhook endpoint mutations.',
    authScopes: opsOnly,
    resolve: (_root, _args, ctx) => listOpsNotificationEndpoints(ctx.db, ctx.actor!),
  }),
}));

builder.mutationFields((t) => ({
  acknowledgeAlert: t.field({
    type: Alert,
    description:
      'Someone is on it: OPEN → ACKNOWLEDGED (the ops endpoint hears alert.acknowledged).',
    authScopes: opsOnly,
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      acknowledgeAlert(ctx.db, ctx.actor!, {
        alertId: String(args.id),
        note: args.note ?? null,
        requestId: ctx.requestId,
      }),
  }),
  resolveAlert: t.field({
    type: Alert,
    description:
      'Done: OPEN or ACKNOWLEDGED → RESOLVED, with a note of what was done (alert.resolved is sent). The same condition raised later opens a new alert.',
    authScopes: opsOnly,
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      resolveAlert(ctx.db, ctx.actor!, {
        alertId: String(args.id),
        note: args.note,
        requestId: ctx.requestId,
      }),
  }),
  createOpsNotificationEndpoint: t.field({
    type: EndpointWithSecret,
    description:
      "Send alert events (alert.raised, alert.acknowledged, alert.resolved) to a chat tool or pager: Standard Webhooks signed with the returned secret (shown once), with the partners' retry schedule.",
    authScopes: opsOnly,
    args: {
      url: t.arg.string({ required: true }),
      description: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      createOpsNotificationEndpoint(
        ctx.db,
        ctx.actor!,
        { url: args.url, description: args.description ?? null, requestId: ctx.requestId },
        urlPolicyOf(ctx),
      ),
  }),
}));

builder.subscriptionField('alertEvents', (t) =>
  t.field({
    type: AlertEvent,
    description: 'Alerts raised, acknowledged and resolved, as they happen (server-sent events).',
    authScopes: alertReaders,
    subscribe: (_root, _args, ctx) => {
      if (!ctx.pubSub) {
        throw new AppError('UNAVAILABLE', 'Subscriptions are not available on this gateway');
      }
      return ctx.pubSub.subscribe(ALERTS_ROUTING_KEY) as AsyncIterable<AlertNotice>;
    },
    resolve: (notice) => notice,
  }),
);
