import { CASE_STATUSES } from '@bvg/case-status';
import { z } from 'zod';

/**
 * Case statuses as vendors see them in `case.updated`: a case the vendor is told about has been
 * routed, so never UNROUTED.
 */
export const caseStatusSchema = z.enum(CASE_STATUSES).exclude(['UNROUTED']);

// Ids and a version only: the vendor reads the case through GraphQL, where access is scoped
// and audited. Strict objects, so a caller that passes a whole case gets an error, not a leak.
const caseRef = {
  caseId: z.string().min(1),
  vendorId: z.string().min(1),
  version: z.number().int().nonnegative(),
};

export const webhookEventDataSchemas = {
  'case.assigned': z.strictObject({ ...caseRef, offerExpiresAt: z.iso.datetime().optional() }),
  'case.recalled': z.strictObject({
    ...caseRef,
    reason: z.enum([
      'REJECTED',
      'OFFER_EXPIRED',
      'DELIVERY_EXHAUSTED',
      'ESCALATED',
      'REASSIGNED',
      'VENDOR_DRAINING',
      'FAILOVER',
      // Ops moved it by hand (one case or in bulk).
      'OPS_REROUTE',
      'OPS_ASSIGN',
      'OPS_RECALL',
    ]),
    /** Why ops recalled it (a vendor draining or a failover), in their words. */
    note: z.string().max(500).optional(),
  }),
  'case.updated': z.strictObject({ ...caseRef, status: caseStatusSchema }),
  'case.sla_warning': z.strictObject({
    ...caseRef,
    clock: z.enum(['FIRST_RESPONSE', 'RESOLUTION']),
    dueAt: z.iso.datetime(),
  }),
  /** The user wrote on the case: read the message through `Case.messages`. */
  'case.message_received': z.strictObject({ ...caseRef, messageId: z.string().min(1) }),
};

/**
 * A reply for the platform's own channel service (never sent to a partner): unlike partner
 * events it carries the body, which the channel sends to the user.
 */
export const messageOutboundDataSchema = z.strictObject({
  caseId: z.string().min(1),
  vendorId: z.string().min(1),
  messageId: z.string().min(1),
  source: z.string().min(1),
  externalRef: z.string().min(1),
  channel: z.string().min(1),
  body: z.string(),
  sentAt: z.iso.datetime(),
});

/** `message.outbound` as the platform channel receives it. */
export const messageOutboundPayloadSchema = z.strictObject({
  type: z.literal('message.outbound'),
  timestamp: z.iso.datetime(),
  data: messageOutboundDataSchema,
});

export type WebhookEventType = keyof typeof webhookEventDataSchemas;
export const WEBHOOK_EVENT_TYPES = Object.keys(webhookEventDataSchemas) as WebhookEventType[];

export type WebhookEventData<E extends WebhookEventType = WebhookEventType> = z.input<
  (typeof webhookEventDataSchemas)[E]
>;

function payloadSchema<E extends WebhookEventType>(type: E) {
  return z.strictObject({
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    data: webhookEventDataSchemas[type],
  });
}

/** Every payload the gateway sends, discriminated by `type`; receivers can parse with it. */
export const webhookPayloadSchema = z.discriminatedUnion('type', [
  payloadSchema('case.assigned'),
  payloadSchema('case.recalled'),
  payloadSchema('case.updated'),
  payloadSchema('case.sla_warning'),
  payloadSchema('case.message_received'),
]);

export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

/** A validated thin payload; throws a ZodError on anything beyond the event's fields. */
export function buildThinPayload<E extends WebhookEventType>(
  event: E,
  data: WebhookEventData<E>,
  now: Date = new Date(),
): Extract<WebhookPayload, { type: E }> {
  return payloadSchema(event).parse({
    type: event,
    timestamp: now.toISOString(),
    data,
  }) as Extract<WebhookPayload, { type: E }>;
}
