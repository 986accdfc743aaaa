import { describe, expect, it } from 'vitest';
import { shiftsByVendor } from './simulation.ts';

describe('simulation totals per vendor', () => {
  it('adds scopes and regions up per vendor, with unrouted cases last', () => {
    const published = [
      { vendorId: 'a', count: 70 },
      { vendorId: 'a', count: 10 },
      { vendorId: 'b', count: 30 },
      { vendorId: null, count: 5 },
    ];
    const draft = [
      { vendorId: 'a', count: 50 },
      { vendorId: 'b', count: 50 },
      { vendorId: 'c', count: 12 },
      { vendorId: null, count: 3 },
    ];
    expect(shiftsByVendor(published, draft)).toEqual([
      { vendorId: 'a', published: 80, draft: 50, change: -30 },
      { vendorId: 'b', published: 30, draft: 50, change: 20 },
      { vendorId: 'c', published: 0, draft: 12, change: 12 },
      { vendorId: null, published: 5, draft: 3, change: -2 },
    ]);
  });
});
