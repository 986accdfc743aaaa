export { announce, announceOutboundMessage } from './announce.ts';
export {
  type DeliveryOutcome,
  type DeliveryToAttempt,
  loadDeliveriesToAttempt,
  loadDeliveryToAttempt,
  type RecordAttemptInput,
  recordDeliveryAttempt,
  recordDeliveryAttempts,
  syncVendorDeliveries,
} from './delivery-state.ts';
export {
  createOpsNotificationEndpoint,
  ensureOpsDesk,
  listOpsNotificationEndpoints,
} from './ops-notifications.ts';
export {
  createPlatformChannelEndpoint,
  ensurePlatformChannel,
  listPlatformChannelEndpoints,
} from './platform-channel.ts';
export {
  type DispatchJobSpec,
  dispatchJobId,
  findStalledDeliveries,
  markOutboxEnqueued,
  type OutboxBatch,
  prepareOutboxBatch,
  type RerouteMessage,
  type StalledDelivery,
} from './relay-outbox.ts';
export { sendTestWebhook, type TestWebhookSent } from './send-test-webhook.ts';
export {
  endpointWants,
  eventTypeOfTopic,
  OutboxTopic,
  PLATFORM_CHANNEL_SLUG,
  RELAYED_TOPICS,
  type ReroutePayload,
  WEBHOOK_EVENT_TOPICS,
  WEBHOOK_TEST_EVENT_TYPE,
  webhookIdFor,
} from './topics.ts';
export { STRICT_URL_POLICY, type WebhookUrlPolicy, webhookUrlProblems } from './url-policy.ts';
export {
  closeDeliveryForDisabledEndpoint,
  listWebhookDeliveries,
  redeliverWebhook,
  type WebhookDeliveryFilter,
  type WebhookDeliveryView,
} from './webhook-deliveries.ts';
export {
  type CreateWebhookEndpointInput,
  createWebhookEndpoint,
  eventTypeProblems,
  listWebhookEndpoints,
  rotateWebhookSecret,
  type UpdateWebhookEndpointInput,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPE_NAMES,
  type WebhookEndpointView,
} from './webhook-endpoints.ts';
