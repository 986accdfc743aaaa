import { describe, expect, it } from 'vitest';
import { creditUnitOf, validateCreditTerms } from './credit-terms.ts';

describe('validateCreditTerms', () => {
  it('reads contract KPI codes and returns the terms in the core’s shape', () => {
    const result = validateCreditTerms({
      shape: 'PER_STEP',
      capBps: 1_000,
      earnBack: { sharePercent: 50 },
      lines: [
        { kpi: 'AHT_SECONDS', unit: 'SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 500 },
        {
          kpi: 'SLA_FIRST_RESPONSE',
          unit: 'PERCENTAGE_POINTS',
          stepSize: 0.01,
          rateBpsPerStep: 1.5,
          capBps: 1_000,
          weightPercent: 25,
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      terms: {
        shape: 'PER_STEP',
        capBps: 1_000,
        earnBack: { sharePercent: 50 },
        lines: [
          { kpi: 'ahtSeconds', unit: 'SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 500 },
          {
            kpi: 'firstResponseSla',
            unit: 'PERCENTAGE_POINTS',
            stepSize: 0.01,
            rateBpsPerStep: 1.5,
            capBps: 1_000,
            weightPercent: 25,
          },
        ],
      },
    });
  });

  it('lists every problem at once', () => {
    const result = validateCreditTerms({
      shape: 'PER_STEP',
      capBps: -1,
      lines: [
        { kpi: 'AHT_SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 500 },
        { kpi: 'ahtSeconds', unit: 'PERCENTAGE_POINTS', stepSize: 0, rateBpsPerStep: 100 },
        { kpi: 'NOT_A_KPI', unit: 'SECONDS', stepSize: 1, rateBpsPerStep: 0.001, capBps: 1 },
        { kpi: 'VOLUME', unit: 'COUNT', stepSize: 1, rateBpsPerStep: 1, capBps: 1 },
      ],
      earnBack: { sharePercent: 150 },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'capBps', message: 'must be a number ≥ 0 (basis points of fees)' },
      { path: 'earnBack.sharePercent', message: 'must be at most 100' },
      {
        path: 'lines[0].unit',
        message:
          'is required: the unit the shortfall is counted in (ahtSeconds is counted in SECONDS)',
      },
      { path: 'lines[1].kpi', message: 'ahtSeconds has more than one credit term' },
      { path: 'lines[1].unit', message: 'ahtSeconds is counted in SECONDS, not PERCENTAGE_POINTS' },
      { path: 'lines[1].stepSize', message: 'must be greater than 0' },
      { path: 'lines[1].capBps', message: 'is required (basis points of fees)' },
      { path: 'lines[2].kpi', message: 'unknown KPI NOT_A_KPI' },
      {
        path: 'lines[2].rateBpsPerStep',
        message: 'must be in hundredths of a basis point at most',
      },
      { path: 'lines[3].kpi', message: 'volume has bounds, not a target to fall short of' },
    ]);
  });

  it('wants a unit and at least one tier on each line of a tier table', () => {
    const result = validateCreditTerms({
      shape: 'TIERED',
      capBps: 1_000,
      lines: [
        { kpi: 'SLA_RESOLUTION', tiers: [{ threshold: 90, creditBps: 0 }] },
        { kpi: 'FCR_RATE', unit: 'PERCENTAGE_POINTS', tiers: [] },
      ],
    });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual([
      'lines[0].unit',
      'lines[1].tiers',
    ]);
    expect(validateCreditTerms('1 % per point')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'credit terms must be an object' }],
    });
  });

  it('maps each KPI to the unit it is measured in', () => {
    expect(creditUnitOf('ahtSeconds')).toBe('SECONDS');
    expect(creditUnitOf('firstResponseSla')).toBe('PERCENTAGE_POINTS');
    expect(creditUnitOf('firstResponseMedianMinutes')).toBe('MINUTES');
    expect(creditUnitOf('agedBacklog')).toBe('COUNT');
    expect(creditUnitOf('csatAverage')).toBe('SCORE_POINTS');
  });
});
