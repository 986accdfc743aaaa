export {
  type ComputeScorecardInput,
  computeScorecard,
  evaluateFigures,
  findTarget,
  type GroupDimension,
  type KpiResult,
  type KpiStatus,
  rowKey,
  type Scorecard,
  type ScorecardGroup,
  type ScorecardRow,
  type ScorecardTotals,
  scorecardTotals,
  type Trend,
} from './compute-scorecard.ts';
export {
  CONTRACT_KPI_CODES,
  CREDIT_UNITS,
  type CreditTermsProblem,
  type CreditTermsValidation,
  creditUnitOf,
  kpiKeyOf,
  validateCreditTerms,
} from './credit-terms.ts';
export { type CsvCell, csvCell, scorecardToCsv, serviceCreditsToCsv, toCsv } from './csv.ts';
export { formatCents, ratioToHundredths, toHundredths } from './fixed-point.ts';
export {
  actualHundredths,
  KPI_DEFINITIONS,
  type KpiDefinition,
  type KpiDirection,
  type KpiKind,
  kpiDefinition,
} from './kpi-definitions.ts';
export {
  agedBacklog,
  averageHandleSeconds,
  backlog,
  type Calibration,
  calibration,
  computeKpis,
  csatAverage,
  csatSatisfiedShare,
  DEFAULT_AGED_BACKLOG_DAYS,
  DEFAULT_CALIBRATION_THRESHOLD,
  escalationRate,
  firstContactResolution,
  firstResponseMinutes,
  firstResponseSla,
  firstResponseTimePercentile,
  type KpiOptions,
  type KpiSet,
  qaAverage,
  qaCriticalErrorRate,
  rejectionRate,
  reopenRate,
  resolutionSla,
  volume,
} from './kpis.ts';
export { nearestRank, percentile, percentileBy } from './percentile.ts';
export {
  publishedValue,
  publishFigure,
  publishKpi,
  ratioAtUnitPrecision,
  UNIT_DECIMALS,
  valueAtUnitPrecision,
} from './precision.ts';
export {
  anchorDays,
  EXACT_ROLLUP_KPIS,
  emptyRollup,
  FRT_BUCKET_UPPER_MINUTES,
  foldFactIntoRollup,
  frtBucket,
  histogramPercentile,
  kpisFromRollup,
  mergeRollups,
  type RollupCell,
  type RollupFigure,
  type RollupKey,
  type RollupKpiKey,
  rollupCellsForDays,
  rollupKeyString,
  utcDay,
} from './rollup.ts';
export {
  type ComputeServiceCreditsInput,
  type CreditLine,
  computeServiceCredits,
  type EarnBackLine,
  formatInUnit,
  type ServiceCredits,
} from './service-credits.ts';
export type * from './types.ts';
export { isoWeekLabel, isoWeekStart, weeksOf } from './weeks.ts';
