export { ALERTS_ROUTING_KEY, type AlertNotice, publishAlerts } from './alerts-channel.ts';
export {
  BULK_OPERATIONS_ROUTING_KEY,
  type BulkOperationNotice,
  bulkOperationChannel,
  publishBulkOperationProgress,
} from './bulk-operations-channel.ts';
export {
  OFFERS_ROUTING_KEY,
  type OfferNotice,
  offersChannel,
  publishOffer,
  publishOffers,
} from './offers-channel.ts';
export {
  bulkCaseOperationJob,
  defineJob,
  type JobDefinition,
  QueueName,
  scorecardRollupJob,
  slaCheckJob,
  webhookDispatchJob,
} from './queues.ts';
export { createRedis, type RedisRole, waitForRedis } from './redis.ts';
