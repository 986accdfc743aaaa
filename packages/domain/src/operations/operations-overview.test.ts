// The overview against a real database, checked against what was put there.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useDispatchDatabase } from '../dispatch/dispatch-db.fixture.ts';
import { getOperationsOverview } from './operations-overview.ts';

const world = useDispatchDatabase('bvg_overview');
const NOW = new Date('2026-12-04T12:30:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('operationsOverview', () => {
  it('counts open work per vendor, scope and region, SLA at risk and breached, capacity and the backlog', async () => {
    const { owner, app } = world;
    await owner.region.createMany({
      data: [
        { code: 'IN', name: 'India' },
        { code: 'MY', name: 'Malaysia' },
      ],
    });
    await owner.scope.createMany({ data: [{ code: 'GENERAL', name: 'General' }] });
    const v = await owner.vendor.create({ data: { slug: 'lotus', name: 'Lotus', kind: 'BPO' } });
    await owner.vendorCapacity.create({
      data: { vendorId: v.id, scopeCode: 'GENERAL', openCaseCeiling: 10, dailyIntakeCap: 50 },
    });
    const make = (data: Record<string, unknown>) =>
      owner.case.create({
        data: {
          source: 'test',
          externalRef: randomBytes(6).toString('hex'),
          regionCode: 'IN',
          scopeCode: 'GENERAL',
          channel: 'EMAIL',
          language: 'en',
          priority: 'P3',
          subjectRef: 'u',
          vendorId: v.id,
          ...data,
        },
      });
    await make({
      status: 'OFFERED',
      createdAt: ago(100),
      resolutionDueAt: new Date(NOW.getTime() + 10 * 60_000),
    }); // at risk
    await make({
      status: 'IN_PROGRESS',
      createdAt: ago(300),
      firstResponseAt: ago(200),
      resolutionDueAt: ago(5),
    }); // breached
    await make({ status: 'PENDING_USER', createdAt: ago(400), resolutionDueAt: ago(60) }); // paused: neither
    await make({ status: 'ACCEPTED', regionCode: 'MY', createdAt: ago(50) });
    await make({ status: 'UNROUTED', vendorId: null, createdAt: ago(20) });
    await make({ status: 'RESOLVED', createdAt: ago(200), resolvedAt: ago(40) }); // not open now
    await make({ status: 'CLOSED', createdAt: ago(3000), resolvedAt: ago(2900) });

    const o = await getOperationsOverview(app, { now: NOW, atRiskWithinMinutes: 30 });
    expect(o.totals).toEqual({ open: 5, unrouted: 1, slaAtRisk: 1, slaBreached: 1 });
    const inCell = o.cells.find((c) => c.vendorId === v.id && c.region === 'IN')!;
    expect(inCell).toMatchObject({
      byStatus: { OFFERED: 1, IN_PROGRESS: 1, PENDING_USER: 1 },
      open: 3,
      oldestWaitingSince: ago(100),
      oldestOpenSince: ago(400),
      slaAtRisk: 1,
      slaBreached: 1,
      // Its GENERAL cases of every region count against the ceiling.
      capacityUsed: 4,
      capacityCeiling: 10,
    });
    // The most breached cell comes first.
    expect(o.cells[0]).toBe(inCell);
    expect(o.cells.find((c) => c.vendorId === null)).toMatchObject({ byStatus: { UNROUTED: 1 } });
    // Accepted and not answered yet: its user has waited since it came in.
    expect(o.cells.find((c) => c.region === 'MY')).toMatchObject({
      byStatus: { ACCEPTED: 1 },
      oldestWaitingSince: ago(50),
    });

    expect(o.backlog).toHaveLength(24);
    const at = (h: string) => o.backlog.find((p) => p.hour.toISOString() === h)!;
    // Start of 12:00: the 5 open now without the one made at 12:10 (unrouted).
    expect(at('2026-12-04T12:00:00.000Z').backlog).toBe(4);
    // Start of 11:00: also without the one made at 11:40 (ACCEPTED, MY), with the one
    // resolved at 11:50 (made at 09:10).
    expect(at('2026-12-04T11:00:00.000Z')).toMatchObject({
      backlog: 4,
      arrivals: 1,
      resolutions: 1,
    });
    // Start of 07:00: only the PENDING_USER one (made 05:50) was open.
    expect(at('2026-12-04T07:00:00.000Z').backlog).toBe(1);

    // Filtered: only the cases asked for, in the cells and in the backlog.
    const my = await getOperationsOverview(app, { now: NOW, region: ['MY'] });
    expect(my.cells.map((c) => [c.region, c.open])).toEqual([['MY', 1]]);
    expect(my.totals.open).toBe(1);
    expect(
      my.backlog.find((p) => p.hour.toISOString() === '2026-12-04T11:00:00.000Z'),
    ).toMatchObject({ backlog: 0, arrivals: 1, resolutions: 0 });
    const held = await getOperationsOverview(app, { now: NOW, vendorId: v.id, scope: ['GENERAL'] });
    expect(held.totals).toMatchObject({ open: 4, unrouted: 0 });
    expect(held.cells.every((c) => c.vendorId === v.id)).toBe(true);
  });

  it('refuses a window outside 1 to 1440 minutes and a malformed vendor id, naming both', async () => {
    await expect(
      getOperationsOverview(world.app, { atRiskWithinMinutes: 0, vendorId: 'lotus' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: {
        problems: [
          { path: 'atRiskWithinMinutes', message: expect.any(String) },
          { path: 'vendorId', message: 'is not a vendor id' },
        ],
      },
    });
  });
});
