// Composition root of the worker process: one BullMQ Worker per queue that has handlers.
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createRedis, type QueueName } from '@bvg/queue';
import { type Processor, Worker } from 'bullmq';
import { type Logger, pino } from 'pino';
import type { WorkerConfig } from './env.ts';

/** Handlers by queue; each is a short call into the domain. Filled in as capabilities land. */
export type WorkerHandlers = Partial<Record<QueueName, Processor>>;

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
  });
  const connection = createRedis(config.REDIS_URL, 'worker');
  const handlers =
    typeof handlersOrFactory === 'function'
      ? handlersOrFactory({ prisma, logger })
      : handlersOrFactory;
  const workers = Object.entries(handlers).map(([queue, processor]) => {
    const worker = new Worker(queue, processor, {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
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
