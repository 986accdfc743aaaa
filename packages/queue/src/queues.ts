import { z } from 'zod';

/** Every queue the system uses; producers and workers refer to them only through this. */
export const QueueName = {
  /** Moves committed outbox rows into the dispatch queue. */
  OutboxRelay: 'outbox-relay',
  /** Delivers one webhook message to one vendor endpoint. */
  WebhookDispatch: 'webhook-dispatch',
  /** Minute-granularity SLA checks and the periodic sweep. */
  SlaClock: 'sla-clock',
  /** Folds case events into scorecard rollups. */
  ScorecardRollup: 'scorecard-rollup',
  /** Runs ops' bulk operations on cases (re-route, recall, assign) a chunk at a time. */
  CaseOperations: 'case-operations',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * A job's one typed definition, shared by producer and worker: the worker parses the payload
 * again (jobs may have been queued by an older release; new fields must be optional).
 */
export interface JobDefinition<S extends z.ZodType> {
  queue: QueueName;
  name: string;
  payload: S;
  defaultOptions: {
    attempts: number;
    backoff?: { type: 'exponential' | 'fixed'; delay: number };
    removeOnComplete?: number | boolean;
    removeOnFail?: number | boolean;
  };
}

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>) => definition;

export const webhookDispatchJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver',
  // Ids only: no secrets and no PII in job data.
  payload: z.object({ outboxId: z.string(), vendorId: z.string().uuid() }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});

export const slaCheckJob = defineJob({
  queue: QueueName.SlaClock,
  name: 'check-case',
  payload: z.object({ caseId: z.string().uuid(), vendorId: z.string().uuid().optional() }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
  },
});

export const scorecardRollupJob = defineJob({
  queue: QueueName.ScorecardRollup,
  name: 'fold-events',
  payload: z.object({ afterEventId: z.string().optional() }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 100,
  },
});

export const bulkCaseOperationJob = defineJob({
  queue: QueueName.CaseOperations,
  name: 'run-bulk-operation',
  // The operation's id only: what it covers and how far it got live in PostgreSQL.
  payload: z.object({ operationId: z.string().uuid() }),
  defaultOptions: {
    // A run resumes where the last one stopped, so retrying a failed run is safe.
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});
