import { describe, expect, it } from 'vitest';
import {
  closeStatementProblems,
  monthPeriod,
  resolutionProblems,
  resolveDispute,
} from './rules.ts';

describe('billing months', () => {
  it('reads YYYY-MM as the UTC calendar month and nothing else', () => {
    expect(monthPeriod('2026-02')).toEqual({
      start: new Date('2026-02-01T00:00:00Z'),
      end: new Date('2026-03-01T00:00:00Z'),
    });
    expect(monthPeriod('2026-12')!.end).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(monthPeriod('2026-13')).toBeNull();
    expect(monthPeriod('2026-2')).toBeNull();
  });

  it('closes only a month that has ended, with a reason', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    expect(
      closeStatementProblems({ vendorId: 'v', period: '2026-11', reason: 'run' }, now),
    ).toEqual([]);
    expect(closeStatementProblems({ vendorId: '', period: '2026-12', reason: '' }, now)).toEqual([
      { path: 'vendorId', message: 'is required' },
      { path: 'period', message: 'has not ended yet: only a past month closes' },
      { path: 'reason', message: 'is required' },
    ]);
  });
});

describe('dispute decisions', () => {
  it('needs an amount to adjust, none otherwise, and a note always', () => {
    expect(resolutionProblems({ decision: 'ADJUST', note: '' })).toEqual([
      { path: 'amountCents', message: 'is required to adjust: the new amount' },
      { path: 'note', message: 'is required' },
    ]);
    expect(resolutionProblems({ decision: 'REJECT', amountCents: 5, note: 'no' })).toEqual([
      { path: 'amountCents', message: 'is only given to ADJUST' },
    ]);
    expect(resolutionProblems({ decision: 'ADJUST', amountCents: -1, note: 'x' })).toEqual([
      { path: 'amountCents', message: 'must be a whole number of cents ≥ 0' },
    ]);
  });

  it('moves an OPEN dispute once: accepted waives the line, rejected keeps it, adjusted sets it', () => {
    expect(resolveDispute('OPEN', { decision: 'ACCEPT', note: 'ok' }, 1_200)).toEqual({
      ok: true,
      status: 'ACCEPTED',
      amountCents: 0,
    });
    expect(resolveDispute('OPEN', { decision: 'REJECT', note: 'no' }, 1_200)).toEqual({
      ok: true,
      status: 'REJECTED',
      amountCents: 1_200,
    });
    expect(
      resolveDispute('OPEN', { decision: 'ADJUST', amountCents: 700, note: 'half' }, 1_200),
    ).toEqual({ ok: true, status: 'ADJUSTED', amountCents: 700 });
    expect(resolveDispute('REJECTED', { decision: 'ACCEPT', note: 'ok' }, 1_200)).toEqual({
      ok: false,
      message: 'The dispute is already REJECTED; a decision is final',
    });
  });
});
