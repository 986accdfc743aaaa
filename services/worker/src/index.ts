export { createWorkers, type WorkerDeps, type WorkerHandlers } from './create-worker.ts';
export { createDispatch, type Dispatch } from './dispatch/create-dispatch.ts';
export { deliverWebhookAttemptJob } from './dispatch/deliver-job.ts';
export { loadWorkerEnv, type WorkerConfig } from './env.ts';
export {
  createOutboxRelay,
  noopRerouteHandler,
  type RerouteHandler,
} from './handlers/outbox-relay.ts';
