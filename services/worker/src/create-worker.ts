// Composition root of the worker process: one BullMQ Worker per queue that has handlers.
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createRedis, type QueueName } from '@bvg/queue';
import { type Processor, Worker } from 'bullmq';
import { type Logger, pino } from 'pino';
import type { WorkerConfig } from './env.ts';

/** Queues the worker consumes: the catalogue's. */
export type WorkerQueueName = QueueName;

/** A processor, or one with its own concurrency (e.g. 1 for periodic maintenance). */
export type WorkerHandler = Processor | { processor: Processor; concurrency: number };

/** Handlers by queue; each is a short call into the domain. Filled in as capabilities land. */
export type WorkerHandlers = Partial<Record<WorkerQueueName, WorkerHandler>>;

/** What handler factories get: the process's shared connections. */
export interface WorkerDeps {
  prisma: PrismaClient;
  logger: Logger;
}

export function createWorkers(
  config: WorkerConfig,
  handlersOrFactory: WorkerHandlers | ((deps: WorkerDeps) => WorkerHandlers) = {},
) {
  const logger = pino({ level: config.LOG_LEVEL, name: 'worker' });
  const prisma = createPrismaClient({
    url: config.APP_DATABASE_URL ?? config.DATABASE_URL,
    applicationName: 'bvg-worker',
    max: config.DATABASE_POOL_SIZE,
  });
  const connection = createRedis(config.REDIS_URL, 'worker');
  const handlers =
    typeof handlersOrFactory === 'function'
      ? handlersOrFactory({ prisma, logger })
      : handlersOrFactory;
  const workers = Object.entries(handlers).map(([queue, handler]) => {
    const { processor, concurrency } =
      typeof handler === 'function'
        ? { processor: handler, concurrency: config.WORKER_CONCURRENCY }
        : handler;
    const worker = new Worker(queue, processor, {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency,
      lockDuration: config.WORKER_LOCK_DURATION_MS,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    });
    worker.on('failed', (job, error) =>
      logger.warn({ queue, jobId: job?.id, error: error.message }, 'job failed'),
    );
    worker.on('error', (error) => logger.error({ queue, error: error.message }, 'worker error'));
    return worker;
  });

  return {
    logger,
    prisma,
    workers,
    /** Lets running jobs finish (BullMQ's graceful close), then drops connections. */
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await prisma.$disconnect();
      connection.disconnect();
    },
  };
}
