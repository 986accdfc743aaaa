// The worker process's parts, composed: webhook dispatch and the outbox relay (which hands
// `case.reroute` messages to re-routing), and the maintenance schedules (SLA sweep, offer
// expiry). `main.ts` runs it; tests run the same composition in process.
import { bulkCaseOperationJob, createRedis, QueueName } from '@bvg/queue';
import { Queue } from 'bullmq';
import { createWorkers } from './create-worker.ts';
import { createDispatch, type Dispatch } from './dispatch/create-dispatch.ts';
import type { WorkerConfig } from './env.ts';
import { createBulkCaseOperationHandler } from './handlers/bulk-case-operation.ts';
import { createCaseRerouteHandler } from './handlers/case-reroute.ts';
import { createMaintenanceHandler } from './handlers/maintenance.ts';
import { scheduleMaintenance } from './maintenance/schedule-maintenance.ts';

export async function startWorker(config: WorkerConfig) {
  const redis = createRedis(config.REDIS_URL, 'worker');
  const maintenanceQueue = new Queue(QueueName.Maintenance, {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
  });
  const caseOperations = new Queue(QueueName.CaseOperations, {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
  });
  // The job id is the operation's: queueing one again while it waits or runs is a no-op.
  const requeueBulkOperations = async (ids: string[]) => {
    await caseOperations.addBulk(
      ids.map((operationId) => ({
        name: bulkCaseOperationJob.name,
        data: { operationId },
        opts: { ...bulkCaseOperationJob.defaultOptions, jobId: operationId },
      })),
    );
  };
  let dispatch!: Dispatch;
  const worker = createWorkers(config, (deps) => {
    dispatch = createDispatch(config, { ...deps, reroute: createCaseRerouteHandler(deps.prisma) });
    return {
      ...dispatch.handlers,
      [QueueName.CaseOperations]: {
        // Operations are long and write-heavy: a few at a time, each chunk its own transaction.
        concurrency: 2,
        processor: createBulkCaseOperationHandler({
          prisma: deps.prisma,
          redis,
          logger: deps.logger.child({ module: 'case-operations' }),
          chunkSize: config.BULK_CHUNK_SIZE,
        }),
      },
      [QueueName.Maintenance]: {
        // One tick at a time in this process; the handler's lock covers other processes.
        concurrency: 1,
        processor: createMaintenanceHandler({
          prisma: deps.prisma,
          redis,
          lockPrefix: `${config.QUEUE_PREFIX}:maintenance-lock`,
          slaWarnBeforeMs: config.SLA_WARNING_LEAD_MS,
          slaAtRiskMinCases: config.SLA_AT_RISK_MIN_CASES,
          closeResolvedAfterMs: config.CLOSE_RESOLVED_AFTER_MS,
          lockTtlMs: config.MAINTENANCE_LOCK_TTL_MS,
          retryUnroutedEveryMs: config.UNROUTED_RETRY_EVERY_MS,
          requeueBulkOperations,
          logger: deps.logger.child({ module: 'maintenance' }),
        }),
      },
    };
  });
  const schedule = () =>
    scheduleMaintenance(maintenanceQueue, {
      slaSweepEveryMs: config.SLA_SWEEP_EVERY_MS,
      offerExpiryEveryMs: config.OFFER_EXPIRY_EVERY_MS,
      rollupEveryMs: config.ROLLUP_EVERY_MS,
      closeResolvedEveryMs: config.CLOSE_RESOLVED_EVERY_MS,
      sandboxCasesEveryMs: config.SANDBOX_CASES_EVERY_MS,
      retryUnroutedEveryMs: config.UNROUTED_RETRY_EVERY_MS,
      alertSweepEveryMs: config.ALERT_SWEEP_EVERY_MS,
    });
  await schedule();
  // A Redis restarted without persistence has forgotten the schedulers: upsert them again.
  redis.on('ready', () => {
    schedule().catch((error: unknown) =>
      worker.logger.error({ error: (error as Error).message }, 'could not schedule maintenance'),
    );
  });
  dispatch.relay.start();
  worker.logger.info({ queues: worker.workers.map((w) => w.name) }, 'worker started');

  return {
    logger: worker.logger,
    prisma: worker.prisma,
    dispatch,
    maintenanceQueue,
    /** Stops queueing new work first, lets running jobs finish, then drops connections. */
    async close() {
      await dispatch.relay.stop();
      dispatch.handOverBatches();
      await worker.close();
      await dispatch.close();
      await maintenanceQueue.close();
      await caseOperations.close();
      redis.disconnect();
    },
  };
}
export type RunningWorker = Awaited<ReturnType<typeof startWorker>>;
