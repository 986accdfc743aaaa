import { describe, expect, it } from 'vitest';
import { atRiskCases, dueHorizon, riskReasons } from './at-risk.ts';

const now = new Date('2026-12-04T10:00:00.000Z');

describe('at-risk reasons', () => {
  it('lists a breached clock and one due within the window, soonest first', () => {
    expect(
      riskReasons(
        {
          firstResponseDueAt: '2026-12-04T10:20:00.000Z',
          resolutionDueAt: '2026-12-04T09:00:00.000Z',
        },
        now,
        30,
      ),
    ).toEqual([
      { clock: 'resolution', state: 'breached', dueAt: '2026-12-04T09:00:00.000Z' },
      { clock: 'first response', state: 'due soon', dueAt: '2026-12-04T10:20:00.000Z' },
    ]);
  });

  it('ignores met clocks and clocks due after the window', () => {
    expect(
      riskReasons(
        {
          firstResponseDueAt: '2026-12-04T09:00:00.000Z',
          firstResponseAt: '2026-12-04T08:50:00.000Z',
          resolutionDueAt: '2026-12-04T11:00:00.000Z',
        },
        now,
        30,
      ),
    ).toEqual([]);
  });

  it('keeps only cases at risk, the earliest due first', () => {
    const late = { id: 'late', resolutionDueAt: '2026-12-04T10:25:00.000Z' };
    const breached = { id: 'breached', resolutionDueAt: '2026-12-04T08:00:00.000Z' };
    const fine = { id: 'fine', resolutionDueAt: '2026-12-05T08:00:00.000Z' };
    expect(atRiskCases([late, fine, breached], now, 30).map((x) => x.case.id)).toEqual([
      'breached',
      'late',
    ]);
  });

  it('rounds the query horizon up to the minute', () => {
    expect(dueHorizon(new Date('2026-12-04T10:00:12.345Z'), 30)).toBe('2026-12-04T10:31:00.000Z');
  });
});
