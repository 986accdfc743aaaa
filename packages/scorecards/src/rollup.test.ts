import { describe, expect, it } from 'vitest';
import { computeScorecard } from './compute-scorecard.ts';
import { CONTRACT, FACTS, PERIOD, VENDOR } from './hand-built-set.fixture.ts';
import {
  anchorDays,
  EXACT_ROLLUP_KPIS,
  emptyRollup,
  foldFactIntoRollup,
  kpisFromRollup,
  mergeRollups,
  rollupCellsForDays,
  utcDay,
} from './rollup.ts';

const EXACT = EXACT_ROLLUP_KPIS;

const DAY_MS = 86_400_000;
const periodDays = new Set<string>();
for (let t = PERIOD.start.getTime(); t < PERIOD.end.getTime(); t += DAY_MS) {
  periodDays.add(utcDay(new Date(t)));
}

describe('daily rollups', () => {
  const cells = rollupCellsForDays(FACTS, periodDays).filter((c) => c.vendorId === VENDOR);
  const merged = kpisFromRollup(mergeRollups(cells));
  const totals = computeScorecard({ facts: FACTS, contract: CONTRACT, period: PERIOD }).totals.kpis;

  it('merged over the period give exactly the from-scratch additive KPIs', () => {
    for (const key of EXACT) {
      const { value, numerator, denominator } = totals[key].evidence;
      expect({ key, ...merged[key] }).toEqual({ key, value, numerator, denominator });
    }
  });

  it('answer percentiles from the histogram, never below the exact figure', () => {
    // exact: median 30, p90 90; both sit on bucket bounds (30, 90) so the histogram agrees
    expect(merged.firstResponseMedianMinutes).toEqual({ value: 30, numerator: 6, denominator: 11 });
    expect(merged.firstResponseP90Minutes).toEqual({ value: 90, numerator: 10, denominator: 11 });
  });

  it('keep one cell per vendor × scope × region × day a fact touches', () => {
    // c09 (ACCOUNT_ACCESS, IN) touches 1 March (assigned, answered) and 3 March (resolution due)
    const c09 = FACTS.find((f) => f.caseId === 'c09')!;
    expect(anchorDays(c09).sort()).toEqual(['2025-03-01', '2025-03-03']);
    const c09Cells = rollupCellsForDays([c09], new Set(['2025-03-01', '2025-03-02', '2025-03-03']));
    expect(c09Cells.map((c) => c.day).sort()).toEqual(['2025-03-01', '2025-03-03']);
    // a day outside the ones asked for adds nothing
    expect(rollupCellsForDays([c09], new Set(['2025-03-03'])).map((c) => c.day)).toEqual([
      '2025-03-03',
    ]);
    // one scope/region/day cell of the period: ACCOUNT_ACCESS/IN on 3 March holds c01's
    // assignment, answer and resolution, c02's assignment and answer, and c09's breach
    const day3 = cells.find(
      (c) => c.scope === 'ACCOUNT_ACCESS' && c.region === 'IN' && c.day === '2025-03-03',
    )!;
    expect(day3).toMatchObject({
      assigned: 2,
      firstResponseDue: 2,
      firstResponseMet: 1,
      resolutionDue: 1,
      resolutionMet: 0,
      resolved: 1,
    });
  });

  it("fold a fact without touching the cell it was given, and refuse another vendor's case", () => {
    const cell = emptyRollup({
      vendorId: VENDOR,
      scope: 'ACCOUNT_ACCESS',
      region: 'IN',
      day: '2025-03-03',
    });
    const c01 = FACTS.find((f) => f.caseId === 'c01')!;
    const next = foldFactIntoRollup(cell, c01);
    expect(cell.assigned).toBe(0);
    expect(next).toMatchObject({
      assigned: 1,
      firstResponseMet: 1,
      resolved: 1,
      csatSum: 5,
      qaCount: 2,
    });
    const other = FACTS.find((f) => f.vendorId !== VENDOR)!;
    expect(() => foldFactIntoRollup(cell, other)).toThrow(RangeError);
  });

  it('merge labels mixed cells with "*" and spans of days', () => {
    const m = mergeRollups(cells);
    expect(m).toMatchObject({
      vendorId: VENDOR,
      scope: '*',
      region: '*',
      day: '2025-03-03..2025-03-16',
    });
    expect(() => mergeRollups([])).toThrow(RangeError);
  });
});
