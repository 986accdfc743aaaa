// The job catalogue: every queue and job, with the zod schema of its data, which producers and
// the worker both import. Job data is ids only (no secrets, no payload, no PII).
import { z } from 'zod';

/** Every queue the system uses; producers and workers refer to them only through this. */
export const QueueName = {
  /** Webhook deliveries to vendor endpoints. */
  WebhookDispatch: 'webhook-dispatch',
  /** Ops' bulk operations on cases (re-route, recall, assign), a chunk at a time. */
  CaseOperations: 'case-operations',
  /** Periodic system work, produced by BullMQ job schedulers (one job per tick). */
  Maintenance: 'maintenance',
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

/**
 * One attempt of one delivery (retries and redeliveries: each has its own delay). Handled by
 * services/worker/src/handlers/webhook-dispatch.ts.
 */
export const deliverWebhookAttemptJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver-attempt',
  payload: z.object({
    deliveryId: z.string().uuid(),
    vendorId: z.string().uuid(),
    /** The delivery's attempt number this job makes; its job id is `${deliveryId}_${attempt}`. */
    attempt: z.number().int().positive(),
    /** Position in the retry schedule (1 = first try); absent for jobs re-queued by the sweep. */
    step: z.number().int().positive().optional(),
    /** A redelivery asked for by the vendor or ops: exhausting it does not re-route the case. */
    redelivery: z.boolean().optional(),
  }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});
export type DeliverWebhookAttempt = z.infer<typeof deliverWebhookAttemptJob.payload>;

/** Most deliveries one batch job carries (and the most a relay pass gives one job). */
export const MAX_DELIVERIES_PER_BATCH = 100;

/**
 * First attempts of several deliveries of one vendor, from one relay pass. A BullMQ job costs
 * several Redis round trips and script runs in the relay and the worker; one per delivery was
 * the largest share of the worker's Redis work. Handled by
 * services/worker/src/handlers/webhook-dispatch.ts.
 */
export const deliverWebhookBatchJob = defineJob({
  queue: QueueName.WebhookDispatch,
  name: 'deliver-batch',
  payload: z.object({
    vendorId: z.string().uuid(),
    deliveryIds: z.array(z.string().uuid()).min(1).max(MAX_DELIVERIES_PER_BATCH),
  }),
  defaultOptions: { attempts: 1, removeOnComplete: 1000, removeOnFail: 5000 },
});
export type DeliverWebhookBatch = z.infer<typeof deliverWebhookBatchJob.payload>;

/** Runs one bulk operation. Handled by services/worker/src/handlers/bulk-case-operation.ts. */
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

/**
 * The maintenance jobs (one scheduler each, on `QueueName.Maintenance`). Handled by
 * services/worker/src/handlers/maintenance.ts; scheduled by the worker at start-up.
 */
export const MaintenanceJob = {
  /** Warns vendors before SLA breaches and records breaches (`sweepSlaClocks`). */
  SlaSweep: 'sla-sweep',
  /** Recalls offers whose lease ended and routes the cases again (`expireOffers`). */
  ExpireOffers: 'expire-offers',
  /** Folds new case events into the scorecard rollups (`refreshRollupsForCases`). */
  RollupScorecards: 'rollup-scorecards',
  /** Closes cases resolved longer than the quiet period ago (`closeQuietResolvedCases`). */
  CloseResolved: 'close-resolved',
  /** Makes the synthetic cases of sandbox schedules that are due (`runDueSandboxSchedules`). */
  SandboxCases: 'sandbox-cases',
  /** Routes due unrouted cases again, at once where capacity freed (`retryUnroutedCases`). */
  RetryUnrouted: 'retry-unrouted',
  /** Raises and clears condition alerts: capacity, failing endpoints, SLA at risk (`sweepAlertConditions`). */
  AlertConditions: 'alert-conditions',
} as const;
export type MaintenanceJob = (typeof MaintenanceJob)[keyof typeof MaintenanceJob];

export const MAINTENANCE_JOBS: readonly MaintenanceJob[] = Object.values(MaintenanceJob);

/** Maintenance jobs carry no data: each run reads what is due from the database. */
export const maintenanceJobData = z.object({});

// History is trimmed so a minute-by-minute job does not grow Redis.
export const maintenanceJobOptions = { removeOnComplete: 100, removeOnFail: 500 } as const;
