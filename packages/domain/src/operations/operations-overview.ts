// The live operations board: open work per vendor × scope × region (by status, oldest waiting,
// SLA at risk and breached, capacity used against the ceiling) and the backlog hour by hour
// over the last day. Made for a board that refreshes every few seconds: one statement on one
// pooled connection (no ORM transaction), reading indexes only — the partial index of open
// cases ("Case_open_overview_idx") once, and the last day's arrivals and resolutions from the
// created-at and resolved-at indexes, which carry the columns the case policy and the filters
// test; and a short shared cache, so many boards refreshing at once cost one read. Capacity
// use is folded from the open cases already read.
import { OPEN_CASE_STATUSES, RESOLVED_STATUSES } from '@bvg/case-status';
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
  // Only the filters given: a `$n IS NULL OR …` test would be checked on every open case.
  const filter = Prisma.join(
    [
      Prisma.sql`TRUE`,
      ...(vendor ? [Prisma.sql`c."vendorId" = ${vendor}::uuid`] : []),
      ...(scopes ? [Prisma.sql`c."scopeCode" = ANY(${scopes}::text[])`] : []),
      ...(regions ? [Prisma.sql`c."regionCode" = ANY(${regions}::text[])`] : []),
    ],
    ' AND ',
  );
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
        -- Grouped by the index's own columns, in its order (no casts, no hashing): one pass over
        -- the open cases' index entries. Which statuses are "waiting" is decided per group.
        SELECT c."vendorId", c."scopeCode" AS scope, c."regionCode" AS region, c.status,
               count(*)::int AS n, min(c."createdAt") AS oldest,
               count(*) FILTER (WHERE k.due >= ${now} AND k.due < ${riskUntil})::int AS "atRisk",
               count(*) FILTER (WHERE k.due < ${now})::int AS breached
          FROM "Case" c
          CROSS JOIN LATERAL (SELECT CASE WHEN c.status = 'PENDING_USER' THEN NULL
                                          WHEN c."firstResponseAt" IS NULL THEN least(c."firstResponseDueAt", c."resolutionDueAt")
                                          ELSE c."resolutionDueAt" END AS due) k
         WHERE c.status NOT IN ${caseStatusList(RESOLVED_STATUSES)} AND ${filter}
         GROUP BY c."vendorId", c."scopeCode", c."regionCode", c.status
      ), capacity AS (
        SELECT cap."vendorId", cap."scopeCode" AS scope, cap."openCaseCeiling" AS ceiling
          FROM "VendorCapacity" cap
         WHERE ${vendor ? Prisma.sql`cap."vendorId" = ${vendor}::uuid` : Prisma.sql`TRUE`}
      ), arrivals AS (
        SELECT date_trunc('hour', c."createdAt") AS hour, count(*)::int AS n
          FROM "Case" c WHERE c."createdAt" >= ${since} AND ${filter} GROUP BY 1
      ), resolutions AS (
        SELECT date_trunc('hour', c."resolvedAt") AS hour, count(*)::int AS n
          FROM "Case" c WHERE c."resolvedAt" >= ${since} AND ${filter} GROUP BY 1
      ), buckets AS (
        SELECT coalesce(a.hour, r.hour) AS hour, coalesce(a.n, 0) AS arrivals,
               coalesce(r.n, 0) AS resolutions
          FROM arrivals a FULL JOIN resolutions r ON a.hour = r.hour
      )
      SELECT (SELECT json_agg(cells) FROM cells) AS cells,
             (SELECT json_agg(capacity) FROM capacity) AS capacity,
             (SELECT json_agg(buckets) FROM buckets) AS buckets`),
    // One backend, reading the open-cases index only: parallel workers multiply a query that
    // every board repeats (and on a busy host were slower than the index-only scan); JIT
    // compiling costs more than the scan it would speed up. Planned for its values each time
    // (under a millisecond): a generic plan guesses a third of all cases for the last day's
    // arrivals and sizes its hash tables for that (`pnpm bench ops-overview`).
    {
      settings: {
        jit: 'off',
        max_parallel_workers_per_gather: '0',
        plan_cache_mode: 'force_custom_plan',
      },
    },
  );
  const statusRows = (row?.cells ?? []).map((r) => ({ ...r, oldest: new Date(r.oldest) }));
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
