// The live operations board: open work per vendor × scope × region (by status, oldest waiting,
// SLA at risk and breached, capacity used against the ceiling) and the backlog hour by hour
// over the last day. Made for a board that refreshes every few seconds: one statement on one
// pooled connection (no ORM transaction), reading the partial index of open cases
// ("Case_open_overview_idx") and only the last day's arrivals and resolutions; and a short
// shared cache, so many boards refreshing at once cost one read. Open cases are read once;
// capacity use is folded from the same rows.

import { OPEN_CASE_STATUSES, RESOLVED_STATUSES, ROUTABLE_STATUSES } from '@bvg/case-status';
import type { PrismaClient } from '@bvg/db';
import { caseStatusList, Prisma, systemScope, withScopedSql } from '@bvg/db';
import { validationError } from '../shared/domain-error.ts';
import {
  type BacklogPoint,
  backlogSeries,
  type CapacityRow,
  foldCells,
  type HourBucket,
  type OverviewCell,
  type StatusRow,
} from './overview-model.ts';

export interface OverviewInput {
  now?: Date;
  /** "At risk": due within this window (default 30 minutes, at most a day). */
  atRiskWithinMinutes?: number;
  vendorId?: string | null;
  scope?: readonly string[] | null;
  region?: readonly string[] | null;
}

export interface OperationsOverview {
  generatedAt: Date;
  atRiskWithinMinutes: number;
  totals: { open: number; unrouted: number; slaAtRisk: number; slaBreached: number };
  cells: OverviewCell[];
  backlog: BacklogPoint[];
}

/** Work not yet accepted by anyone (routing may still place it): "waiting" on the board. */
const WAITING = ROUTABLE_STATUSES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getOperationsOverview(
  prisma: PrismaClient,
  input: OverviewInput = {},
): Promise<OperationsOverview> {
  const now = input.now ?? new Date();
  const window = input.atRiskWithinMinutes ?? 30;
  const problems = [];
  if (!Number.isInteger(window) || window < 1 || window > 1440) {
    problems.push({
      path: 'atRiskWithinMinutes',
      message: 'must be a whole number of minutes, 1 to 1440',
    });
  }
  if (input.vendorId && !UUID.test(input.vendorId)) {
    problems.push({ path: 'vendorId', message: 'is not a vendor id' });
  }
  if (problems.length > 0) throw validationError(problems);

  const vendor = input.vendorId ?? null;
  const scopes = input.scope?.length ? [...input.scope] : null;
  const regions = input.region?.length ? [...input.region] : null;
  const filter = Prisma.sql`
    AND (${vendor}::uuid IS NULL OR c."vendorId" = ${vendor}::uuid)
    AND (${scopes}::text[] IS NULL OR c."scopeCode" = ANY(${scopes}::text[]))
    AND (${regions}::text[] IS NULL OR c."regionCode" = ANY(${regions}::text[]))`;
  const riskUntil = new Date(now.getTime() + window * 60_000);
  const lastHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const since = new Date(lastHour.getTime() - 23 * 3_600_000);

  const [row] = await withScopedSql(
    prisma,
    systemScope('operations overview'),
    (tx) =>
      tx.query<{
        cells: StatusRow[] | null;
        capacity: Omit<CapacityRow, 'used'>[] | null;
        buckets: HourBucket[] | null;
      }>(Prisma.sql`
      WITH cells AS (
        SELECT "vendorId"::text AS "vendorId", "scopeCode" AS scope, "regionCode" AS region,
               status::text AS status, count(*)::int AS n, min("createdAt") AS oldest,
               min("createdAt") FILTER (WHERE status IN ${caseStatusList(WAITING)}) AS "oldestWaiting",
               count(*) FILTER (WHERE due >= ${now} AND due < ${riskUntil})::int AS "atRisk",
               count(*) FILTER (WHERE due < ${now})::int AS breached
          FROM (SELECT c."vendorId", c."scopeCode", c."regionCode", c.status, c."createdAt",
                       CASE WHEN c.status = 'PENDING_USER' THEN NULL
                            WHEN c."firstResponseAt" IS NULL THEN least(c."firstResponseDueAt", c."resolutionDueAt")
                            ELSE c."resolutionDueAt" END AS due
                  FROM "Case" c
                 WHERE c.status NOT IN ${caseStatusList(RESOLVED_STATUSES)} ${filter}) open
         GROUP BY 1, 2, 3, 4
      ), capacity AS (
        SELECT cap."vendorId"::text AS "vendorId", cap."scopeCode" AS scope,
               cap."openCaseCeiling" AS ceiling
          FROM "VendorCapacity" cap
         WHERE (${vendor}::uuid IS NULL OR cap."vendorId" = ${vendor}::uuid)
      ), created AS (
        SELECT date_trunc('hour', c."createdAt") AS hour,
               count(*) FILTER (WHERE c."resolvedAt" IS NULL)::int AS "createdOpen",
               count(*) FILTER (WHERE c."resolvedAt" IS NOT NULL)::int AS "createdResolved"
          FROM "Case" c WHERE c."createdAt" >= ${since} ${filter} GROUP BY 1
      ), resolved AS (
        SELECT date_trunc('hour', c."resolvedAt") AS hour, count(*)::int AS resolved
          FROM "Case" c WHERE c."resolvedAt" >= ${since} ${filter} GROUP BY 1
      ), buckets AS (
        SELECT coalesce(a.hour, b.hour) AS hour, coalesce(a."createdOpen", 0) AS "createdOpen",
               coalesce(a."createdResolved", 0) AS "createdResolved", coalesce(b.resolved, 0) AS resolved
          FROM created a FULL JOIN resolved b ON a.hour = b.hour
      )
      SELECT (SELECT json_agg(cells) FROM cells) AS cells,
             (SELECT json_agg(capacity) FROM capacity) AS capacity,
             (SELECT json_agg(buckets) FROM buckets) AS buckets`),
    // One backend, reading the open-cases index only: parallel workers multiply a query that
    // every board repeats (and on a busy host were slower than the index-only scan); JIT
    // compiling costs more than the scan it would speed up (`pnpm bench ops-overview`).
    { settings: { jit: 'off', max_parallel_workers_per_gather: '0' } },
  );
  const statusRows = (row?.cells ?? []).map((r) => ({
    ...r,
    oldest: new Date(r.oldest),
    oldestWaiting: r.oldestWaiting ? new Date(r.oldestWaiting) : null,
  }));
  const cells = foldCells(statusRows, capacityUse(row?.capacity ?? [], statusRows));
  const buckets = (row?.buckets ?? []).map((b) => ({ ...b, hour: new Date(b.hour) }));
  const open = cells.reduce((n, c) => n + c.open, 0);
  return {
    generatedAt: now,
    atRiskWithinMinutes: window,
    totals: {
      open,
      unrouted: cells.reduce((n, c) => n + (c.byStatus.UNROUTED ?? 0), 0),
      slaAtRisk: cells.reduce((n, c) => n + c.slaAtRisk, 0),
      slaBreached: cells.reduce((n, c) => n + c.slaBreached, 0),
    },
    cells,
    backlog: backlogSeries(open, buckets, lastHour),
  };
}

