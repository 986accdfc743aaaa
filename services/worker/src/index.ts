export {
  createWorkers,
  type WorkerDeps,
  type WorkerHandler,
  type WorkerHandlers,
  type WorkerQueueName,
} from './create-worker.ts';
export { type BatchIndex, createBatchIndex } from './dispatch/batch-index.ts';
export { createDispatch, type Dispatch } from './dispatch/create-dispatch.ts';
export { batchJobId } from './dispatch/deliver-job.ts';
export { loadWorkerEnv, type WorkerConfig } from './env.ts';
export { createBulkCaseOperationHandler } from './handlers/bulk-case-operation.ts';
export { createCaseRerouteHandler } from './handlers/case-reroute.ts';
export { createMaintenanceHandler, type MaintenanceResult } from './handlers/maintenance.ts';
export {
  createOutboxRelay,
  noopRerouteHandler,
  type RerouteHandler,
} from './handlers/outbox-relay.ts';
export { createScorecardRollupHandler } from './handlers/scorecard-rollup.ts';
export { scheduleMaintenance } from './maintenance/schedule-maintenance.ts';
export { type RunningWorker, startWorker } from './start-worker.ts';
