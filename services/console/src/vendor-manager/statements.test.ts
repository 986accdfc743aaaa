import { describe, expect, it } from 'vitest';
import {
  type DisputeLike,
  parseAmountCents,
  previousMonth,
  type StatementLike,
  splitDisputes,
  statementMonths,
} from './statements.ts';

const statement = (
  id: string,
  period: string,
  version: number,
  disputes: (DisputeLike | null)[] = [],
): StatementLike => ({
  id,
  period,
  version,
  status: 'CURRENT',
  lines: disputes.map((dispute, i) => ({ id: `${id}-${i}`, kpi: `k${i}`, dispute })),
});

describe('statement months', () => {
  it('groups versions under their month, newest month and version first', () => {
    const months = statementMonths([
      statement('a', '2026-08', 1),
      statement('b', '2026-09', 1),
      statement('c', '2026-08', 2),
    ]);
    expect(months.map((m) => [m.period, m.versions.map((v) => v.id)])).toEqual([
      ['2026-09', ['b']],
      ['2026-08', ['c', 'a']],
    ]);
  });
});

describe('disputes', () => {
  it('lists open disputes oldest first and decided ones latest decision first', () => {
    const { open, decided } = splitDisputes([
      statement('s', '2026-09', 1, [
        { id: 'd1', status: 'OPEN', openedAt: '2026-10-03T00:00:00Z' },
        { id: 'd2', status: 'OPEN', openedAt: '2026-10-01T00:00:00Z' },
        null,
        {
          id: 'd3',
          status: 'REJECTED',
          openedAt: '2026-10-01T00:00:00Z',
          resolvedAt: '2026-10-02T00:00:00Z',
        },
        {
          id: 'd4',
          status: 'ADJUSTED',
          openedAt: '2026-10-01T00:00:00Z',
          resolvedAt: '2026-10-05T00:00:00Z',
        },
      ]),
    ]);
    expect(open.map((r) => r.dispute.id)).toEqual(['d2', 'd1']);
    expect(decided.map((r) => r.dispute.id)).toEqual(['d4', 'd3']);
    expect(open[0]?.line.kpi).toBe('k1');
  });
});

describe('amounts typed in', () => {
  it('reads whole and decimal amounts into cents', () => {
    expect(parseAmountCents('120')).toBe(12_000);
    expect(parseAmountCents('1,234.5')).toBe(123_450);
    expect(parseAmountCents(' 0.07 ')).toBe(7);
  });
  it('refuses negatives, three decimals and words', () => {
    expect(parseAmountCents('-1')).toBeNull();
    expect(parseAmountCents('1.234')).toBeNull();
    expect(parseAmountCents('ten')).toBeNull();
    expect(parseAmountCents('')).toBeNull();
  });
});

describe('the month to close', () => {
  it('is the previous calendar month, across a year end', () => {
    expect(previousMonth(new Date('2026-12-04T15:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12');
  });
});
