import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';
import {
  compareLines,
  compareRecords,
  type Figure,
  formatFigure,
  formatGap,
  formatTarget,
  margin,
  previousFigure,
  type ScorecardLike,
  sortLines,
} from './figures.ts';
import { quarterPeriod, recentQuarters } from './period.ts';

const sla = (actual: number | null, difference: number | null): Figure => ({
  kpi: 'firstResponseSla',
  label: 'SLA first response',
  unit: 'PERCENT',
  actual,
  target: 90,
  difference,
  status: difference === null ? 'NO_DATA' : difference >= 0 ? 'MET' : 'MISSED',
});

const card = (
  id: string,
  name: string,
  total: Figure,
  scopes: [string, Figure][],
): ScorecardLike => ({
  vendorId: id,
  vendorName: name,
  totals: { key: 'TOTAL', kpis: [total] },
  rows: scopes.map(([scope, f]) => ({ key: `SCOPE=${scope}`, group: { scope }, kpis: [f] })),
});

const cards = [
  card('a', 'Acme', sla(92, 2), [
    ['APPEALS', sla(95, 5)],
    ['BILLING', sla(80, -10)],
  ]),
  card('b', 'Bolt', sla(85.5, -4.5), [['APPEALS', sla(null, null)]]),
  card('c', 'Cove', sla(90, 0), []),
];

describe('the comparison', () => {
  it('puts the chosen vendors side by side on each KPI', () => {
    const { vendors, lines } = compareLines(cards, { only: ['b', 'a'] });
    expect(vendors.map((v) => v.vendorName)).toEqual(['Acme', 'Bolt']);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.cells.get('b')?.figure.actual).toBe(85.5);
    expect(lines[0]?.cells.get('a')?.rowKey).toBe('TOTAL');
  });

  it("groups by scope; sorted by a vendor's gap, worst first, no gap last", () => {
    const { lines } = compareLines(cards, { groupBy: 'SCOPE' });
    expect(lines.map((l) => [l.group, l.cells.get('a')?.rowKey])).toEqual([
      ['APPEALS', 'SCOPE=APPEALS'],
      ['BILLING', 'SCOPE=BILLING'],
    ]);
    expect(sortLines(lines, 'a', 'asc').map((l) => l.group)).toEqual(['BILLING', 'APPEALS']);
    expect(sortLines(lines, 'a', 'desc').map((l) => l.group)).toEqual(['APPEALS', 'BILLING']);
    expect(sortLines(lines, 'b', 'asc').map((l) => l.group)).toEqual(['APPEALS', 'BILLING']);
  });

  it('keeps only KPIs with a contract target when asked', () => {
    const noTarget: Figure = { ...sla(5, null), kpi: 'backlog', label: 'Backlog', target: null };
    const withExtra = [{ ...cards[2]!, totals: { key: 'TOTAL', kpis: [sla(90, 0), noTarget] } }];
    expect(compareLines(withExtra, {}).lines).toHaveLength(2);
    expect(compareLines(withExtra, { withTargetOnly: true }).lines.map((l) => l.kpi)).toEqual([
      'firstResponseSla',
    ]);
  });

  it('exports every line × vendor with the published numbers', () => {
    const { vendors, lines } = compareLines(cards, { only: ['b'] });
    expect(parseCsv(toCsv(compareRecords(vendors, lines)))).toEqual([
      {
        group: '',
        kpi: 'SLA first response',
        unit: 'PERCENT',
        vendor: 'Bolt',
        actual: '85.5',
        target: '90',
        min: '',
        max: '',
        gap: '-4.5',
        status: 'MISSED',
      },
    ]);
  });
});

describe('margin to target', () => {
  it('is the same for a lower-is-better KPI: a met time below target is a positive margin', () => {
    const aht = (difference: number, status: 'MET' | 'MISSED'): Figure => ({
      kpi: 'ahtSeconds',
      label: 'Average handle time',
      unit: 'SECONDS',
      actual: 900 + difference,
      target: 900,
      difference,
      status,
    });
    expect(margin(aht(-40, 'MET'))).toBe(40);
    expect(margin(aht(25, 'MISSED'))).toBe(-25);
    expect(margin(sla(null, null))).toBeNull();
  });
});

describe('figures as shown', () => {
  it('keeps the published precision and says the unit', () => {
    expect(formatFigure(87.43, 'PERCENT', 'en-GB')).toBe('87.43%');
    expect(formatFigure(1312, 'SECONDS', 'en-GB')).toBe('1,312 s');
    expect(formatGap(sla(85.5, -4.5), 'en-GB')).toBe('-4.5%');
    expect(formatTarget({ ...sla(1, 1), unit: 'CASES', min: 100, max: 900 }, 'en-GB')).toBe(
      '100 to 900',
    );
  });
});

describe('CSV', () => {
  it('quotes what RFC 4180 needs and defuses formulas', () => {
    expect(toCsv([['a,b', '=SUM(A1)', 3, null]])).toBe('"a,b",\'=SUM(A1),3,\r\n');
  });
});

describe('quarters', () => {
  it('spans the calendar quarter in UTC and lists complete quarters newest first', () => {
    expect(quarterPeriod('2026-Q3')).toEqual({
      start: '2026-07-01T00:00:00.000Z',
      end: '2026-10-01T00:00:00.000Z',
    });
    expect(recentQuarters(new Date('2026-12-04T10:00:00Z'), 3)).toEqual([
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
    ]);
    expect(recentQuarters(new Date('2027-02-01T00:00:00Z'), 1)).toEqual(['2026-Q4']);
  });
});

describe('the previous quarter', () => {
  const aht = { unit: 'SECONDS', previous: 912, trend: 'DOWN' };
  it('shows the previous figure and which way the value moved', () => {
    expect(previousFigure(aht, 1204, 'en-GB')).toEqual({ text: '912 s', trend: 'DOWN' });
    expect(previousFigure({ unit: 'CASES', previous: 0, trend: 'UP' }, 12, 'en-GB')).toEqual({
      text: '0',
      trend: 'UP',
    });
  });

  it('says "no data", with no trend, when there is no previous figure', () => {
    expect(previousFigure({ ...aht, previous: null, trend: null }, 1204)).toEqual({
      text: 'no data',
      trend: null,
    });
    // A quarter without a case: its counts read 0, which is no figure to compare with.
    expect(previousFigure({ unit: 'CASES', previous: 0, trend: 'UP' }, 0)).toEqual({
      text: 'no data',
      trend: null,
    });
    expect(previousFigure(aht, null)).toEqual({ text: 'no data', trend: null });
  });
});
