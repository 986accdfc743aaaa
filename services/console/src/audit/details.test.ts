import { describe, expect, it } from 'vitest';
import { changedPaths, detailText, readableDetails } from './details.ts';

describe('an audit record’s details, readable', () => {
  it('lists the fields a change changed, nested paths included, from what to what', () => {
    const details = {
      reason: 'Peak season',
      before: { name: 'Lotus', capacity: { openCaseCeiling: 100, dailyIntakeCap: 40 }, tz: 'UTC' },
      after: { name: 'Lotus', capacity: { openCaseCeiling: 150, dailyIntakeCap: 40 }, tz: 'UTC' },
    };
    expect(readableDetails(details)).toEqual({
      changes: [{ path: 'capacity.openCaseCeiling', before: 100, after: 150 }],
      other: [{ key: 'reason', value: 'Peak season' }],
    });
  });

  it('lists every field of a record created or removed, and fields added or dropped', () => {
    expect(changedPaths(null, { code: 'IN', languages: ['en', 'hi'] })).toEqual([
      { path: 'code', before: undefined, after: 'IN' },
      { path: 'languages', before: undefined, after: ['en', 'hi'] },
    ]);
    expect(changedPaths({ a: 1, gone: true }, { a: 1, added: 'x' })).toEqual([
      { path: 'gone', before: true, after: undefined },
      { path: 'added', before: undefined, after: 'x' },
    ]);
    expect(changedPaths({ a: 1 }, null)).toEqual([{ path: 'a', before: 1, after: undefined }]);
  });

  it('compares lists whole and plain values directly', () => {
    expect(changedPaths({ days: [1, 2, 3] }, { days: [1, 2, 3, 4] })).toEqual([
      { path: 'days', before: [1, 2, 3], after: [1, 2, 3, 4] },
    ]);
    expect(changedPaths({ days: [1, 2] }, { days: [1, 2] })).toEqual([]);
    expect(changedPaths('PAUSED', 'ACTIVE')).toEqual([
      { path: '(value)', before: 'PAUSED', after: 'ACTIVE' },
    ]);
  });

  it('shows details without a change as key/value pairs', () => {
    expect(
      readableDetails({ fields: ['subject.email', 'status'], count: 2, single: true, via: null }),
    ).toEqual({
      changes: [],
      other: [
        { key: 'fields', value: 'subject.email, status' },
        { key: 'count', value: '2' },
        { key: 'single', value: 'true' },
        { key: 'via', value: '—' },
      ],
    });
    expect(readableDetails(null)).toEqual({ changes: [], other: [] });
    expect(readableDetails('odd')).toEqual({
      changes: [],
      other: [{ key: 'details', value: 'odd' }],
    });
  });

  it('writes values short', () => {
    expect(detailText(undefined)).toBe('—');
    expect(detailText('')).toBe('""');
    expect(detailText([])).toBe('none');
    expect(detailText({ a: 1 })).toBe('{"a":1}');
    expect(detailText([{ a: 1 }])).toBe('[{"a":1}]');
  });
});
