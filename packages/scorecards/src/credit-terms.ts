import { KPI_DEFINITIONS, kpiDefinition } from './kpi-definitions.ts';
import type {
  CreditTier,
  CreditUnit,
  EarnBackTerms,
  KpiKey,
  KpiUnit,
  ServiceCreditTerms,
  StepCreditLine,
  TieredCreditLine,
} from './types.ts';

export const CREDIT_UNITS: readonly CreditUnit[] = [
  'PERCENTAGE_POINTS',
  'SECONDS',
  'MINUTES',
  'COUNT',
  'SCORE_POINTS',
];

const UNIT_OF_KPI_UNIT: Record<KpiUnit, CreditUnit> = {
  PERCENT: 'PERCENTAGE_POINTS',
  SECONDS: 'SECONDS',
  MINUTES: 'MINUTES',
  CASES: 'COUNT',
  SCORE: 'SCORE_POINTS',
  POINTS: 'SCORE_POINTS',
};

/** The unit a credit term on this KPI counts its shortfall in: the KPI's own. */
export const creditUnitOf = (kpi: KpiKey): CreditUnit => UNIT_OF_KPI_UNIT[kpiDefinition(kpi).unit];

/**
 * Contracts name KPIs in SCREAMING_SNAKE (`SLA_FIRST_RESPONSE`); the scorecard core uses
 * `KpiKey`. Both spellings are accepted so contracts written either way work.
 */
export const CONTRACT_KPI_CODES: Readonly<Record<string, KpiKey>> = {
  VOLUME: 'volume',
  SLA_FIRST_RESPONSE: 'firstResponseSla',
  SLA_RESOLUTION: 'resolutionSla',
  FRT_MEDIAN_MINUTES: 'firstResponseMedianMinutes',
  FRT_P90_MINUTES: 'firstResponseP90Minutes',
  AHT_SECONDS: 'ahtSeconds',
  FCR_RATE: 'fcr',
  CSAT_AVERAGE: 'csatAverage',
  CSAT_SATISFIED_SHARE: 'csatSatisfiedShare',
  QA_SCORE: 'qaAverage',
  QA_CRITICAL_ERROR_RATE: 'qaCriticalErrorRate',
  CALIBRATION_GAP: 'calibrationGap',
  GRADER_AGREEMENT: 'graderAgreement',
  BACKLOG: 'backlog',
  AGED_BACKLOG: 'agedBacklog',
  ESCALATION_RATE: 'escalationRate',
  REOPEN_RATE: 'reopenRate',
  REJECTION_RATE: 'rejectionRate',
};

const KEYS = new Set<string>(KPI_DEFINITIONS.map((d) => d.key));

/** The core's key for a contract's KPI code, or null when the code is unknown. */
export function kpiKeyOf(code: string): KpiKey | null {
  if (KEYS.has(code)) return code as KpiKey;
  return CONTRACT_KPI_CODES[code.toUpperCase()] ?? null;
}

export interface CreditTermsProblem {
  /** Where in the terms, e.g. `lines[2].unit`. */
  path: string;
  message: string;
}

