// The maintenance queue: periodic system work produced by BullMQ job schedulers. A scheduler
// keeps one pending job however many workers upsert it, so each tick runs once.

/** Not in @bvg/queue's catalogue: only the worker produces and consumes it. */
export const MAINTENANCE_QUEUE = 'maintenance';

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

// Schedules carry no data; history is trimmed so a minute-by-minute job does not grow Redis.
export const maintenanceJobOptions = { removeOnComplete: 100, removeOnFail: 500 } as const;
