import { type CaseStatus, VENDOR_WORK_STATUSES } from '@bvg/case-status';
import { percentileBy } from './percentile.ts';
import type {
  CalibrationDisagreement,
  CaseFact,
  EvaluatorKind,
  Figure,
  KpiKey,
  Period,
  QaFact,
} from './types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const DEFAULT_AGED_BACKLOG_DAYS = 7;
export const DEFAULT_CALIBRATION_THRESHOLD = 10;

/** Statuses in which a case is still the vendor's work at period end. */
const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set<CaseStatus>(VENDOR_WORK_STATUSES);

export function inPeriod(at: Date | null | undefined, period: Period): at is Date {
  return (
    at != null && at.getTime() >= period.start.getTime() && at.getTime() < period.end.getTime()
  );
}

function ratio(population: readonly CaseFact[], counted: (f: CaseFact) => boolean): Figure {
  const hits = population.filter(counted);
  return {
    value: population.length === 0 ? null : (100 * hits.length) / population.length,
    numerator: hits.length,
    denominator: population.length,
    caseIds: population.map((f) => f.caseId),
    numeratorCaseIds: hits.map((f) => f.caseId),
  };
}

function mean(population: readonly CaseFact[], pick: (f: CaseFact) => number): Figure {
  let sum = 0;
  for (const f of population) sum += pick(f);
  return {
    value: population.length === 0 ? null : sum / population.length,
    numerator: sum,
    denominator: population.length,
    caseIds: population.map((f) => f.caseId),
  };
}

function count(population: readonly CaseFact[]): Figure {
  return {
    value: population.length,
    numerator: population.length,
    denominator: null,
    caseIds: population.map((f) => f.caseId),
  };
}

/** Cases assigned (offered) to the vendor in the period, rejected ones included. */
export function assignedIn(facts: readonly CaseFact[], period: Period): CaseFact[] {
  return facts.filter((f) => inPeriod(f.assignedAt, period));
}

/** Cases the vendor resolved in the period (the anchor of every quality KPI). */
export function resolvedIn(facts: readonly CaseFact[], period: Period): CaseFact[] {
  return facts.filter((f) => !f.rejectedByVendor && inPeriod(f.resolvedAt, period));
}

export function volume(facts: readonly CaseFact[], period: Period): Figure {
  return count(assignedIn(facts, period).filter((f) => !f.rejectedByVendor));
}

export function firstResponseSla(facts: readonly CaseFact[], period: Period): Figure {
  const due = facts.filter((f) => !f.rejectedByVendor && inPeriod(f.firstResponseDueAt, period));
  return ratio(
    due,
    (f) =>
      f.firstResponseAt != null && f.firstResponseAt.getTime() <= f.firstResponseDueAt.getTime(),
  );
}

export function resolutionSla(facts: readonly CaseFact[], period: Period): Figure {
  const due = facts.filter(
    (f) => !f.rejectedByVendor && !f.escalated && inPeriod(f.resolutionDueAt, period),
  );
  return ratio(
    due,
    (f) => f.resolvedAt != null && f.resolvedAt.getTime() <= f.resolutionDueAt.getTime(),
  );
}

/** Minutes from assignment to first response, less any PENDING_USER time before it. */
export function firstResponseMinutes(fact: CaseFact): number | null {
  if (fact.firstResponseAt == null) return null;
  const ms =
    fact.firstResponseAt.getTime() -
    fact.assignedAt.getTime() -
    (fact.pausedBeforeFirstResponseMs ?? 0);
  return Math.max(0, ms) / MINUTE_MS;
}

export function firstResponseTimePercentile(
  facts: readonly CaseFact[],
  period: Period,
  p: number,
): Figure {
  const samples = facts
    .filter((f) => !f.rejectedByVendor && inPeriod(f.firstResponseAt, period))
    .map((f) => ({ caseId: f.caseId, minutes: firstResponseMinutes(f)! }));
  const result = percentileBy(samples, p, (s) => s.minutes);
  return {
    value: result?.value ?? null,
    numerator: result?.rank ?? 0,
    denominator: samples.length,
    caseIds: samples.map((s) => s.caseId),
    numeratorCaseIds: result ? [result.item.caseId] : [],
  };
}