export type CreditTermsValidation =
  | { ok: true; terms: ServiceCreditTerms }
  | { ok: false; problems: CreditTermsProblem[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
// Amounts are computed in hundredths (of a unit, of a basis point): finer values cannot be honoured.
const inHundredths = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

/**
 * Every problem with service-credit terms at once, or the terms in the core's shape (KPI codes
 * read as keys). Pure: contract administration calls it before it stores terms, the scorecard
 * before it prices them. Hand-written rather than a schema library so the cross-field rules
 * (a term's unit against its KPI's) report alongside the shape's, in one list.
 */
export function validateCreditTerms(input: unknown): CreditTermsValidation {
  const problems: CreditTermsProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(input)) {
    return { ok: false, problems: [{ path: '', message: 'credit terms must be an object' }] };
  }
  const shape = input.shape;
  if (shape !== 'PER_STEP' && shape !== 'TIERED') {
    problem('shape', 'must be PER_STEP or TIERED');
  }
  const capBps = nonNegative(input.capBps, 'capBps', problem, 'basis points of fees');
  if (isNum(input.capBps) && input.capBps > 10_000) problem('capBps', 'must be at most 10000');
  const earnBack = earnBackOf(input.earnBack, problem);
  const rawLines = input.lines;
  const stepLines: StepCreditLine[] = [];
  const tieredLines: TieredCreditLine[] = [];
  if (!Array.isArray(rawLines)) {
    problem('lines', 'must be a list of credit terms, one per KPI');
  } else {
    const seen = new Set<KpiKey>();
    rawLines.forEach((raw, i) => {
      const at = `lines[${i}]`;
      if (!isObj(raw)) {
        problem(at, 'must be an object');
        return;
      }
      const kpi = kpiOf(raw.kpi, `${at}.kpi`, problem);
      if (kpi) {
        if (seen.has(kpi)) problem(`${at}.kpi`, `${kpi} has more than one credit term`);
        seen.add(kpi);
        if (kpiDefinition(kpi).direction === 'WITHIN_BOUNDS') {
          problem(`${at}.kpi`, `${kpi} has bounds, not a target to fall short of`);
        }
      }
      const unit = unitOf(raw.unit, kpi, `${at}.unit`, problem);
      const weightPercent =
        raw.weightPercent === undefined
          ? undefined
          : nonNegative(raw.weightPercent, `${at}.weightPercent`, problem, 'a percentage');
      if (isNum(raw.weightPercent) && raw.weightPercent > 100) {
        problem(`${at}.weightPercent`, 'must be at most 100');
      }
      const weight = weightPercent === undefined ? {} : { weightPercent };
      if (shape === 'TIERED') {
        const tiers = tiersOf(raw.tiers, `${at}.tiers`, problem);
        if (kpi && unit && tiers) tieredLines.push({ kpi, unit, tiers, ...weight });
        return;
      }
      const stepSize = positiveStep(raw.stepSize, `${at}.stepSize`, problem);
      const rate = nonNegative(raw.rateBpsPerStep, `${at}.rateBpsPerStep`, problem, 'basis points');
      if (rate !== undefined && !inHundredths(rate)) {
        problem(`${at}.rateBpsPerStep`, 'must be in hundredths of a basis point at most');
      }
      const lineCap = nonNegative(raw.capBps, `${at}.capBps`, problem, 'basis points of fees');
      if (kpi && unit && stepSize !== undefined && rate !== undefined && lineCap !== undefined) {
        stepLines.push({
          kpi,
          unit,
          stepSize,
          rateBpsPerStep: rate,
          capBps: lineCap,
          ...weight,
        });
      }
    });
  }
  if (problems.length > 0 || capBps === undefined) return { ok: false, problems };
  const common = { capBps, ...(earnBack && { earnBack }) };
  return {
    ok: true,
    terms:
      shape === 'TIERED'
        ? { shape: 'TIERED', lines: tieredLines, ...common }
        : { shape: 'PER_STEP', lines: stepLines, ...common },
  };
}

type Report = (path: string, message: string) => void;

function nonNegative(v: unknown, path: string, problem: Report, what: string) {
  if (v === undefined || v === null) {
    problem(path, `is required (${what})`);
    return undefined;
  }
  if (!isNum(v) || v < 0) {
    problem(path, `must be a number ≥ 0 (${what})`);
    return undefined;
  }
  return v;
}

function positiveStep(v: unknown, path: string, problem: Report) {
  if (v === undefined || v === null) {
    problem(path, 'is required: the size of one step of shortfall, in the term’s unit');
    return undefined;
  }
  if (!isNum(v) || v <= 0) {
    problem(path, 'must be greater than 0');
    return undefined;
  }
  if (!inHundredths(v)) {
    problem(path, 'must be in hundredths of the unit at most');
    return undefined;
  }
  return v;
}

function kpiOf(v: unknown, path: string, problem: Report): KpiKey | null {
  if (typeof v !== 'string' || v === '') {
    problem(path, 'is required');
    return null;
  }
  const kpi = kpiKeyOf(v);
  if (!kpi) problem(path, `unknown KPI ${v}`);
  return kpi;
}

function unitOf(v: unknown, kpi: KpiKey | null, path: string, problem: Report) {
  if (v === undefined || v === null || v === '') {
    const hint = kpi ? ` (${kpi} is counted in ${creditUnitOf(kpi)})` : '';
    problem(path, `is required: the unit the shortfall is counted in${hint}`);
    return undefined;
  }
  if (typeof v !== 'string' || !(CREDIT_UNITS as readonly string[]).includes(v)) {
    problem(path, `must be one of ${CREDIT_UNITS.join(', ')}`);
    return undefined;
  }
  const unit = v as CreditUnit;
  if (kpi && creditUnitOf(kpi) !== unit) {
    problem(path, `${kpi} is counted in ${creditUnitOf(kpi)}, not ${unit}`);
    return undefined;
  }
  return unit;
}

function tiersOf(v: unknown, path: string, problem: Report): CreditTier[] | undefined {
  if (!Array.isArray(v) || v.length === 0) {
    problem(path, 'must list at least one tier');
    return undefined;
  }
  const tiers: CreditTier[] = [];
  v.forEach((t, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(t)) {
      problem(at, 'must be an object');
      return;
    }
    if (!isNum(t.threshold)) problem(`${at}.threshold`, 'is required (a number in the unit)');
    const bps = nonNegative(t.creditBps, `${at}.creditBps`, problem, 'basis points of fees');
    if (isNum(t.threshold) && bps !== undefined) {
      tiers.push({ threshold: t.threshold, creditBps: bps });
    }
  });
  return tiers.length === v.length ? tiers : undefined;
}

function earnBackOf(v: unknown, problem: Report): EarnBackTerms | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    problem('earnBack', 'must be an object');
    return undefined;
  }
  const share = nonNegative(v.sharePercent, 'earnBack.sharePercent', problem, 'a percentage');
  if (isNum(v.sharePercent) && v.sharePercent > 100) {
    problem('earnBack.sharePercent', 'must be at most 100');
  }
  const margin =
    v.marginPoints === undefined
      ? undefined
      : nonNegative(v.marginPoints, 'earnBack.marginPoints', problem, 'in the KPI’s unit');
  if (share === undefined) return undefined;
  return { sharePercent: share, ...(margin !== undefined && { marginPoints: margin }) };
}
