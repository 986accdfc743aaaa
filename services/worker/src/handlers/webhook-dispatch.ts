// Delivers one attempt of one webhook delivery: load it as its vendor, sign and post through
// the egress guard, record the attempt and its consequence, queue the next attempt if any.
import { createGroupCommit, type PrismaClient } from '@bvg/db';
import {
  closeDeliveryForDisabledEndpoint,
  type DeliveryToAttempt,
  dispatchJobId,
  type RecordAttemptInput,
  syncVendorDeliveries,
} from '@bvg/domain';
import { attemptDelivery, type EgressClient, type RetrySchedule } from '@bvg/webhooks';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import { decideDeliveryOutcome } from '../dispatch/decide-outcome.ts';
import { deliverWebhookAttemptJob } from '../dispatch/deliver-job.ts';

import type { VendorLimiter } from '../dispatch/vendor-limiter.ts';

export interface WebhookDispatchDeps {
  prisma: PrismaClient;
  client: EgressClient;
  /** Where the next attempt is queued (the dispatch queue itself). */
  queue: Queue;
  schedule: RetrySchedule;
  limiter: VendorLimiter;
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

  return async (job: Job, token?: string): Promise<DispatchResult> => {
    const data = deliverWebhookAttemptJob.payload.parse(job.data);
    if (!(await deps.limiter.acquire(data.vendorId))) {
      if (!token) throw new Error('a limited job needs its lock token to be put back');
      await job.moveToDelayed(Date.now() + requeueDelayMs(), token);
      throw new DelayedError();
    }
    try {
      return await deliver(data);
    } finally {
      deps.limiter.release(data.vendorId);
    }
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