export function averageHandleSeconds(facts: readonly CaseFact[], period: Period): Figure {
  return mean(
    resolvedIn(facts, period).filter((f) => f.handleSeconds != null),
    (f) => f.handleSeconds!,
  );
}

export function firstContactResolution(facts: readonly CaseFact[], period: Period): Figure {
  return ratio(resolvedIn(facts, period), (f) => f.firstContactResolution === true && !f.reopened);
}

function answered(facts: readonly CaseFact[], period: Period): CaseFact[] {
  return resolvedIn(facts, period).filter((f) => f.csat != null);
}

export function csatAverage(facts: readonly CaseFact[], period: Period): Figure {
  return mean(answered(facts, period), (f) => f.csat!);
}

export function csatSatisfiedShare(facts: readonly CaseFact[], period: Period): Figure {
  return ratio(answered(facts, period), (f) => f.csat! >= 4);
}

function evaluations(
  facts: readonly CaseFact[],
  period: Period,
  kind: EvaluatorKind | undefined,
): { caseId: string; qa: QaFact }[] {
  return resolvedIn(facts, period).flatMap((f) =>
    f.qa
      .filter((qa) => kind === undefined || qa.evaluatorKind === kind)
      .map((qa) => ({ caseId: f.caseId, qa })),
  );
}

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** Mean score over evaluations (not cases): a case evaluated twice weighs twice. */
export function qaAverage(
  facts: readonly CaseFact[],
  period: Period,
  kind?: EvaluatorKind,
): Figure {
  const evals = evaluations(facts, period, kind);
  let sum = 0;
  for (const e of evals) sum += e.qa.score;
  return {
    value: evals.length === 0 ? null : sum / evals.length,
    numerator: sum,
    denominator: evals.length,
    caseIds: unique(evals.map((e) => e.caseId)),
  };
}

export function qaCriticalErrorRate(
  facts: readonly CaseFact[],
  period: Period,
  kind?: EvaluatorKind,
): Figure {
  const evals = evaluations(facts, period, kind);
  const critical = evals.filter((e) => e.qa.criticalError);
  return {
    value: evals.length === 0 ? null : (100 * critical.length) / evals.length,
    numerator: critical.length,
    denominator: evals.length,
    caseIds: unique(evals.map((e) => e.caseId)),
    numeratorCaseIds: unique(critical.map((e) => e.caseId)),
  };
}

export interface CalibrationPair {
  caseId: string;
  /** Mean of the vendor QA's scores for the case (usually one). */
  vendorScore: number;
  internalScore: number;
  gap: number;
}

/** Cases resolved in the period scored by both the vendor's QA and internal QA. */
export function calibrationPairs(fact: CaseFact): CalibrationPair | null {
  const vendor = fact.qa.filter((q) => q.evaluatorKind === 'VENDOR');
  const internal = fact.qa.filter((q) => q.evaluatorKind === 'INTERNAL');
  if (vendor.length === 0 || internal.length === 0) return null;
  const avg = (qs: readonly QaFact[]) => qs.reduce((s, q) => s + q.score, 0) / qs.length;
  const vendorScore = avg(vendor);
  const internalScore = avg(internal);
  return {
    caseId: fact.caseId,
    vendorScore,
    internalScore,
    gap: Math.abs(vendorScore - internalScore),
  };
}

export interface Calibration {
  /** Mean absolute difference between vendor and internal scores, in QA points. */
  gap: Figure;
  /** Share of calibrated cases whose gap is within the threshold (≤). */
  agreement: Figure;
  threshold: number;
  /** Cases whose gap exceeds the threshold, largest first. */
  disagreements: CalibrationDisagreement[];
}

