import {
  calibrationPairs,
  DEFAULT_CALIBRATION_THRESHOLD,
  firstResponseMinutes,
  inPeriod,
} from './kpis.ts';
import { nearestRank } from './percentile.ts';
import type { CaseFact, KpiKey, Period } from './types.ts';

/**
 * Upper bounds (inclusive) of the first-response-time histogram, in minutes; a last bucket
 * holds everything longer. Fixed so cells from any day or worker merge by adding.
 */
export const FRT_BUCKET_UPPER_MINUTES: readonly number[] = [
  1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1_440, 2_880, 4_320, 10_080,
];

/**
 * Additive sums and counts for one vendor × scope × region × UTC day. Each count is anchored
 * on the same event as the from-scratch KPI (see docs/kpis.md), so summing cells over the days
 * of a period gives the period's figures exactly. Backlog is a stock, not a flow: not here.
 */
export interface RollupCell {
  vendorId: string;
  scope: string;
  region: string;
  /** YYYY-MM-DD (UTC); a merged cell spanning days shows "first..last". */
  day: string;
  /** Offers (assignments) anchored on assignedAt, rejected ones included. */
  assigned: number;
  rejected: number;
  /** Escalated among the non-rejected assignments. */
  escalated: number;
  firstResponseDue: number;
  firstResponseMet: number;
  resolutionDue: number;
  resolutionMet: number;
  /** Anchored on firstResponseAt. */
  firstResponses: number;
  firstResponseMinutesSum: number;
  firstResponseMaxMinutes: number;
  /** Counts per FRT_BUCKET_UPPER_MINUTES bucket, plus one overflow bucket. */
  firstResponseHistogram: number[];
  /** Anchored on resolvedAt. */
  resolved: number;
  firstContactResolved: number;
  reopened: number;
  handled: number;
  handleSecondsSum: number;
  csatCount: number;
  csatSum: number;
  csatSatisfied: number;
  qaCount: number;
  qaScoreSum: number;
  qaCritical: number;
  qaVendorCount: number;
  qaVendorScoreSum: number;
  qaVendorCritical: number;
  qaInternalCount: number;
  qaInternalScoreSum: number;
  qaInternalCritical: number;
  calibrated: number;
  calibrationGapSum: number;
  calibrationWithin: number;
  calibrationThreshold: number;
}

export type RollupKey = Pick<RollupCell, 'vendorId' | 'scope' | 'region' | 'day'>;

export function emptyRollup(
  key: RollupKey,
  calibrationThreshold = DEFAULT_CALIBRATION_THRESHOLD,
): RollupCell {
  return {
    ...key,
    assigned: 0,
    rejected: 0,
    escalated: 0,
    firstResponseDue: 0,
    firstResponseMet: 0,
    resolutionDue: 0,
    resolutionMet: 0,
    firstResponses: 0,
    firstResponseMinutesSum: 0,
    firstResponseMaxMinutes: 0,
    firstResponseHistogram: new Array(FRT_BUCKET_UPPER_MINUTES.length + 1).fill(0),
    resolved: 0,
    firstContactResolved: 0,
    reopened: 0,
    handled: 0,
    handleSecondsSum: 0,
    csatCount: 0,
    csatSum: 0,
    csatSatisfied: 0,
    qaCount: 0,
    qaScoreSum: 0,
    qaCritical: 0,
    qaVendorCount: 0,
    qaVendorScoreSum: 0,
    qaVendorCritical: 0,
    qaInternalCount: 0,
    qaInternalScoreSum: 0,
    qaInternalCritical: 0,
    calibrated: 0,
    calibrationGapSum: 0,
    calibrationWithin: 0,
    calibrationThreshold,
  };
}

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

function dayPeriod(day: string): Period {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime())) throw new RangeError(`not a single day: ${day}`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}

export function frtBucket(minutes: number): number {
  const i = FRT_BUCKET_UPPER_MINUTES.findIndex((upper) => minutes <= upper);
  return i === -1 ? FRT_BUCKET_UPPER_MINUTES.length : i;
}

/**
 * The cell with one fact's contributions for the cell's day added (a new cell; the input is
 * untouched). A fact touches up to five days (assigned, first response due and done,
 * resolution due and done); fold it into each of them.
 */
