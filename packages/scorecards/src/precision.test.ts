import { describe, expect, it } from 'vitest';
import type { KpiResult } from './compute-scorecard.ts';
import {
  publishedValue,
  publishKpi,
  ratioAtUnitPrecision,
  valueAtUnitPrecision,
} from './precision.ts';

describe('published precision of KPI figures', () => {
  it.each([
    ['PERCENT', 86.66666666666667, 86.67],
    ['PERCENT', 100 / 3, 33.33],
    ['PERCENT', 12.345, 12.35],
    ['SCORE', 3.4999999999999996, 3.5],
    ['POINTS', 81.005, 81.01],
    ['MINUTES', 20.200000000000003, 20.2],
    ['MINUTES', 20.25, 20.3],
    ['SECONDS', 900.5, 901],
    ['SECONDS', 899.4999, 899],
    ['CASES', 4, 4],
    ['PERCENT', -2.005, -2.01],
  ] as const)('%s %d is published as %d (half up, away from zero)', (unit, raw, published) => {
    expect(publishedValue(unit, raw)).toBe(published);
  });

  it('keeps null as null, and gives comparisons the published value in hundredths', () => {
    expect(publishedValue('PERCENT', null)).toBeNull();
    expect(valueAtUnitPrecision(20.25, 'MINUTES')).toBe(2030);
    expect(valueAtUnitPrecision(-900.5, 'SECONDS')).toBe(-90100);
    // Exact from integers, rounded once: 2/3 % → 66.67; 8995/10 s → 900 (never 899.50 → 900 by luck).
    expect(ratioAtUnitPrecision(2, 3, 100, 'PERCENT')).toBe(6667);
    expect(ratioAtUnitPrecision(17_999, 20, 1, 'SECONDS')).toBe(90000);
    expect(ratioAtUnitPrecision(17_989, 20, 1, 'SECONDS')).toBe(89900);
  });

  it('publishes every number of a KPI result alike', () => {
    const raw: KpiResult = {
      kpi: 'firstResponseMedianMinutes',
      label: 'First response time, median',
      unit: 'MINUTES',
      actual: 20.200000000000003,
      target: 15,
      bounds: null,
      difference: 5.2,
      status: 'MISSED',
      previous: 19.96666666,
      trend: 'UP',
      evidence: { value: 20.200000000000003, numerator: 3, denominator: 5, caseIds: ['c1'] },
    };
    expect(publishKpi(raw)).toEqual({
      ...raw,
      actual: 20.2,
      difference: 5.2,
      previous: 20,
      evidence: { ...raw.evidence, value: 20.2 },
    });
  });
});
