import { describe, expect, it } from 'vitest';
import { type ContractTermsInput, checkContractTerms, checkCreditTerms } from './contract-terms.ts';

const known = { regions: new Set(['IN', 'US']), scopes: new Set(['GENERAL']) };
const sound: ContractTermsInput = {
  currency: 'USD',
  pricePerCaseMinor: 400,
  minMonthlyVolume: 100,
  maxMonthlyVolume: 500,
  slaTargets: [
    { scopeCode: 'GENERAL', priority: 'P1', firstResponseMinutes: 15, resolutionMinutes: 240 },
  ],
  kpiTargets: [{ kpi: 'SLA_FIRST_RESPONSE', target: 95, weight: 0.5 }],
  dataAccess: [{ regionCode: 'IN', fields: ['SUBJECT_PII'] }],
  creditTerms: {
    shape: 'PER_STEP',
    capBps: 1_000,
    lines: [
      {
        kpi: 'SLA_FIRST_RESPONSE',
        unit: 'PERCENTAGE_POINTS',
        stepSize: 1,
        rateBpsPerStep: 100,
        capBps: 1_000,
      },
    ],
  },
};

describe('contract terms', () => {
  it('accepts sound terms', () => {
    expect(checkContractTerms(sound, known)).toEqual([]);
  });

  it('lists every problem at once', () => {
    const problems = checkContractTerms(
      {
        ...sound,
        currency: 'dollars',
        pricePerCaseMinor: -1,
        minMonthlyVolume: 600,
        slaTargets: [
          { scopeCode: 'NOPE', firstResponseMinutes: 30, resolutionMinutes: 10 },
          { scopeCode: 'NOPE', firstResponseMinutes: 30, resolutionMinutes: 60 },
        ],
        kpiTargets: [{ kpi: 'HAPPINESS', regionCode: 'MARS', target: 1 }],
        dataAccess: [{ regionCode: 'ATLANTIS', fields: [] }],
        // AHT is counted in seconds: a term that does not say so is refused.
        creditTerms: {
          shape: 'PER_STEP',
          capBps: 1_000,
          lines: [{ kpi: 'AHT_SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 1_000 }],
        },
      },
      known,
    );
    expect(problems.map((p) => p.path)).toEqual([
      'terms.currency',
      'terms.pricePerCaseMinor',
      'terms.maxMonthlyVolume',
      'terms.slaTargets.0.scopeCode',
      'terms.slaTargets.0.resolutionMinutes',
      'terms.slaTargets.1.scopeCode',
      'terms.slaTargets.1',
      'terms.kpiTargets.0.regionCode',
      'terms.kpiTargets.0.kpi',
      'terms.dataAccess.0.regionCode',
      'terms.dataAccess.0.fields',
      'terms.creditTerms.lines[0].unit',
    ]);
  });

  it('takes {} as no service credits and refuses an unknown shape', () => {
    expect(checkCreditTerms({})).toEqual([]);
    expect(checkCreditTerms({ shape: 'SOMETIMES' }).map((p) => p.path)).toEqual(
      expect.arrayContaining(['creditTerms.shape', 'creditTerms.lines']),
    );
  });
});
