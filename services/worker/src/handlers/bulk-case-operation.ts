// Runs one of ops' bulk operations: a short call into the domain, which moves the cases a
// chunk per transaction and records progress with each chunk. Progress also goes to the job
// (BullMQ) and to subscribers (Redis pub/sub). A run that fails is retried by BullMQ and
// resumes where it stopped; once the attempts are spent the operation is marked FAILED.
import type { PrismaClient } from '@bvg/db';
import { failBulkCaseOperation, runBulkCaseOperation } from '@bvg/domain';
import { bulkCaseOperationJob, publishBulkOperationProgress } from '@bvg/queue';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function createBulkCaseOperationHandler(deps: {
  prisma: PrismaClient;
  redis: Redis;
  logger: Logger;
  chunkSize?: number;
}) {
  return async (job: Job) => {
    const { operationId } = bulkCaseOperationJob.payload.parse(job.data);
    try {
      const view = await runBulkCaseOperation(deps.prisma, operationId, {
        ...(deps.chunkSize ? { chunkSize: deps.chunkSize } : {}),
        onProgress: async (v) => {
          await job.updateProgress({ processed: v.processed, total: v.total });
          // Best effort: a subscriber that misses a notice still reads bulkCaseOperation(id).
          await publishBulkOperationProgress(deps.redis, {
            operationId: v.id,
            status: v.status,
            processed: v.processed,
            total: v.total,
          }).catch((error: unknown) =>
            deps.logger.warn({ error: (error as Error).message }, 'progress not published'),
          );
        },
      });
      return { status: view.status, processed: view.processed, succeeded: view.succeeded };
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        await failBulkCaseOperation(deps.prisma, operationId, (error as Error).message);
      }
      throw error;
    }
  };
}