export function foldFactIntoRollup(cell: RollupCell, fact: CaseFact): RollupCell {
  if (fact.vendorId !== cell.vendorId || fact.scope !== cell.scope || fact.region !== cell.region) {
    throw new RangeError(`case ${fact.caseId} does not belong to rollup ${rollupKeyString(cell)}`);
  }
  const day = dayPeriod(cell.day);
  const c: RollupCell = { ...cell, firstResponseHistogram: [...cell.firstResponseHistogram] };
  if (inPeriod(fact.assignedAt, day)) {
    c.assigned += 1;
    if (fact.rejectedByVendor) c.rejected += 1;
    else if (fact.escalated) c.escalated += 1;
  }
  if (fact.rejectedByVendor) return c; // the rest is work the vendor never took on
  if (inPeriod(fact.firstResponseDueAt, day)) {
    c.firstResponseDue += 1;
    if (fact.firstResponseAt != null && fact.firstResponseAt <= fact.firstResponseDueAt) {
      c.firstResponseMet += 1;
    }
  }
  if (!fact.escalated && inPeriod(fact.resolutionDueAt, day)) {
    c.resolutionDue += 1;
    if (fact.resolvedAt != null && fact.resolvedAt <= fact.resolutionDueAt) c.resolutionMet += 1;
  }
  if (inPeriod(fact.firstResponseAt, day)) {
    const minutes = firstResponseMinutes(fact)!;
    c.firstResponses += 1;
    c.firstResponseMinutesSum += minutes;
    c.firstResponseMaxMinutes = Math.max(c.firstResponseMaxMinutes, minutes);
    c.firstResponseHistogram[frtBucket(minutes)]! += 1;
  }
  if (inPeriod(fact.resolvedAt, day)) foldResolved(c, fact);
  return c;
}

function foldResolved(c: RollupCell, fact: CaseFact): void {
  c.resolved += 1;
  if (fact.firstContactResolution === true && !fact.reopened) c.firstContactResolved += 1;
  if (fact.reopened) c.reopened += 1;
  if (fact.handleSeconds != null) {
    c.handled += 1;
    c.handleSecondsSum += fact.handleSeconds;
  }
  if (fact.csat != null) {
    c.csatCount += 1;
    c.csatSum += fact.csat;
    if (fact.csat >= 4) c.csatSatisfied += 1;
  }
  for (const qa of fact.qa) {
    const critical = qa.criticalError ? 1 : 0;
    c.qaCount += 1;
    c.qaScoreSum += qa.score;
    c.qaCritical += critical;
    if (qa.evaluatorKind === 'VENDOR') {
      c.qaVendorCount += 1;
      c.qaVendorScoreSum += qa.score;
      c.qaVendorCritical += critical;
    } else {
      c.qaInternalCount += 1;
      c.qaInternalScoreSum += qa.score;
      c.qaInternalCritical += critical;
    }
  }
  const pair = calibrationPairs(fact);
  if (pair) {
    c.calibrated += 1;
    c.calibrationGapSum += pair.gap;
    if (pair.gap <= c.calibrationThreshold) c.calibrationWithin += 1;
  }
}

export function rollupKeyString(k: RollupKey): string {
  return `${k.vendorId}|${k.scope}|${k.region}|${k.day}`;
}

/** The days (YYYY-MM-DD) a fact contributes to: its anchor events' days. */
export function anchorDays(fact: CaseFact): string[] {
  const anchors = [
    fact.assignedAt,
    fact.firstResponseDueAt,
    fact.resolutionDueAt,
    fact.firstResponseAt,
    fact.resolvedAt,
  ];
  return [
    ...new Set(
      anchors.filter((a): a is Date => a != null && a.getUTCFullYear() < 9999).map(utcDay),
    ),
  ];
}

/**
 * Per vendor × scope × region × day cells of the facts, for the given days only (a fact
 * outside them adds nothing).
 */
export function rollupCellsForDays(
  facts: readonly CaseFact[],
  days: ReadonlySet<string>,
  calibrationThreshold = DEFAULT_CALIBRATION_THRESHOLD,
): RollupCell[] {
  const cells = new Map<string, RollupCell>();
  for (const fact of facts) {
    for (const day of anchorDays(fact)) {
      if (!days.has(day)) continue;
      const key = { vendorId: fact.vendorId, scope: fact.scope, region: fact.region, day };
      const id = rollupKeyString(key);
      const cell = cells.get(id) ?? emptyRollup(key, calibrationThreshold);
      cells.set(id, foldFactIntoRollup(cell, fact));
    }
  }
  return [...cells.values()];
}

type NumericField = {
  [K in keyof RollupCell]: RollupCell[K] extends number ? K : never;
}[keyof RollupCell];

const SUMMED: readonly NumericField[] = (
  Object.keys(emptyRollup({ vendorId: '', scope: '', region: '', day: '' })) as (keyof RollupCell)[]
).filter(
  (k): k is NumericField =>
    k !== 'calibrationThreshold' &&
    k !== 'firstResponseMaxMinutes' &&
    typeof emptyRollup({ vendorId: '', scope: '', region: '', day: '' })[k] === 'number',
);

const common = (values: readonly string[]): string =>
  values.every((v) => v === values[0]) ? values[0]! : '*';

