import { describe, expect, it } from 'vitest';
import { toLocalInputValue } from '../format/format.ts';
import {
  buildBulkFilter,
  describeOutcome,
  localInputToIso,
  missingForKind,
  progressPercent,
  splitList,
} from './bulk-filter.ts';

const STATUSES = ['OFFERED', 'ACCEPTED', 'IN_PROGRESS'] as const;

describe('bulk operation filter', () => {
  it('refuses an empty filter: a bulk operation never runs on every case', () => {
    const built = buildBulkFilter({ kind: 'REROUTE' }, STATUSES);
    expect(built.ok).toBe(false);
    expect(buildBulkFilter({ scope: ' , ' }, STATUSES).ok).toBe(false);
  });

  it('builds every criterion given, lists split on commas without blanks or repeats', () => {
    const built = buildBulkFilter(
      {
        vendorId: 'v1',
        scope: 'billing, refunds,,billing',
        region: 'EU',
        status: 'OFFERED,ACCEPTED',
      },
      STATUSES,
    );
    expect(built).toEqual({
      ok: true,
      filter: {
        vendorId: 'v1',
        scope: ['billing', 'refunds'],
        region: ['EU'],
        status: ['OFFERED', 'ACCEPTED'],
      },
    });
    expect(splitList(undefined)).toBeUndefined();
  });

  it('names a status the API does not know instead of sending it', () => {
    expect(buildBulkFilter({ status: 'OFFERED,LOST' }, STATUSES)).toEqual({
      ok: false,
      problem: 'Unknown status LOST.',
    });
  });

  it('reads "created before" as the viewer’s wall-clock time and sends the instant', () => {
    const local = new Date(2026, 11, 4, 9, 30);
    const value = toLocalInputValue(local);
    expect(localInputToIso(value)).toBe(local.toISOString());
    const built = buildBulkFilter({ createdBefore: value }, STATUSES);
    expect(built).toEqual({ ok: true, filter: { createdBefore: local.toISOString() } });
    expect(buildBulkFilter({ createdBefore: 'yesterday' }, STATUSES).ok).toBe(false);
  });

  it('asks for a target vendor only when assigning', () => {
    expect(missingForKind('ASSIGN', undefined)).toMatch(/vendor/);
    expect(missingForKind('ASSIGN', 'v1')).toBeNull();
    expect(missingForKind('REROUTE', undefined)).toBeNull();
  });

  it('describes each outcome in words', () => {
    expect(describeOutcome({ key: 'VENDOR', vendorId: 'v1', vendorName: 'Acme' })).toBe('to Acme');
    expect(describeOutcome({ key: 'UNROUTED' })).toMatch(/unrouted/);
    expect(describeOutcome({ key: 'SKIPPED:OVER_CAPACITY' })).toBe(
      'skipped: over the vendor’s capacity',
    );
    expect(describeOutcome({ key: 'SKIPPED:SOMETHING_NEW' })).toBe('skipped: something new');
  });

  it('measures progress, an empty finished run being complete', () => {
    expect(progressPercent(50, 200, false)).toBe(25);
    expect(progressPercent(0, 0, false)).toBe(0);
    expect(progressPercent(0, 0, true)).toBe(100);
    expect(progressPercent(250, 200, true)).toBe(100);
  });
});
