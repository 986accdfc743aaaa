import { describe, expect, it } from 'vitest';
import { backlogSeries, foldCells } from './overview-model.ts';

const H = (n: number) => new Date(Date.UTC(2026, 11, 4, n));

describe('backlogSeries', () => {
  it('walks the backlog back from the open count now, hour by hour', () => {
    // Now (in hour 12) 10 are open. In hour 12: 2 created and still open, 1 resolved (made the
    // day before). In hour 10: 3 created, one of them resolved since (in hour 11).
    const points = backlogSeries(
      10,
      [
        { hour: H(12), arrivals: 2, resolutions: 1 },
        { hour: H(11), arrivals: 0, resolutions: 1 },
        { hour: H(10), arrivals: 3, resolutions: 0 },
      ],
      H(12),
      4,
    );
    expect(points.map((p) => [p.hour.getUTCHours(), p.backlog, p.arrivals, p.resolutions])).toEqual(
      [
        // Start of hour 10: 10 now, without the 4 made since and still open, with the one
        // resolved in hour 12 (made the day before); the one resolved in hour 11 was not made yet.
        [9, 7, 0, 0],
        [10, 7, 3, 0],
        // Start of hour 11: the 3 of hour 10 are there, nothing resolved yet.
        [11, 10, 0, 1],
        // Start of hour 12: the one resolved in hour 11 is gone.
        [12, 9, 2, 1],
      ],
    );
  });
});

describe('foldCells', () => {
  it('folds statuses into one cell per vendor, scope and region, with capacity and the worst first', () => {
    const cells = foldCells(
      [
        {
          vendorId: 'a',
          scope: 'GENERAL',
          region: 'IN',
          status: 'OFFERED',
          n: 2,
          oldest: H(3),
          atRisk: 1,
          breached: 0,
        },
        {
          vendorId: 'a',
          scope: 'GENERAL',
          region: 'IN',
          status: 'IN_PROGRESS',
          n: 5,
          oldest: H(1),
          atRisk: 0,
          breached: 0,
        },
        {
          vendorId: null,
          scope: 'GENERAL',
          region: 'IN',
          status: 'UNROUTED',
          n: 1,
          oldest: H(5),
          atRisk: 0,
          breached: 1,
        },
      ],
      [{ vendorId: 'a', scope: 'GENERAL', ceiling: 10, used: 9 }],
    );
    expect(cells).toEqual([
      expect.objectContaining({ vendorId: null, open: 1, slaBreached: 1, capacityCeiling: null }),
      {
        vendorId: 'a',
        scope: 'GENERAL',
        region: 'IN',
        byStatus: { OFFERED: 2, IN_PROGRESS: 5 },
        open: 7,
        oldestWaitingSince: H(3),
        oldestOpenSince: H(1),
        slaAtRisk: 1,
        slaBreached: 0,
        capacityUsed: 9,
        capacityCeiling: 10,
      },
    ]);
  });

  it('dates the wait of a cell from its oldest case the user waits on: accepted or reopened and unanswered too, not worked or pending', () => {
    const row = (status: string, oldest: Date) => ({
      vendorId: 'a',
      scope: 'GENERAL',
      region: 'IN',
      status,
      n: 1,
      oldest,
      atRisk: 0,
      breached: 0,
    });
    // Taken but not answered yet: the user has waited since the case came in.
    const [accepted] = foldCells([row('IN_PROGRESS', H(1)), row('ACCEPTED', H(4))], []);
    expect(accepted).toMatchObject({ oldestWaitingSince: H(4), oldestOpenSince: H(1) });
    const [reopened] = foldCells([row('REOPENED', H(2)), row('OFFERED', H(6))], []);
    expect(reopened!.oldestWaitingSince).toEqual(H(2));
    // Answered and being worked, or waiting on the user: nobody waits on support.
    const [worked] = foldCells([row('IN_PROGRESS', H(1)), row('PENDING_USER', H(0))], []);
    expect(worked).toMatchObject({ oldestWaitingSince: null, oldestOpenSince: H(0) });
  });
});
