import { Prisma, type TenantTx } from '@bvg/db';
import {
  anchorDays,
  type Period,
  type RollupCell,
  rollupCellsForDays,
  utcDay,
} from '@bvg/scorecards';
import { loadCaseFacts } from './load-case-facts.ts';

const DAY_MS = 86_400_000;
/** Backfill window: bounds memory (facts of one window at a time) whatever the history. */
const WINDOW_DAYS = 7;
const INSERT_CHUNK = 2_000;

const dayStart = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

function requireDayAligned(at: Date, name: string) {
  if (at.getTime() % DAY_MS !== 0) throw new RangeError(`${name} must be a UTC day boundary`);
}

function daysOf(period: Period): Set<string> {
  const out = new Set<string>();
  for (let t = period.start.getTime(); t < period.end.getTime(); t += DAY_MS) {
    out.add(utcDay(new Date(t)));
  }
  return out;
}

async function writeCells(tx: TenantTx, cells: readonly RollupCell[]): Promise<void> {
  for (let i = 0; i < cells.length; i += INSERT_CHUNK) {
    const chunk = cells.slice(i, i + INSERT_CHUNK).map((c) => ({
      v: c.vendorId,
      s: c.scope,
      r: c.region,
      d: c.day,
      cell: c,
    }));
    // One statement per chunk: the rows travel as one JSON parameter.
    await tx.$executeRaw`
      INSERT INTO "ScorecardRollup" ("vendorId", "scopeCode", "regionCode", day, cell, "updatedAt")
      SELECT x.v::uuid, x.s, x.r, x.d::date, x.cell, now()
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(v text, s text, r text, d text, cell jsonb)
      ON CONFLICT ("vendorId", "scopeCode", "regionCode", day)
      DO UPDATE SET cell = EXCLUDED.cell, "updatedAt" = now()`;
  }
}

export interface RebuildRollupsInput {
  /** First day (UTC midnight), inclusive. */
  from: Date;
  /** Last day's end (UTC midnight), exclusive. */
  to: Date;
  /** Called after each window, e.g. to print progress. */
  onProgress?: (done: { through: Date; cells: number }) => void;
}

/**
 * Rebuilds every cell of the days in [from, to) from scratch (the backfill): per window of
 * days, the facts touching it are loaded from the events and folded; old cells are replaced.
 */
export async function rebuildRollups(
  tx: TenantTx,
  input: RebuildRollupsInput,
): Promise<{ cells: number }> {
  requireDayAligned(input.from, 'from');
  requireDayAligned(input.to, 'to');
  let total = 0;
  for (let t = input.from.getTime(); t < input.to.getTime(); t += WINDOW_DAYS * DAY_MS) {
    const window = {
      start: new Date(t),
      end: new Date(Math.min(t + WINDOW_DAYS * DAY_MS, input.to.getTime())),
    };
    const facts = await loadCaseFacts(tx, { period: window, asOf: null });
    const cells = rollupCellsForDays(facts, daysOf(window));
    await tx.$executeRaw`DELETE FROM "ScorecardRollup" WHERE day >= ${utcDay(window.start)}::date AND day < ${utcDay(window.end)}::date`;
    await writeCells(tx, cells);
    total += cells.length;
    input.onProgress?.({ through: window.end, cells: total });
  }
  return { cells: total };
}

/**
 * Recomputes the cells the given cases touch (the incremental path, run by the worker after
 * case events). For each vendor × scope × region a case belongs to, every day from its offer
 * to its latest anchor or event is rebuilt, so cells the case left (a resolution undone by a
 * reopen, a due time moved by a pause) lose it too.
 */
export async function refreshRollupsForCases(
  tx: TenantTx,
  caseIds: readonly string[],
): Promise<{ cells: number }> {
  if (caseIds.length === 0) return { cells: 0 };
  const facts = await loadCaseFacts(tx, { caseIds, asOf: null });
  const last = await tx.$queryRaw<{ caseId: string; at: Date }[]>`
    SELECT "caseId"::text AS "caseId", max("occurredAt") AS at FROM "CaseEvent"
     WHERE "caseId" = ANY(${[...caseIds]}::uuid[]) GROUP BY "caseId"`;
  const lastEvent = new Map(last.map((r) => [r.caseId, r.at]));
  const ranges = new Map<
    string,
    { vendorId: string; scope: string; region: string; days: Set<string> }
  >();
  for (const fact of facts) {
    const anchors = anchorDays(fact).map((d) => new Date(`${d}T00:00:00Z`).getTime());
    const lastAt = lastEvent.get(fact.caseId);
    if (lastAt) anchors.push(dayStart(lastAt).getTime());
    const from = dayStart(fact.assignedAt).getTime();
    const to = Math.max(from, ...anchors);
    const id = `${fact.vendorId}|${fact.scope}|${fact.region}`;
    const slot = ranges.get(id) ?? {
      vendorId: fact.vendorId,
      scope: fact.scope,
      region: fact.region,
      days: new Set<string>(),
    };
    for (let t = from; t <= to; t += DAY_MS) slot.days.add(utcDay(new Date(t)));
    ranges.set(id, slot);
  }
  let total = 0;
  for (const [id, key] of [...ranges].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Two workers refreshing one key take turns (sorted order: no deadlock).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rollup:${id}`}))`;
    const sorted = [...key.days].sort();
    const span = {
      start: new Date(`${sorted[0]}T00:00:00Z`),
      end: new Date(new Date(`${sorted.at(-1)}T00:00:00Z`).getTime() + DAY_MS),
    };
    const keyFacts = await loadCaseFacts(tx, {
      vendorId: key.vendorId,
      scope: key.scope,
      region: key.region,
      period: span,
      asOf: null,
    });
    const cells = rollupCellsForDays(keyFacts, key.days);
    await tx.$executeRaw`
      DELETE FROM "ScorecardRollup"
       WHERE "vendorId" = ${key.vendorId}::uuid AND "scopeCode" = ${key.scope}
         AND "regionCode" = ${key.region} AND day = ANY(${sorted}::date[])`;
    await writeCells(tx, cells);
    total += cells.length;
  }
  return { cells: total };
}

/** Stored cells of the days in the period (optionally one vendor's). */
export async function loadRollupCells(
  tx: TenantTx,
  input: { vendorId?: string; period: Period },
): Promise<RollupCell[]> {
  const vendor = input.vendorId
    ? Prisma.sql`AND "vendorId" = ${input.vendorId}::uuid`
    : Prisma.empty;
  const rows = await tx.$queryRaw<{ cell: RollupCell }[]>`
    SELECT cell FROM "ScorecardRollup"
     WHERE day >= ${utcDay(input.period.start)}::date AND day < ${utcDay(input.period.end)}::date ${vendor}
     ORDER BY "vendorId", "scopeCode", "regionCode", day`;
  return rows.map((r) => r.cell);
}
