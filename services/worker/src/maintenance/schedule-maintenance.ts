import { MaintenanceJob, maintenanceJobData, maintenanceJobOptions } from '@bvg/queue';
import type { Queue } from 'bullmq';

export interface MaintenanceIntervals {
  slaSweepEveryMs: number;
  offerExpiryEveryMs: number;
  rollupEveryMs: number;
  closeResolvedEveryMs: number;
  sandboxCasesEveryMs: number;
  retryUnroutedEveryMs: number;
  alertSweepEveryMs: number;
}

/**
 * Creates or updates the maintenance schedulers. Every worker calls this at start-up: the
 * scheduler id makes it an upsert, so there is still one schedule (and one job per tick).
 */
export async function scheduleMaintenance(
  queue: Queue,
  intervals: MaintenanceIntervals,
): Promise<void> {
  const every: Record<MaintenanceJob, number> = {
    [MaintenanceJob.SlaSweep]: intervals.slaSweepEveryMs,
    [MaintenanceJob.ExpireOffers]: intervals.offerExpiryEveryMs,
    [MaintenanceJob.RollupScorecards]: intervals.rollupEveryMs,
    [MaintenanceJob.CloseResolved]: intervals.closeResolvedEveryMs,
    [MaintenanceJob.SandboxCases]: intervals.sandboxCasesEveryMs,
    [MaintenanceJob.RetryUnrouted]: intervals.retryUnroutedEveryMs,
    [MaintenanceJob.AlertConditions]: intervals.alertSweepEveryMs,
  };
  for (const [name, ms] of Object.entries(every)) {
    await queue.upsertJobScheduler(
      name,
      { every: ms },
      { name, data: maintenanceJobData.parse({}), opts: maintenanceJobOptions },
    );
  }
}
