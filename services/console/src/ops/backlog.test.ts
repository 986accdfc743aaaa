import { describe, expect, it } from 'vitest';
import { backlogByVendor, backlogSeries } from './backlog.ts';

describe('backlog charts', () => {
  it('sums a vendor’s cells, unrouted apart, most breached first', () => {
    const names: Record<string, string> = { a: 'Acme', b: 'Bolt' };
    const rows = backlogByVendor(
      [
        { vendorId: 'a', open: 10, slaAtRisk: 1, slaBreached: 0 },
        { vendorId: 'b', open: 3, slaAtRisk: 0, slaBreached: 2 },
        { vendorId: 'a', open: 5, slaAtRisk: 2, slaBreached: 0 },
        { vendorId: null, open: 4, slaAtRisk: 0, slaBreached: 0 },
      ],
      (id) => (id ? (names[id] ?? id) : 'Unrouted'),
    );
    expect(rows).toEqual([
      { vendor: 'Bolt', open: 3, atRisk: 0, breached: 2 },
      { vendor: 'Acme', open: 15, atRisk: 3, breached: 0 },
      { vendor: 'Unrouted', open: 4, atRisk: 0, breached: 0 },
    ]);
  });

  it('labels each hour on the viewer’s clock', () => {
    const [point] = backlogSeries(
      [{ hour: '2026-12-04T06:00:00.000Z', backlog: 7, arrivals: 3, resolutions: 1 }],
      { timeZone: 'Asia/Kolkata', locale: 'en-GB' },
    );
    expect(point?.label).toBe('11:30');
    expect(point?.backlog).toBe(7);
  });
});