/**
 * A ceiling counts the vendor's open cases of the scope in every region, in the statuses
 * routing counts against it — folded from the cells already read rather than read again.
 */
function capacityUse(
  caps: readonly Omit<CapacityRow, 'used'>[],
  rows: readonly StatusRow[],
): CapacityRow[] {
  const counted: ReadonlySet<string> = new Set(OPEN_CASE_STATUSES);
  const used = new Map<string, number>();
  for (const r of rows) {
    if (r.vendorId === null || !counted.has(r.status)) continue;
    const key = `${r.vendorId}|${r.scope}`;
    used.set(key, (used.get(key) ?? 0) + r.n);
  }
  return caps.map((c) => ({ ...c, used: used.get(`${c.vendorId}|${c.scope}`) ?? 0 }));
}

/**
 * The overview shared by every board for `ttlMs`: concurrent refreshes wait for one read
 * instead of each running it (a board refreshing every few seconds, on many screens).
 */
export function createOverviewCache(prisma: PrismaClient, ttlMs = 2_000) {
  const entries = new Map<string, { at: number; value: Promise<OperationsOverview> }>();
  return (input: Omit<OverviewInput, 'now'> = {}): Promise<OperationsOverview> => {
    const key = JSON.stringify([
      input.atRiskWithinMinutes ?? 30,
      input.vendorId ?? null,
      input.scope ?? null,
      input.region ?? null,
    ]);
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = getOperationsOverview(prisma, input);
    entries.set(key, { at: Date.now(), value });
    // A failed read is not kept: the next refresh tries again.
    value.catch(() => entries.delete(key));
    if (entries.size > 100) entries.delete(entries.keys().next().value!);
    return value;
  };
}
