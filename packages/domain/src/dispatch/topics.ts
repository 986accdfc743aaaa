import { z } from 'zod';

/** Outbox topics the relay moves; writers insert them in the transaction of the business change. */
export const OutboxTopic = {
  CaseAssigned: 'webhook.case.assigned',
  CaseRecalled: 'webhook.case.recalled',
  CaseUpdated: 'webhook.case.updated',
  CaseSlaWarning: 'webhook.case.sla_warning',
  /** The user wrote on a case: to its holder (thin: ids only, the body is read through the API). */
  CaseMessageReceived: 'webhook.case.message_received',
  /** A reply to the user: to the platform channel's endpoints (not the writer's), body included. */
  MessageOutbound: 'webhook.message.outbound',
  /** Written by redeliverWebhook: send an existing delivery again, same webhook-id. */
  Redeliver: 'webhook.redeliver',
  /** Written when a case.assigned delivery is exhausted: the case goes to someone else. */
  CaseReroute: 'case.reroute',
  /** Written by sendTestWebhook: one `webhook.test` event to one named endpoint. */
  WebhookTest: 'webhook.test',
} as const;
export type OutboxTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];

/** Topics that become one delivery per subscribed endpoint of the message's vendor. */
export const WEBHOOK_EVENT_TOPICS = [
  OutboxTopic.CaseAssigned,
  OutboxTopic.CaseRecalled,
  OutboxTopic.CaseUpdated,
  OutboxTopic.CaseSlaWarning,
  OutboxTopic.CaseMessageReceived,
  OutboxTopic.MessageOutbound,
] as const;

/**
 * The system in-house vendor that owns the platform's own webhook endpoints (the channel that
 * sends replies to users): made on first use, never routed work.
 */
export const PLATFORM_CHANNEL_SLUG = 'platform-channel';

/**
 * Ops notifications: one delivery per endpoint of the operations desk (when one is set up), and
 * a notice to consoles subscribed to alerts, whether or not an endpoint exists.
 */
export const ALERT_EVENT_TOPICS = [
  'webhook.alert.raised',
  'webhook.alert.acknowledged',
  'webhook.alert.resolved',
] as const;

export const RELAYED_TOPICS: readonly string[] = [
  ...WEBHOOK_EVENT_TOPICS,
  ...ALERT_EVENT_TOPICS,
  OutboxTopic.WebhookTest,
  OutboxTopic.Redeliver,
  OutboxTopic.CaseReroute,
];

/** The event type of a test event: sent to the endpoint it names, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

export const webhookTestPayloadSchema = z.object({
  type: z.literal(WEBHOOK_TEST_EVENT_TYPE),
  data: z.object({ endpointId: z.string().uuid(), vendorId: z.string().uuid() }),
});

/** `webhook.case.assigned` → `case.assigned`, the event type endpoints subscribe to. */
export const eventTypeOfTopic = (topic: string): string => topic.replace(/^webhook\./, '');

// Payloads are parsed loosely (passthrough): writers own their event fields; the relay only
// needs the type and the ids. Older rows must keep parsing, so nothing new is required here.
export const webhookOutboxPayloadSchema = z.looseObject({
  type: z.string().min(1),
  data: z.looseObject({ caseId: z.string().optional(), vendorId: z.string().optional() }),
});

export const redeliverPayloadSchema = z.object({ deliveryId: z.string().uuid() });

export const reroutePayloadSchema = z.object({
  caseId: z.string().uuid(),
  excludeVendorId: z.string().uuid(),
  reason: z.string(),
  /** Recall only while the case is in one of these statuses (drains, failovers). */
  onlyFrom: z.array(z.string()).optional(),
  /** Ops' words for the vendor, passed on in `case.recalled`. */
  note: z.string().optional(),
});
export type ReroutePayload = z.infer<typeof reroutePayloadSchema>;

/**
 * The `webhook-id` of one message to one endpoint: derived, not random, so a relay that redoes a
 * batch after a crash lands on the same delivery row and the receiver sees the same id.
 */
export const webhookIdFor = (outboxId: bigint, endpointId: string): string =>
  `msg_${outboxId}_${endpointId.replaceAll('-', '')}`;

/** An endpoint subscribed to nothing in particular receives every event type. */
export const endpointWants = (eventTypes: readonly string[], eventType: string): boolean =>
  eventTypes.length === 0 || eventTypes.includes(eventType);
