import type { ContractTerms } from '@bvg/scorecards';
import { describe, expect, it } from 'vitest';
import { blendTerms } from './load-contract-terms.ts';

const DAY = 86_400_000;
const terms = (target: number, price: number, min: number): ContractTerms => ({
  vendorId: 'v',
  targets: [{ kpi: 'firstResponseSla', target }],
  pricePerCaseCents: price,
  volumeBounds: { min },
});

describe('a month split by an amendment', () => {
  it('weights each version by the days it governs', () => {
    // 10 days at 90 % / 400 ¢, then 20 days at 96 % / 500 ¢.
    const blended = blendTerms('v', [
      { terms: terms(90, 400, 100), ms: 10 * DAY },
      { terms: terms(96, 500, 200), ms: 20 * DAY },
    ]);
    expect(blended.targets).toEqual([{ kpi: 'firstResponseSla', target: 94 }]);
    expect(blended.pricePerCaseCents).toBe(467);
    // Each version's bounds already cover its own days only; the month's are their sum.
    expect(blended.volumeBounds).toEqual({ min: 300 });
  });

  it('is the version itself when one governs the whole month', () => {
    const one = terms(90, 400, 100);
    expect(blendTerms('v', [{ terms: one, ms: 30 * DAY }])).toBe(one);
  });
});
