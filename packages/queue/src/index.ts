export {
  defineJob,
  type JobDefinition,
  QueueName,
  scorecardRollupJob,
  slaCheckJob,
  webhookDispatchJob,
} from './queues.ts';
export { createRedis, type RedisRole, waitForRedis } from './redis.ts';
