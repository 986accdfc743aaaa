// The precision every KPI figure is published at, in the API and the CSV alike, and compared
// with its target at (so a figure that prints as 95.00 meets a 95 target). The one place
// figures are rounded for people: both the GraphQL resolvers and the CSV export call it.
import type { KpiResult } from './compute-scorecard.ts';
import { divRoundHalfUp } from './fixed-point.ts';
import type { Figure, KpiUnit } from './types.ts';

/** Decimals per unit: percentages, scores and points to hundredths; minutes to tenths (6 s); seconds and cases whole. */
export const UNIT_DECIMALS: Readonly<Record<KpiUnit, 0 | 1 | 2>> = {
  PERCENT: 2,
  SCORE: 2,
  POINTS: 2,
  MINUTES: 1,
  SECONDS: 0,
  CASES: 0,
};

const scaleOf = (unit: KpiUnit) => 10 ** UNIT_DECIMALS[unit];

/**
 * A value rounded half up (away from zero) to its unit's decimals, returned in hundredths of
 * the unit (the comparison scale). Rounded once, straight to the unit, never via hundredths.
 */
export function valueAtUnitPrecision(value: number, unit: KpiUnit): number {
  const scale = scaleOf(unit);
  // 12.345 × 100 is 1234.4999999999998 in binary; the nudge rounds such halves up as written.
  const rounded = Math.round(Math.abs(value) * scale + 1e-7) * (100 / scale);
  return value < 0 ? -rounded : rounded;
}

/** numerator × factor / denominator at the unit's precision, in hundredths; exact for integers. */
export function ratioAtUnitPrecision(
  numerator: number,
  denominator: number,
  factor: number,
  unit: KpiUnit,
): number {
  const scale = scaleOf(unit);
  if (Number.isInteger(numerator) && Number.isInteger(denominator) && Number.isInteger(factor)) {
    const units = divRoundHalfUp(
      BigInt(numerator) * BigInt(factor) * BigInt(scale),
      BigInt(denominator),
    );
    return Number(units) * (100 / scale);
  }
  return valueAtUnitPrecision((numerator * factor) / denominator, unit);
}

/** A value as published: rounded half up to its unit's decimals (null stays null). */
export function publishedValue(unit: KpiUnit, value: number): number;
export function publishedValue(unit: KpiUnit, value: number | null): number | null;
export function publishedValue(unit: KpiUnit, value: number | null): number | null {
  if (value === null) return null;
  return valueAtUnitPrecision(value, unit) / 100;
}

/** A figure as published: its value and numerator (a sum, for means) at the unit's precision. */
export function publishFigure(unit: KpiUnit, figure: Figure): Figure {
  return {
    ...figure,
    value: publishedValue(unit, figure.value),
    numerator: publishedValue(unit, figure.numerator),
  };
}

/** A KPI result as published: actual, target, difference, previous and evidence rounded alike. */
export function publishKpi(result: KpiResult): KpiResult {
  const unit = result.unit;
  return {
    ...result,
    actual: publishedValue(unit, result.actual),
    target: publishedValue(unit, result.target),
    difference: publishedValue(unit, result.difference),
    previous: publishedValue(unit, result.previous),
    evidence: publishFigure(unit, result.evidence),
  };
}
