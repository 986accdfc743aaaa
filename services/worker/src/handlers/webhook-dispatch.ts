// Delivers webhook attempts: one attempt of one delivery (retries, redeliveries, the sweep's
// re-queued jobs) or the first attempts of a batch of one vendor's deliveries. Each attempt:
// load it as its vendor, sign and post through the egress guard, record the attempt and its
// consequence, queue the next attempt if any.
import { createGroupCommit, type PrismaClient } from '@bvg/db';
import {
  closeDeliveryForDisabledEndpoint,
  type DeliveryToAttempt,
  dispatchJobId,
  type RecordAttemptInput,
  syncVendorDeliveries,
} from '@bvg/domain';
import { deliverWebhookAttemptJob, deliverWebhookBatchJob } from '@bvg/queue';
import { attemptDelivery, type EgressClient, type RetrySchedule } from '@bvg/webhooks';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { BatchIndex } from '../dispatch/batch-index.ts';
import { decideDeliveryOutcome } from '../dispatch/decide-outcome.ts';

import type { VendorLimiter } from '../dispatch/vendor-limiter.ts';

export interface WebhookDispatchDeps {
  prisma: PrismaClient;
  client: EgressClient;
  /** Where the next attempt is queued (the dispatch queue itself). */
  queue: Queue;
  schedule: RetrySchedule;
  limiter: VendorLimiter;
  /** Where the relay noted which batch job holds which deliveries. */
  batchIndex: BatchIndex;
  logger: Logger;
  now?: () => Date;
  /**
   * Loads and records of one vendor's concurrent attempts share a statement: at most
   * `maxBatch` per statement, `maxInFlight` statements of a kind per vendor at once.
   */
  batching?: { maxBatch: number; maxInFlight: number };
}

export type DispatchResult =
  | 'SUCCEEDED'
  | 'RETRYING'
  | 'EXHAUSTED'
  | 'ENDPOINT_DISABLED'
  | 'SKIPPED_DONE'
  | 'SKIPPED_MISSING';

/** A batch job's result: how many of its deliveries ended each way. */
export type BatchDispatchResult = Partial<Record<DispatchResult, number>>;

// A full vendor's job comes back after a short, spread-out pause.
const requeueDelayMs = () => 20 + Math.floor(Math.random() * 40);

