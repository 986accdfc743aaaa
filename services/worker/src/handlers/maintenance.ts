// Runs one tick of a maintenance schedule: a short call into the domain. A scheduler queues the
// next tick when this one starts, so a run longer than its interval could overlap the next on
// another worker; a lock per job kind makes the later one skip instead.
import type { PrismaClient } from '@bvg/db';
import {
  closeQuietResolvedCases,
  DEFAULT_ALERT_SWEEP,
  expireOffers,
  findUnstartedBulkOperations,
  retryUnroutedCases,
  runDueSandboxSchedules,
  sweepAlertConditions,
  sweepSlaClocks,
} from '@bvg/domain';
import { MAINTENANCE_JOBS, MaintenanceJob } from '@bvg/queue';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLeaderLock } from '../dispatch/leader-lock.ts';
import { createScorecardRollupHandler } from './scorecard-rollup.ts';

export interface MaintenanceDeps {
  prisma: PrismaClient;
  redis: Redis;
  /** Key prefix of the per-job locks (the queue prefix keeps test stacks apart). */
  lockPrefix: string;
  /** How long a resolved case stays open for the user to come back before it closes. */
  closeResolvedAfterMs: number;
  /** How long before a due time the SLA sweep warns the vendor. */
  slaWarnBeforeMs: number;
  /** SLA_AT_RISK: this many cases of a vendor due within `slaWarnBeforeMs`. */
  slaAtRiskMinCases?: number;
  /** Longest a run may hold its lock; a crashed run's lock lapses after it. */
  lockTtlMs: number;
  /** The retry-unrouted schedule: also how long a bulk operation may wait unqueued. */
  retryUnroutedEveryMs?: number;
  /** Queues (again) the job of bulk operations that never started. */
  requeueBulkOperations?: (operationIds: string[]) => Promise<void>;
  logger: Logger;
  now?: () => Date;
}

export type MaintenanceResult =
  | { job: 'sla-sweep'; warned: number; breached: number }
  | { job: 'expire-offers'; expired: number }
  | { job: 'rollup-scorecards'; cases: number; cells: number; lastEventId: string }
  | { job: 'close-resolved'; closed: number }
  | { job: 'sandbox-cases'; runs: number; cases: number; failed: number }
  | {
      job: 'retry-unrouted';
      madeDue: number;
      tried: number;
      offered: number;
      stillUnrouted: number;
      requeuedOperations: number;
    }
  | { job: 'alert-conditions'; raised: number; resolved: number }
  | { job: MaintenanceJob; skipped: 'already running' };

const isMaintenanceJob = (name: string): name is MaintenanceJob =>
  (MAINTENANCE_JOBS as readonly string[]).includes(name);

export function createMaintenanceHandler(deps: MaintenanceDeps) {
  const now = deps.now ?? (() => new Date());
  const run = async (name: MaintenanceJob): Promise<MaintenanceResult> => {
    if (name === MaintenanceJob.SlaSweep) {
      const result = await sweepSlaClocks(deps.prisma, {
        now: now(),
        warnBeforeMs: deps.slaWarnBeforeMs,
      });
      return { job: name, ...result };
    }
    if (name === MaintenanceJob.RollupScorecards) return { job: name, ...(await foldNewEvents()) };
    if (name === MaintenanceJob.CloseResolved) {
      const closed = await closeQuietResolvedCases(deps.prisma, {
        now: now(),
        quietMs: deps.closeResolvedAfterMs,
      });
      return { job: name, closed };
    }
    if (name === MaintenanceJob.SandboxCases) {
      return { job: name, ...(await runDueSandboxSchedules(deps.prisma, now())) };
    }
    if (name === MaintenanceJob.RetryUnrouted) return { job: name, ...(await retryUnrouted()) };
    if (name === MaintenanceJob.AlertConditions) {
      const result = await sweepAlertConditions(deps.prisma, {
        now: now(),
        slaAtRiskWithinMs: deps.slaWarnBeforeMs,
        slaAtRiskMinCases: deps.slaAtRiskMinCases ?? DEFAULT_ALERT_SWEEP.slaAtRiskMinCases,
        failingAfterAttempts: DEFAULT_ALERT_SWEEP.failingAfterAttempts,
      });
      return { job: name, ...result };
    }
    return { job: name, expired: await expireOffers(deps.prisma, now()) };
  };

  // Capacity that freed since the last look is found from the database (resolved cases,
  // capacity, vendor and ruleset changes after the watermark), so no writer has to announce it.
  // The watermark trails the run's start a little: a change committed late is still seen.
  const freedWatermarkKey = `${deps.lockPrefix}:unrouted-freed-watermark`;
  const retryUnrouted = async () => {
    const startedAt = now();
    const stored = await deps.redis.get(freedWatermarkKey);
    const freedSince = stored ? new Date(stored) : new Date(startedAt.getTime() - 10 * 60_000);
    const result = await retryUnroutedCases(deps.prisma, { now: startedAt, freedSince });
    await deps.redis.set(freedWatermarkKey, new Date(startedAt.getTime() - 2_000).toISOString());
    let requeuedOperations = 0;
    if (deps.requeueBulkOperations) {
      const stale = await findUnstartedBulkOperations(deps.prisma, {
        createdBefore: new Date(startedAt.getTime() - (deps.retryUnroutedEveryMs ?? 10_000)),
      });
      if (stale.length > 0) await deps.requeueBulkOperations(stale);
      requeuedOperations = stale.length;
    }
    return { ...result, requeuedOperations };
  };

  // The watermark (last folded case event) lives in Redis; if it is lost (a Redis restarted
  // empty) folding starts again from the first event, which is slow but exact.
  const rollup = createScorecardRollupHandler(deps.prisma);
  const watermarkKey = `${deps.lockPrefix}:rollup-watermark`;
  const foldNewEvents = async () => {
    let afterEventId = (await deps.redis.get(watermarkKey)) ?? '0';
    let cases = 0;
    let cells = 0;
    // Bounded per tick so one run never holds its lock for long; the next tick continues.
    for (let batch = 0; batch < 10; batch++) {
      const result = await rollup({ data: { afterEventId } });
      cases += result.cases;
      cells += result.cells;
      afterEventId = result.lastEventId;
      await deps.redis.set(watermarkKey, afterEventId);
      if (!result.more) break;
    }
    return { cases, cells, lastEventId: afterEventId };
  };

  return async (job: Pick<Job, 'name'>): Promise<MaintenanceResult> => {
    if (!isMaintenanceJob(job.name)) throw new Error(`unknown maintenance job ${job.name}`);
    const lock = createLeaderLock(deps.redis, `${deps.lockPrefix}:${job.name}`, deps.lockTtlMs);
    if (!(await lock.refresh())) return { job: job.name, skipped: 'already running' };
    try {
      const result = await run(job.name);
      deps.logger.debug(result, 'maintenance run');
      return result;
    } finally {
      await lock.release();
    }
  };
}