export function calibration(
  facts: readonly CaseFact[],
  period: Period,
  threshold = DEFAULT_CALIBRATION_THRESHOLD,
): Calibration {
  const pairs = resolvedIn(facts, period)
    .map(calibrationPairs)
    .filter((p): p is CalibrationPair => p !== null);
  let sum = 0;
  for (const p of pairs) sum += p.gap;
  const within = pairs.filter((p) => p.gap <= threshold);
  const caseIds = pairs.map((p) => p.caseId);
  return {
    gap: {
      value: pairs.length === 0 ? null : sum / pairs.length,
      numerator: sum,
      denominator: pairs.length,
      caseIds,
    },
    agreement: {
      value: pairs.length === 0 ? null : (100 * within.length) / pairs.length,
      numerator: within.length,
      denominator: pairs.length,
      caseIds,
      numeratorCaseIds: within.map((p) => p.caseId),
    },
    threshold,
    disagreements: pairs
      .filter((p) => p.gap > threshold)
      .sort((a, b) => b.gap - a.gap || a.caseId.localeCompare(b.caseId))
      .map(({ caseId, vendorScore, internalScore, gap }) => ({
        caseId,
        vendorScore,
        internalScore,
        gap,
      })),
  };
}

/** Cases assigned before period end and still open with the vendor at period end. */
export function backlog(facts: readonly CaseFact[], period: Period): Figure {
  return count(
    facts.filter(
      (f) => f.assignedAt.getTime() < period.end.getTime() && OPEN_STATUSES.has(f.status),
    ),
  );
}

/** Backlog cases older than `days` since intake at period end. */
export function agedBacklog(
  facts: readonly CaseFact[],
  period: Period,
  days = DEFAULT_AGED_BACKLOG_DAYS,
): Figure {
  const open = facts.filter(
    (f) => f.assignedAt.getTime() < period.end.getTime() && OPEN_STATUSES.has(f.status),
  );
  return count(open.filter((f) => period.end.getTime() - f.createdAt.getTime() > days * DAY_MS));
}

export function escalationRate(facts: readonly CaseFact[], period: Period): Figure {
  return ratio(
    assignedIn(facts, period).filter((f) => !f.rejectedByVendor),
    (f) => f.escalated,
  );
}

export function reopenRate(facts: readonly CaseFact[], period: Period): Figure {
  return ratio(resolvedIn(facts, period), (f) => f.reopened);
}

/** Rejected offers over all offers (assignments) in the period. */
export function rejectionRate(facts: readonly CaseFact[], period: Period): Figure {
  return ratio(assignedIn(facts, period), (f) => f.rejectedByVendor);
}

export interface KpiOptions {
  agedBacklogDays?: number;
  calibrationThreshold?: number;
}

export interface KpiSet {
  figures: Record<KpiKey, Figure>;
  calibration: Calibration;
}

/** Every KPI of one population of facts over one period. */
export function computeKpis(
  facts: readonly CaseFact[],
  period: Period,
  options: KpiOptions = {},
): KpiSet {
  const cal = calibration(facts, period, options.calibrationThreshold);
  return {
    calibration: cal,
    figures: {
      volume: volume(facts, period),
      firstResponseSla: firstResponseSla(facts, period),
      resolutionSla: resolutionSla(facts, period),
      firstResponseMedianMinutes: firstResponseTimePercentile(facts, period, 50),
      firstResponseP90Minutes: firstResponseTimePercentile(facts, period, 90),
      ahtSeconds: averageHandleSeconds(facts, period),
      fcr: firstContactResolution(facts, period),
      csatAverage: csatAverage(facts, period),
      csatSatisfiedShare: csatSatisfiedShare(facts, period),
      qaAverage: qaAverage(facts, period),
      qaCriticalErrorRate: qaCriticalErrorRate(facts, period),
      qaAverageVendor: qaAverage(facts, period, 'VENDOR'),
      qaAverageInternal: qaAverage(facts, period, 'INTERNAL'),
      qaCriticalErrorRateVendor: qaCriticalErrorRate(facts, period, 'VENDOR'),
      qaCriticalErrorRateInternal: qaCriticalErrorRate(facts, period, 'INTERNAL'),
      calibrationGap: cal.gap,
      graderAgreement: cal.agreement,
      backlog: backlog(facts, period),
      agedBacklog: agedBacklog(facts, period, options.agedBacklogDays),
      escalationRate: escalationRate(facts, period),
      reopenRate: reopenRate(facts, period),
      rejectionRate: rejectionRate(facts, period),
    },
  };
}
