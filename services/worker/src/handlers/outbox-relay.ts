// Moves committed outbox rows to BullMQ: one delivery per subscribed endpoint; the first
// attempts of a vendor's deliveries as one batch job (job id derived from its deliveries),
// other attempts one job each (job id derived from the delivery); then marks the rows. A crash
// at any point leaves rows PENDING, and the next pass redoes them onto the same deliveries and
// webhook-ids.
import type { PrismaClient } from '@bvg/db';
import {
  type DispatchJobSpec,
  dispatchJobId,
  findStalledDeliveries,
  markOutboxEnqueued,
  prepareOutboxBatch,
  type RerouteMessage,
  type StalledDelivery,
} from '@bvg/domain';
import {
  type DeliverWebhookBatch,
  deliverWebhookAttemptJob,
  deliverWebhookBatchJob,
  publishAlerts,
  publishOffers,
} from '@bvg/queue';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BatchIndex } from '../dispatch/batch-index.ts';
import { batchJobId, groupFirstAttempts } from '../dispatch/deliver-job.ts';
import { createLeaderLock } from '../dispatch/leader-lock.ts';

/** Re-routing a case is another module's job; the relay hands it the message. */
export interface RerouteHandler {
  onReroute(message: RerouteMessage): Promise<void>;
}

/** Until re-routing is wired in, the message is logged and consumed (the alert is already raised). */
export const noopRerouteHandler = (logger: Logger): RerouteHandler => ({
  async onReroute(message) {
    logger.warn({ caseId: message.payload.caseId }, 'case.reroute received; no re-routing handler');
  },
});

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  queue: Queue;
  /** For the leader lock. */
  redis: Redis;
  lockKey: string;
  logger: Logger;
  reroute: RerouteHandler;
  /** Which batch job holds which deliveries, for the sweep. */
  batchIndex: BatchIndex;
  /** Outbox rows per pass. */
  batchSize: number;
  /** First attempts per batch job; 1 queues one attempt job per delivery. */
  deliveriesPerJob: number;
  pollMs: number;
  sweepMs: number;
  /** Overdue deliveries read per sweep statement (see RELAY_SWEEP_PAGE). */
  sweepPage: number;
  stallMs: number;
  lockTtlMs: number;
}

/** Pages the sweep reads at most per run: its cost stays bounded in a very large backlog. */
const SWEEP_PAGES = 10;

// The listener goes when the timer fires: the loop sleeps thousands of times per signal.
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

const toJob = (spec: DispatchJobSpec, extra: { step?: number; redelivery?: boolean } = {}) => ({
  name: deliverWebhookAttemptJob.name,
  data: { deliveryId: spec.deliveryId, vendorId: spec.vendorId, attempt: spec.attempt, ...extra },
  opts: { ...deliverWebhookAttemptJob.defaultOptions, jobId: dispatchJobId(spec) },
});

const toBatchJob = (batch: DeliverWebhookBatch & { jobId: string }) => ({
  name: deliverWebhookBatchJob.name,
  data: { vendorId: batch.vendorId, deliveryIds: batch.deliveryIds },
  opts: { ...deliverWebhookBatchJob.defaultOptions, jobId: batch.jobId },
});

