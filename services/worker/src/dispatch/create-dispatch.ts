// Wires webhook dispatch: the egress client, the dispatch queue (for next attempts), the
// per-vendor limiter, the batch index, the handler, and the outbox relay loop.
import type { PrismaClient } from '@bvg/db';
import { createRedis, QueueName } from '@bvg/queue';
import { createEgressClient, retrySchedule } from '@bvg/webhooks';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../env.ts';
import {
  createOutboxRelay,
  noopRerouteHandler,
  type RerouteHandler,
} from '../handlers/outbox-relay.ts';
import { createWebhookDispatchHandler } from '../handlers/webhook-dispatch.ts';
import { createBatchIndex } from './batch-index.ts';
import { createVendorLimiter } from './vendor-limiter.ts';

export function createDispatch(
  config: WorkerConfig,
  deps: { prisma: PrismaClient; logger: Logger; reroute?: RerouteHandler },
) {
  const logger = deps.logger.child({ module: 'dispatch' });
  const redis = createRedis(config.REDIS_URL, 'worker');
  const queue = new Queue(QueueName.WebhookDispatch, {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
  });
  const batchIndex = createBatchIndex(
    redis,
    queue,
    `${config.QUEUE_PREFIX}:${QueueName.WebhookDispatch}:batch-holders`,
  );
  const client = createEgressClient({
    allowlist: config.egressAllowlist,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: 4096,
    userAgent: 'bvg-webhooks/1',
  });
  const handler = createWebhookDispatchHandler({
    prisma: deps.prisma,
    client,
    queue,
    schedule: retrySchedule({ scale: config.WEBHOOK_RETRY_SCALE }),
    limiter: createVendorLimiter(config.WEBHOOK_VENDOR_CONCURRENCY),
    batchIndex,
    logger,
  });
  const relay = createOutboxRelay({
    prisma: deps.prisma,
    queue,
    redis,
    lockKey: `${config.QUEUE_PREFIX}:outbox-relay:leader`,
    logger,
    reroute: deps.reroute ?? noopRerouteHandler(logger),
    batchIndex,
    batchSize: config.RELAY_BATCH_SIZE,
    deliveriesPerJob: config.WEBHOOK_DELIVERIES_PER_JOB,
    pollMs: config.RELAY_POLL_MS,
    sweepMs: config.RELAY_SWEEP_MS,
    sweepPage: config.RELAY_SWEEP_PAGE,
    stallMs: config.RELAY_STALL_MS,
    lockTtlMs: config.RELAY_LOCK_TTL_MS,
  });
  return {
    handlers: { [QueueName.WebhookDispatch]: handler.processor },
    /** Shutdown, step one: running batches hand back the deliveries they have not started. */
    handOverBatches: handler.handOverBatches,
    relay,
    queue,
    batchIndex,
    async close() {
      await relay.stop();
      await queue.close();
      client.close();
      redis.disconnect();
    },
  };
}
export type Dispatch = ReturnType<typeof createDispatch>;
