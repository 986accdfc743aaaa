// The operations board's arithmetic, apart from the database: folding per-status counts into
// cells and hourly buckets into a backlog series. Pure, so it is tested without a database.
import { type CaseStatus, ROUTABLE_STATUSES } from '@bvg/case-status';

/**
 * Statuses in which the user waits on the support side: nobody has taken the case yet (routing
 * may still place it: new, unrouted, routed, offered, rejected, escalated to a team that has
 * not claimed it), or it was taken and not answered since it arrived (accepted) or since the
 * user came back (reopened). Not waiting: being worked after an answer (in progress) and
 * waiting on the user (pending).
 */
export const WAITING_STATUSES = [
  ...ROUTABLE_STATUSES,
  'ACCEPTED',
  'REOPENED',
] as const satisfies readonly CaseStatus[];
const waiting: ReadonlySet<string> = new Set(WAITING_STATUSES);

export interface OverviewCell {
  vendorId: string | null;
  scope: string;
  region: string;
  /** Open cases by status (statuses with none are absent). */
  byStatus: Record<string, number>;
  open: number;
  /** Earliest creation among cases whose user waits on support (`WAITING_STATUSES`). */
  oldestWaitingSince: Date | null;
  oldestOpenSince: Date | null;
  /** Clocks running (not paused) and due within the window. */
  slaAtRisk: number;
  /** Clocks running and already past due. */
  slaBreached: number;
  /** The vendor's open cases in this scope (all regions) and its ceiling; null: none set. */
  capacityUsed: number | null;
  capacityCeiling: number | null;
}

export interface StatusRow {
  vendorId: string | null;
  scope: string;
  region: string;
  status: string;
  n: number;
  /** Earliest creation among the cell's cases in this status. */
  oldest: Date;
  atRisk: number;
  breached: number;
}

export interface CapacityRow {
  vendorId: string;
  scope: string;
  ceiling: number;
  used: number;
}

export function foldCells(
  rows: readonly StatusRow[],
  capacity: readonly CapacityRow[],
): OverviewCell[] {
  const caps = new Map(capacity.map((c) => [`${c.vendorId}|${c.scope}`, c]));
  const cells = new Map<string, OverviewCell>();
  for (const r of rows) {
    const key = `${r.vendorId ?? '-'}|${r.scope}|${r.region}`;
    let cell = cells.get(key);
    if (!cell) {
      const cap = r.vendorId ? caps.get(`${r.vendorId}|${r.scope}`) : undefined;
      cell = {
        vendorId: r.vendorId,
        scope: r.scope,
        region: r.region,
        byStatus: {},
        open: 0,
        oldestWaitingSince: null,
        oldestOpenSince: null,
        slaAtRisk: 0,
        slaBreached: 0,
        capacityUsed: cap?.used ?? null,
        capacityCeiling: cap?.ceiling ?? null,
      };
      cells.set(key, cell);
    }
    cell.byStatus[r.status] = (cell.byStatus[r.status] ?? 0) + r.n;
    cell.open += r.n;
    cell.slaAtRisk += r.atRisk;
    cell.slaBreached += r.breached;
    if (waiting.has(r.status))
      cell.oldestWaitingSince = earliest(cell.oldestWaitingSince, r.oldest);
    cell.oldestOpenSince = earliest(cell.oldestOpenSince, r.oldest);
  }
  return [...cells.values()].sort(
    (a, b) =>
      b.slaBreached - a.slaBreached ||
      b.slaAtRisk - a.slaAtRisk ||
      b.open - a.open ||
      `${a.vendorId}${a.scope}${a.region}`.localeCompare(`${b.vendorId}${b.scope}${b.region}`),
  );
}

const earliest = (a: Date | null, b: Date | null) =>
  a === null ? b : b === null ? a : a.getTime() <= b.getTime() ? a : b;

export interface BacklogPoint {
  /** The start of the hour. */
  hour: Date;
  /** Cases open at the start of the hour. */
  backlog: number;
  /** Cases created during the hour. */
  arrivals: number;
  /** Cases resolved during the hour. */
  resolutions: number;
}

export interface HourBucket {
  hour: Date;
  /** Cases created in the hour (open or resolved since). */
  arrivals: number;
  /** Cases resolved in the hour. */
  resolutions: number;
}

/**
 * The backlog at the start of each of the `hours` hours up to `lastHour`, walked back from the
 * open count now: a case created since then was not yet there, and a case resolved since then
 * was still open unless it was created after it too (then it counts once each way). Only the
 * last day's arrivals and resolutions are read, however large the backlog.
 */
export function backlogSeries(
  openNow: number,
  buckets: readonly HourBucket[],
  lastHour: Date,
  hours = 24,
): BacklogPoint[] {
  const byHour = new Map(buckets.map((b) => [b.hour.getTime(), b]));
  const points: BacklogPoint[] = [];
  // Running sums over the hours from the current one back to h.
  let arrivedSince = 0;
  let resolvedSince = 0;
  for (let k = 0; k < hours; k++) {
    const hour = new Date(lastHour.getTime() - k * 3_600_000);
    const b = byHour.get(hour.getTime());
    arrivedSince += b?.arrivals ?? 0;
    resolvedSince += b?.resolutions ?? 0;
    points.push({
      hour,
      backlog: Math.max(0, openNow - arrivedSince + resolvedSince),
      arrivals: b?.arrivals ?? 0,
      resolutions: b?.resolutions ?? 0,
    });
  }
  return points.reverse();
}