/** Sum of cells (any vendors, scopes, regions, days); differing labels become "*". */
export function mergeRollups(cells: readonly RollupCell[]): RollupCell {
  const first = cells[0];
  if (!first) throw new RangeError('nothing to merge');
  const days = cells.map((c) => c.day).sort();
  const out = emptyRollup(
    {
      vendorId: common(cells.map((c) => c.vendorId)),
      scope: common(cells.map((c) => c.scope)),
      region: common(cells.map((c) => c.region)),
      day: days[0] === days.at(-1) ? days[0]! : `${days[0]}..${days.at(-1)}`,
    },
    first.calibrationThreshold,
  );
  for (const c of cells) {
    if (c.calibrationThreshold !== first.calibrationThreshold) {
      throw new RangeError('cannot merge rollups built with different calibration thresholds');
    }
    for (const k of SUMMED) out[k] += c[k];
    out.firstResponseMaxMinutes = Math.max(out.firstResponseMaxMinutes, c.firstResponseMaxMinutes);
    c.firstResponseHistogram.forEach((n, i) => {
      out.firstResponseHistogram[i]! += n;
    });
  }
  return out;
}

/** A figure from a rollup: as Figure, without case ids (the cases live in the facts). */
export interface RollupFigure {
  value: number | null;
  numerator: number;
  denominator: number | null;
}

/** KPIs a rollup can answer; percentiles are approximate (the bucket's upper bound). */
export type RollupKpiKey = Exclude<KpiKey, 'backlog' | 'agedBacklog'>;

/**
 * The KPIs a rollup answers exactly (sums of counts): all but the percentiles (histogram
 * bounds) and backlog (a stock at one moment, not a sum of days).
 */
export const EXACT_ROLLUP_KPIS = [
  'volume',
  'firstResponseSla',
  'resolutionSla',
  'ahtSeconds',
  'fcr',
  'csatAverage',
  'csatSatisfiedShare',
  'qaAverage',
  'qaCriticalErrorRate',
  'qaAverageVendor',
  'qaAverageInternal',
  'qaCriticalErrorRateVendor',
  'qaCriticalErrorRateInternal',
  'calibrationGap',
  'graderAgreement',
  'escalationRate',
  'reopenRate',
  'rejectionRate',
] as const satisfies readonly RollupKpiKey[];

const ratio = (n: number, d: number): RollupFigure => ({
  value: d === 0 ? null : (100 * n) / d,
  numerator: n,
  denominator: d,
});
const mean = (sum: number, d: number): RollupFigure => ({
  value: d === 0 ? null : sum / d,
  numerator: sum,
  denominator: d,
});

/** Approximate nearest-rank percentile from the histogram: the upper bound of the rank's bucket. */
export function histogramPercentile(cell: RollupCell, p: number): RollupFigure {
  const n = cell.firstResponses;
  if (n === 0) return { value: null, numerator: 0, denominator: 0 };
  const rank = nearestRank(p, n);
  let seen = 0;
  for (const [i, count] of cell.firstResponseHistogram.entries()) {
    seen += count;
    if (seen >= rank) {
      const upper = FRT_BUCKET_UPPER_MINUTES[i];
      // Never report more than the longest time actually seen.
      const value = Math.min(upper ?? cell.firstResponseMaxMinutes, cell.firstResponseMaxMinutes);
      return { value, numerator: rank, denominator: n };
    }
  }
  return { value: cell.firstResponseMaxMinutes, numerator: rank, denominator: n };
}

export function kpisFromRollup(cell: RollupCell): Record<RollupKpiKey, RollupFigure> {
  const volume = cell.assigned - cell.rejected;
  return {
    volume: { value: volume, numerator: volume, denominator: null },
    firstResponseSla: ratio(cell.firstResponseMet, cell.firstResponseDue),
    resolutionSla: ratio(cell.resolutionMet, cell.resolutionDue),
    firstResponseMedianMinutes: histogramPercentile(cell, 50),
    firstResponseP90Minutes: histogramPercentile(cell, 90),
    ahtSeconds: mean(cell.handleSecondsSum, cell.handled),
    fcr: ratio(cell.firstContactResolved, cell.resolved),
    csatAverage: mean(cell.csatSum, cell.csatCount),
    csatSatisfiedShare: ratio(cell.csatSatisfied, cell.csatCount),
    qaAverage: mean(cell.qaScoreSum, cell.qaCount),
    qaCriticalErrorRate: ratio(cell.qaCritical, cell.qaCount),
    qaAverageVendor: mean(cell.qaVendorScoreSum, cell.qaVendorCount),
    qaAverageInternal: mean(cell.qaInternalScoreSum, cell.qaInternalCount),
    qaCriticalErrorRateVendor: ratio(cell.qaVendorCritical, cell.qaVendorCount),
    qaCriticalErrorRateInternal: ratio(cell.qaInternalCritical, cell.qaInternalCount),
    calibrationGap: mean(cell.calibrationGapSum, cell.calibrated),
    graderAgreement: ratio(cell.calibrationWithin, cell.calibrated),
    escalationRate: ratio(cell.escalated, volume),
    reopenRate: ratio(cell.reopened, cell.resolved),
    rejectionRate: ratio(cell.rejected, cell.assigned),
  };
}