export function createWebhookDispatchHandler(deps: WebhookDispatchDeps) {
  const now = deps.now ?? (() => new Date());
  const batching = deps.batching ?? { maxBatch: 100, maxInFlight: 1 };
  // A vendor's loads and records waiting at the same time share one transaction.
  const sync = createGroupCommit<
    { load: string } | { record: RecordAttemptInput },
    DeliveryToAttempt | null | boolean
  >(async (vendorId, items) => {
    const record = items.flatMap((i) => ('record' in i ? [i.record] : []));
    const { recorded, loaded } = await syncVendorDeliveries(deps.prisma, {
      vendorId,
      record,
      load: items.flatMap((i) => ('load' in i ? [i.load] : [])),
      now: now(),
    });
    return items.map((i) =>
      'load' in i ? (loaded.get(i.load) ?? null) : (recorded[record.indexOf(i.record)] ?? false),
    );
  }, batching);
  const load = async (vendorId: string, deliveryId: string) =>
    (await sync(vendorId, { load: deliveryId })) as DeliveryToAttempt | null;
  const record = async (vendorId: string, input: RecordAttemptInput) =>
    (await sync(vendorId, { record: input })) === true;

  /** Set once the process is shutting down: batches start no more deliveries. */
  let handingOver = false;

  /** A vendor that is full puts the job back for a moment (see the limiter). */
  async function putBack(
    job: Job,
    token: string | undefined,
    delayMs = requeueDelayMs(),
  ): Promise<never> {
    if (!token) throw new Error('a job needs its lock token to be put back');
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }

  async function runAttempt(job: Job, token?: string): Promise<DispatchResult> {
    const data = deliverWebhookAttemptJob.payload.parse(job.data);
    if (!(await deps.limiter.acquire(data.vendorId))) return putBack(job, token);
    try {
      return await deliver(data);
    } finally {
      deps.limiter.release(data.vendorId);
    }
  }

  /**
   * The batch's deliveries go through up to the vendor's limit of lanes; each lane takes a slot
   * per delivery and gives it back after, so the vendor's other jobs get their turn. One
   * delivery's failure does not stop the others: the job fails at the end, naming how many,
   * and the relay's sweep queues those deliveries again as single attempts.
   */
  async function runBatch(job: Job, token?: string): Promise<BatchDispatchResult> {
    const data = deliverWebhookBatchJob.payload.parse(job.data);
    const { vendorId } = data;
    // A delivery named twice would be posted twice at once; once is what the job means.
    const deliveryIds = [...new Set(data.deliveryIds)];
    if (handingOver || !(await deps.limiter.acquire(vendorId))) return putBack(job, token);
    const counts: BatchDispatchResult = {};
    const failures: string[] = [];
    let next = 0;
    const lane = async (holding: boolean) => {
      for (;;) {
        if (!holding) await deps.limiter.wait(vendorId);
        holding = false;
        const deliveryId = handingOver ? undefined : deliveryIds[next];
        if (deliveryId !== undefined) next += 1;
        try {
          if (deliveryId === undefined) return;
          const result = await deliver({ deliveryId, vendorId, attempt: 1, step: 1 });
          counts[result] = (counts[result] ?? 0) + 1;
        } catch (error) {
          failures.push(`${deliveryId}: ${(error as Error).message}`);
        } finally {
          deps.limiter.release(vendorId);
        }
      }
    };
    try {
      const lanes = Math.min(deps.limiter.limit, deliveryIds.length);
      await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i === 0)));
    } finally {
      await deps.batchIndex.release(deliveryIds.slice(0, next));
    }
    const rest = deliveryIds.slice(next);
    if (rest.length > 0) {
      // This process is shutting down: the same job, with the deliveries it did not start,
      // goes back to the queue at once for another worker (the batch index still names it).
      await job.updateData({ vendorId, deliveryIds: rest });
      deps.logger.info(
        // Deliveries that failed here are left to the relay's sweep, as when a batch fails.
        { jobId: job.id, vendorId, handedOver: rest.length, counts, failed: failures.length },
        'shutting down: batch handed over',
      );
      return putBack(job, token, 0);
    }
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} of ${deliveryIds.length} deliveries failed, first: ${failures[0]}`,
      );
    }
    return counts;
  }

  return {
    processor: async (job: Job, token?: string): Promise<DispatchResult | BatchDispatchResult> =>
      job.name === deliverWebhookBatchJob.name ? runBatch(job, token) : runAttempt(job, token),
    /**
     * For shutdown, before the BullMQ worker closes (which waits for running jobs): a running
     * batch finishes the deliveries it has started and hands the rest back to the queue, so a
     * rolling restart does not wait for a whole batch to a slow partner.
     */
    handOverBatches() {
      handingOver = true;
    },
  };

  async function deliver(data: {
    deliveryId: string;
    vendorId: string;
    attempt: number;
    step?: number | undefined;
    redelivery?: boolean | undefined;
  }): Promise<DispatchResult> {
    const delivery = await load(data.vendorId, data.deliveryId);
    if (!delivery) return 'SKIPPED_MISSING';
    // A duplicate job (relay redo, sweep) for an attempt already made or a delivery already done.
    if (delivery.status !== 'PENDING' && delivery.status !== 'RETRYING') return 'SKIPPED_DONE';
    if (delivery.attemptCount >= data.attempt) return 'SKIPPED_DONE';
    if (!delivery.endpoint.active) {
      await closeDeliveryForDisabledEndpoint(deps.prisma, { deliveryId: delivery.id });
      return 'ENDPOINT_DISABLED';
    }
    const attemptNumber = delivery.attemptCount + 1;
    const step = data.step ?? attemptNumber;
    const attempt =
      delivery.secrets.length === 0
        ? {
            classification: { outcome: 'RETRY' as const },
            attemptedAt: now(),
            status: undefined,
            latencyMs: undefined,
            error: { code: 'NO_SECRET', message: 'the endpoint has no valid signing secret' },
          }
        : await attemptDelivery(
            deps.client,
            {
              url: delivery.endpoint.url,
              secret: delivery.secrets,
              id: delivery.webhookId,
              body: delivery.body,
            },
            now,
          );
    const decision = decideDeliveryOutcome({
      classification: attempt.classification,
      step,
      schedule: deps.schedule,
      now: now(),
      redelivery: data.redelivery ?? false,
      responseStatus: attempt.status,
    });
    const recorded = await record(delivery.vendorId, {
      delivery,
      attemptNumber,
      startedAt: attempt.attemptedAt,
      url: delivery.endpoint.url,
      latencyMs: attempt.latencyMs,
      responseStatus: attempt.status,
      error: attempt.error ? `${attempt.error.code}: ${attempt.error.message}` : undefined,
      outcome: decision.outcome,
    });
    if (!recorded) return 'SKIPPED_DONE';
    if (decision.outcome.kind === 'RETRYING' && decision.delayMs !== null) {
      const next = {
        deliveryId: delivery.id,
        vendorId: delivery.vendorId,
        attempt: attemptNumber + 1,
        step: step + 1,
        ...(data.redelivery ? { redelivery: true } : {}),
      };
      // If this add is lost (crash, Redis gone), the relay's sweep re-queues the same job id.
      await deps.queue.add(deliverWebhookAttemptJob.name, next, {
        ...deliverWebhookAttemptJob.defaultOptions,
        jobId: dispatchJobId(next),
        delay: decision.delayMs,
      });
    }
    if (decision.outcome.kind === 'EXHAUSTED' || decision.outcome.kind === 'ENDPOINT_DISABLED') {
      deps.logger.warn(
        { deliveryId: delivery.id, vendorId: delivery.vendorId, outcome: decision.outcome.kind },
        'webhook delivery closed without success',
      );
    }
    return decision.outcome.kind;
  }
}
