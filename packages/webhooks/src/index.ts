export type { Allowlist } from './address-policy.ts';
export {
  blockedAddressReason,
  createAllowlist,
  embeddedIpv4,
  isBlockedHostname,
  normalizeHostname,
} from './address-policy.ts';
export type { DeliveryAttempt, DeliveryMessage } from './attempt-delivery.ts';
export { attemptDelivery } from './attempt-delivery.ts';
export type { DeliveryClassification, ResponseHeaders } from './classify-response.ts';
export { classifyFailure, classifyResponse, parseRetryAfter } from './classify-response.ts';
export type {
  EgressClient,
  EgressClientOptions,
  EgressRequest,
  EgressResponse,
  HostResolver,
  ResolvedAddress,
} from './egress-client.ts';
export { createEgressClient } from './egress-client.ts';
export type { EgressBlockReason, EgressErrorCode } from './errors.ts';
export {
  EgressBlockedError,
  EgressError,
  EgressNetworkError,
  EgressTimeoutError,
} from './errors.ts';
export type { RetrySchedule, RetryScheduleOptions } from './retry-policy.ts';
export { DEFAULT_RETRY_DELAYS_MS, nextAttemptDelay, retrySchedule } from './retry-policy.ts';
export type { SignWebhookInput, WebhookHeaders } from './sign-webhook.ts';
export { generateWebhookSecret, signWebhook } from './sign-webhook.ts';
export type { WebhookEventData, WebhookEventType, WebhookPayload } from './thin-payload.ts';
export {
  buildThinPayload,
  caseStatusSchema,
  messageOutboundDataSchema,
  messageOutboundPayloadSchema,
  WEBHOOK_EVENT_TYPES,
  webhookEventDataSchemas,
  webhookPayloadSchema,
} from './thin-payload.ts';
