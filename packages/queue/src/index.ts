export { ALERTS_ROUTING_KEY, type AlertNotice, publishAlerts } from './alerts-channel.ts';
export {
  BULK_OPERATIONS_ROUTING_KEY,
  type BulkOperationNotice,
  bulkOperationChannel,
  publishBulkOperationProgress,
} from './bulk-operations-channel.ts';
export {
  bulkCaseOperationJob,
  type DeliverWebhookAttempt,
  type DeliverWebhookBatch,
  defineJob,
  deliverWebhookAttemptJob,
  deliverWebhookBatchJob,
  type JobDefinition,
  MAINTENANCE_JOBS,
  MAX_DELIVERIES_PER_BATCH,
  MaintenanceJob,
  maintenanceJobData,
  maintenanceJobOptions,
  QueueName,
} from './jobs.ts';
export {
  OFFERS_ROUTING_KEY,
  type OfferNotice,
  offersChannel,
  publishOffer,
  publishOffers,
} from './offers-channel.ts';
export { createRedis, type RedisRole, waitForRedis } from './redis.ts';