export function createOutboxRelay(options: OutboxRelayOptions) {
  const { logger } = options;
  const lock = createLeaderLock(options.redis, options.lockKey, options.lockTtlMs);
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  let lastSweep = 0;

  /** One batch; returns how many outbox rows it moved. */
  async function relayOnce(): Promise<number> {
    const batch = await prepareOutboxBatch(options.prisma, { limit: options.batchSize });
    if (batch.outboxIds.length === 0) return 0;
    const batched = options.deliveriesPerJob > 1;
    const firsts = batched ? batch.dispatch.filter((spec) => spec.attempt === 1) : [];
    const singles = batched ? batch.dispatch.filter((spec) => spec.attempt !== 1) : batch.dispatch;
    const batches = groupFirstAttempts(firsts, options.deliveriesPerJob).map((b) => ({
      ...b,
      jobId: batchJobId(b.vendorId, b.deliveryIds),
    }));
    await options.batchIndex.hold(batches);
    const jobs = [
      ...batches.map(toBatchJob),
      ...singles.map((spec) => toJob(spec, { step: 1 })),
      ...batch.redeliveries.map((spec) => toJob(spec, { step: 1, redelivery: true })),
    ];
    if (jobs.length > 0) await options.queue.addBulk(jobs);
    // A redelivered message may already have an attempt waiting out a retry delay: send it now.
    for (const spec of batch.redeliveries) {
      const job = await options.queue.getJob(dispatchJobId(spec));
      if (job && (await job.isDelayed())) await job.promote();
    }
    // A re-route that fails stays PENDING and is tried again next pass; it must not hold up
    // the deliveries of the rest of the batch.
    const failed = new Set<bigint>();
    for (const message of batch.reroutes) {
      try {
        await options.reroute.onReroute(message);
      } catch (error) {
        failed.add(message.outboxId);
        logger.error(
          { outboxId: String(message.outboxId), error: (error as Error).message },
          're-routing a case failed; retried on the next pass',
        );
      }
    }
    if (batch.malformed.length > 0) {
      logger.error({ outboxIds: batch.malformed.map(String) }, 'unreadable outbox rows skipped');
    }
    const done = batch.outboxIds.filter((id) => !failed.has(id));
    // Partners subscribed to their offers hear of them now, while the rows are marked (the
    // cases are committed either way). Best effort: a missed notice is still in
    // `cases(filter: {status: OFFERED})` and, where configured, in a webhook. One pipeline for
    // the batch's offers: a round trip each was a large share of the relay's Redis traffic.
    await Promise.all([
      markOutboxEnqueued(options.prisma, done),
      publishOffers(options.redis, batch.offers).catch((error: unknown) =>
        logger.warn(
          { error: (error as Error).message, offers: batch.offers.length },
          'offer notices not published',
        ),
      ),
      // Best effort too: a console that missed one reads `alerts(filter)` on its next refresh.
      publishAlerts(options.redis, batch.alerts).catch((error: unknown) =>
        logger.warn(
          { error: (error as Error).message, alerts: batch.alerts.length },
          'alert notices not published',
        ),
      ),
    ]);
    return done.length;
  }

  async function sweepOnce(): Promise<number> {
    const dueBefore = new Date(Date.now() - options.stallMs);
    const stalled: StalledDelivery[] = [];
    // A first attempt still waiting in its batch job (a backlog) is not lost. Behind a backlog
    // older than a page, the lost ones are on later pages: read on, within a bound per sweep.
    let after: StalledDelivery['cursor'] | undefined;
    for (let page = 0; page < SWEEP_PAGES && stalled.length < options.sweepPage; page++) {
      const found = await findStalledDeliveries(options.prisma, {
        dueBefore,
        limit: options.sweepPage,
        after,
      });
      const held = await options.batchIndex.stillHeld(
        found.filter((spec) => spec.attempt === 1).map((spec) => spec.deliveryId),
      );
      stalled.push(...found.filter((spec) => !held.has(spec.deliveryId)));
      if (found.length < options.sweepPage) break;
      after = found.at(-1)?.cursor;
    }
    if (stalled.length > 0) {
      await options.queue.addBulk(stalled.map((spec) => toJob(spec)));
      // BullMQ ignores an id it still holds as finished: a job that stalled too often (its
      // worker killed twice) sits in the failed set, so it is retried rather than re-added.
      for (const spec of stalled) {
        const job = await options.queue.getJob(dispatchJobId(spec));
        const state = await job?.getState();
        if (state === 'failed') await job?.retry('failed');
        else if (state === 'completed') {
          await job?.remove();
          const again = toJob(spec);
          await options.queue.add(again.name, again.data, again.opts);
        }
      }
      logger.info({ count: stalled.length }, 're-queued deliveries whose attempt was lost');
    }
    return stalled.length;
  }

  async function loop(): Promise<void> {
    const { signal } = controller;
    while (!signal.aborted) {
      try {
        if (!(await lock.refresh())) {
          await sleep(Math.min(1000, options.lockTtlMs / 3), signal);
          continue;
        }
        const moved = await relayOnce();
        if (Date.now() - lastSweep >= options.sweepMs) {
          lastSweep = Date.now();
          await sweepOnce();
        }
        if (moved < options.batchSize) await sleep(options.pollMs, signal);
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'outbox relay pass failed; retrying');
        await sleep(1000, signal);
      }
    }
  }

  return {
    lock,
    relayOnce,
    sweepOnce,
    start() {
      running ??= loop();
    },
    async stop() {
      controller.abort();
      await running;
      await lock.release().catch(() => {});
    },
  };
}
export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
