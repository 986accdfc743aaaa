import type { CaseStatus } from '@bvg/case-status';

export type EvaluatorKind = 'VENDOR' | 'INTERNAL';

export interface QaFact {
  /** 0..100 */
  score: number;
  criticalError: boolean;
  evaluatorKind: EvaluatorKind;
}

/**
 * One case as handled by one vendor, derived from the append-only case events and
 * observed at period end. All times are instants (UTC); due times are final, i.e. the
 * SLA clock has already applied business hours and PENDING_USER pauses.
 */
export interface CaseFact {
  caseId: string;
  vendorId: string;
  scope: string;
  region: string;
  priority: string;
  /** Intake (CASE_CREATED). */
  createdAt: Date;
  /** Offered/assigned to this vendor (CASE_ASSIGNED). */
  assignedAt: Date;
  acceptedAt?: Date | null;
  /** First RESPONSE_RECORDED by this vendor. */
  firstResponseAt?: Date | null;
  firstResponseDueAt: Date;
  /** Last RESOLVED event; absent when the case is not resolved at period end. */
  resolvedAt?: Date | null;
  resolutionDueAt: Date;
  closedAt?: Date | null;
  /** Total time spent PENDING_USER (SLA clocks pause there). */
  pausedMs: number;
  /** PENDING_USER time before the first response; subtracted from FRT. Defaults to 0. */
  pausedBeforeFirstResponseMs?: number;
  /** Active handling time: sum of IN_PROGRESS intervals. */
  handleSeconds?: number | null;
  /** As reported by the vendor with resolveCase. */
  firstContactResolution?: boolean | null;
  escalated: boolean;
  /** A REOPENED event after a resolution: counts against FCR. */
  reopened: boolean;
  rejectedByVendor: boolean;
  /** Status at period end. */
  status: CaseStatus;
  /** 1..5 survey answer. */
  csat?: number | null;
  qa: readonly QaFact[];
}

/** Half-open interval [start, end). */
export interface Period {
  start: Date;
  end: Date;
}

export type KpiKey =
  | 'volume'
  | 'firstResponseSla'
  | 'resolutionSla'
  | 'firstResponseMedianMinutes'
  | 'firstResponseP90Minutes'
  | 'ahtSeconds'
  | 'fcr'
  | 'csatAverage'
  | 'csatSatisfiedShare'
  | 'qaAverage'
  | 'qaCriticalErrorRate'
  | 'qaAverageVendor'
  | 'qaAverageInternal'
  | 'qaCriticalErrorRateVendor'
  | 'qaCriticalErrorRateInternal'
  | 'calibrationGap'
  | 'graderAgreement'
  | 'backlog'
  | 'agedBacklog'
  | 'escalationRate'
  | 'reopenRate'
  | 'rejectionRate';

export type KpiUnit = 'CASES' | 'PERCENT' | 'MINUTES' | 'SECONDS' | 'SCORE' | 'POINTS';

/**
 * A computed figure with its evidence, so both sides of a dispute look at the same cases.
 * - ratios: value = 100 × numerator / denominator
 * - means: value = numerator (sum) / denominator (count)
 * - counts: value = numerator, denominator null
 * - percentiles: value = the numerator-th of denominator sorted samples (nearest rank)
 * value is null when there is nothing to measure (denominator 0).
 */
export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** The cases the figure was computed from (the denominator's population, or the counted cases). */
  caseIds: readonly string[];
  /**
   * For ratios, the cases counted in the numerator (e.g. those that met the SLA); for
   * percentiles, the case whose time is the value.
   */
  numeratorCaseIds?: readonly string[];
}

export interface CalibrationDisagreement {
  caseId: string;
  vendorScore: number;
  internalScore: number;
  gap: number;
}

export interface KpiTarget {
  kpi: KpiKey;
  target: number;
  /** Narrows the target to one scope and/or region; the most specific match wins. */
  scope?: string;
  region?: string;
}

export interface VolumeBounds {
  min?: number;
  max?: number;
}

/**
 * The unit a credit term counts its shortfall in; it must be the KPI's own unit
 * (`creditUnitOf`): percentage points for percentages, seconds, minutes, a count of cases, or
 * points of a score (QA 0–100, CSAT 1–5).
 */
export type CreditUnit = 'PERCENTAGE_POINTS' | 'SECONDS' | 'MINUTES' | 'COUNT' | 'SCORE_POINTS';

/**
 * "rateBpsPerStep of fees per full `stepSize` `unit` of shortfall, at most capBps", weighted:
 * e.g. 1.00 % of fees per full 10 s over the AHT target, at most 5 %.
 */
export interface StepCreditLine {
  kpi: KpiKey;
  unit: CreditUnit;
  /** One step of shortfall in `unit` (> 0, hundredths at most): only full steps count. */
  stepSize: number;
  /** Basis points of fees per full step (100 = 1.00 %; hundredths of a basis point at most). */
  rateBpsPerStep: number;
  /** This line's cap, basis points of fees (before the terms' overall cap). */
  capBps: number;
  /** Weight in percent (100 = full weight). Defaults to 100. */
  weightPercent?: number;
}

export interface CreditTier {
  /** The tier applies when the actual is at least this good (≥ for higher-is-better, ≤ otherwise). */
  threshold: number;
  creditBps: number;
}

/** A table of tiers; the first tier (in the given order) whose threshold the actual meets applies. */
export interface TieredCreditLine {
  kpi: KpiKey;
  /** The unit the thresholds are written in (the KPI's own). */
  unit: CreditUnit;
  /** Ordered best first; the last tier usually catches everything else. */
  tiers: readonly CreditTier[];
  weightPercent?: number;
}

export interface EarnBackTerms {
  /** Share of the previous period's charged credit returned, 0..100. */
  sharePercent: number;
  /** How far beyond target (in the KPI's unit) it must reach this period (0 = the target is enough). */
  marginPoints?: number;
}

export type ServiceCreditTerms =
  | {
      shape: 'PER_STEP';
      lines: readonly StepCreditLine[];
      /** Total credit cap, basis points of fees. */
      capBps: number;
      earnBack?: EarnBackTerms;
    }
  | {
      shape: 'TIERED';
      lines: readonly TieredCreditLine[];
      capBps: number;
      earnBack?: EarnBackTerms;
    };

export interface ContractTerms {
  vendorId: string;
  targets: readonly KpiTarget[];
  volumeBounds?: VolumeBounds;
  /** Price per case in minor units (cents). Fees = volume × price. */
  pricePerCaseCents: number;
  serviceCredits?: ServiceCreditTerms;
  /** Days after which an open case is aged. Defaults to 7. */
  agedBacklogDays?: number;
  /** Calibration disagreement threshold in QA points. Defaults to 10. */
  calibrationThreshold?: number;
}
