import { ratioAtUnitPrecision, valueAtUnitPrecision } from './precision.ts';
import type { Figure, KpiKey, KpiUnit } from './types.ts';

export type KpiDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'WITHIN_BOUNDS';

export interface KpiDefinition {
  key: KpiKey;
  label: string;
  unit: KpiUnit;
  direction: KpiDirection;
  /** How the figure's value relates to its numerator and denominator (see Figure). */
  kind: KpiKind;
}

export type KpiKind = 'COUNT' | 'RATIO' | 'MEAN' | 'PERCENTILE';

const def = (
  key: KpiKey,
  label: string,
  unit: KpiUnit,
  direction: KpiDirection,
): KpiDefinition => ({ key, label, unit, direction, kind: kindOf(unit, key) });

function kindOf(unit: KpiUnit, key: KpiKey): KpiKind {
  if (unit === 'CASES') return 'COUNT';
  if (unit === 'PERCENT') return 'RATIO';
  if (key === 'firstResponseMedianMinutes' || key === 'firstResponseP90Minutes')
    return 'PERCENTILE';
  return 'MEAN';
}

/** Every KPI of a scorecard, in the order rows and exports show them. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  def('volume', 'Volume', 'CASES', 'WITHIN_BOUNDS'),
  def('firstResponseSla', 'SLA first response', 'PERCENT', 'HIGHER_IS_BETTER'),
  def('resolutionSla', 'SLA resolution', 'PERCENT', 'HIGHER_IS_BETTER'),
  def('firstResponseMedianMinutes', 'First response time, median', 'MINUTES', 'LOWER_IS_BETTER'),
  def('firstResponseP90Minutes', 'First response time, p90', 'MINUTES', 'LOWER_IS_BETTER'),
  def('ahtSeconds', 'Average handle time', 'SECONDS', 'LOWER_IS_BETTER'),
  def('fcr', 'First contact resolution', 'PERCENT', 'HIGHER_IS_BETTER'),
  def('csatAverage', 'CSAT average', 'SCORE', 'HIGHER_IS_BETTER'),
  def('csatSatisfiedShare', 'CSAT share of 4-5', 'PERCENT', 'HIGHER_IS_BETTER'),
  def('qaAverage', 'QA average', 'SCORE', 'HIGHER_IS_BETTER'),
  def('qaCriticalErrorRate', 'QA critical-error rate', 'PERCENT', 'LOWER_IS_BETTER'),
  def('qaAverageVendor', 'QA average (vendor QA)', 'SCORE', 'HIGHER_IS_BETTER'),
  def('qaAverageInternal', 'QA average (internal QA)', 'SCORE', 'HIGHER_IS_BETTER'),
  def(
    'qaCriticalErrorRateVendor',
    'QA critical-error rate (vendor QA)',
    'PERCENT',
    'LOWER_IS_BETTER',
  ),
  def(
    'qaCriticalErrorRateInternal',
    'QA critical-error rate (internal QA)',
    'PERCENT',
    'LOWER_IS_BETTER',
  ),
  def('calibrationGap', 'Calibration gap', 'POINTS', 'LOWER_IS_BETTER'),
  def('graderAgreement', 'Grader agreement', 'PERCENT', 'HIGHER_IS_BETTER'),
  def('backlog', 'Backlog at period end', 'CASES', 'LOWER_IS_BETTER'),
  def('agedBacklog', 'Aged backlog at period end', 'CASES', 'LOWER_IS_BETTER'),
  def('escalationRate', 'Escalation rate', 'PERCENT', 'LOWER_IS_BETTER'),
  def('reopenRate', 'Reopen rate', 'PERCENT', 'LOWER_IS_BETTER'),
  def('rejectionRate', 'Rejection rate', 'PERCENT', 'LOWER_IS_BETTER'),
];

const BY_KEY = new Map(KPI_DEFINITIONS.map((d) => [d.key, d]));

export function kpiDefinition(key: KpiKey): KpiDefinition {
  const found = BY_KEY.get(key);
  if (!found) throw new RangeError(`unknown KPI ${key}`);
  return found;
}

/**
 * The figure's value in hundredths of its unit, rounded half up to the unit's published
 * precision (see precision.ts), computed exactly from the numerator and denominator where
 * they are integers. Targets, credits and trends compare at this precision, so a figure
 * never misses by a float's last bit, nor by a digit that is not printed.
 */
export function actualHundredths(definition: KpiDefinition, figure: Figure): number | null {
  if (figure.value === null) return null;
  if (definition.kind === 'RATIO' || definition.kind === 'MEAN') {
    if (figure.denominator === null || figure.denominator === 0) return null;
    return ratioAtUnitPrecision(
      figure.numerator,
      figure.denominator,
      definition.kind === 'RATIO' ? 100 : 1,
      definition.unit,
    );
  }
  return valueAtUnitPrecision(figure.value, definition.unit);
}
