import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeCase } from './route-case.ts';
import { loadRoutingState, RoutingStateCache } from './routing-state.ts';
import { createSplitWorld, INTAKE, NOW, type RoutingWorld } from './routing-world.fixture.ts';

let world: RoutingWorld;
let ruleIds: { split: string; us: string };

beforeAll(async () => {
  ({ world, ruleIds } = await createSplitWorld());
});
afterAll(async () => world?.close());

// 100 decisions queue on two small pools in the concurrency test: waiting for a connection is
// not what it checks, so a busy machine must not fail it on Prisma's 5 s wait for one.
const QUEUED = { maxWait: 60_000 };

const route = (caseId: string, excludeVendorIds?: string[]) =>
  withScope(
    world.app,
    systemScope('test: route'),
    (tx) =>
      routeCase(tx, {
        caseId,
        now: NOW,
        actor: INTAKE,
        requestId: 'req-1',
        ...(excludeVendorIds ? { excludeVendorIds } : {}),
      }),
    QUEUED,
  );

describe('routeCase', () => {
  it('offers a US account-security case to the US-cleared vendor and records the proof', async () => {
    const caseId = await world.newCase({ regionCode: 'US', scopeCode: 'ACCOUNT_SECURITY' });
    const result = await route(caseId);

    expect(result.status).toBe('OFFERED');
    const kase = await world.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(kase).toMatchObject({
      status: 'OFFERED',
      vendorId: world.vendors.harbor,
      version: 2,
      routingAttempts: 1,
    });
    const assignment = await world.owner.assignment.findFirstOrThrow({ where: { caseId } });
    expect(assignment).toMatchObject({
      vendorId: world.vendors.harbor,
      attempt: 1,
      ruleId: ruleIds.us,
      status: 'OFFERED',
      residencyCheck: {
        region: 'US',
        requirement: 'US_CLEARANCE',
        vendorUsDataCleared: true,
        passed: true,
      },
    });
    expect(assignment.rulesetVersion).toBeGreaterThan(0);
    expect(assignment.leaseExpiresAt!.getTime()).toBeGreaterThan(NOW.getTime());
    expect((assignment.explanation as { summary: string }).summary).toContain(
      'US_CLEARANCE passed',
    );
    const events = await world.owner.caseEvent.findMany({
      where: { caseId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.type, e.toStatus, e.version, e.actorId])).toEqual([
      ['ROUTED', 'ROUTED', 2, 'intake.test'],
      ['OFFERED', 'OFFERED', 2, 'intake.test'],
    ]);
    const intake = await world.owner.vendorDailyIntake.findFirstOrThrow({
      where: { vendorId: world.vendors.harbor!, scopeCode: 'ACCOUNT_SECURITY' },
    });
    expect(intake.count).toBe(1);
  });

  it('leaves a case no vendor may take unrouted, with an event and an alert for ops', async () => {
    // EU account security: only the in-house team is certified, and it is excluded here.
    const caseId = await world.newCase({ regionCode: 'EU', scopeCode: 'ACCOUNT_SECURITY' });
    const result = await route(caseId, [world.vendors.tier2!]);

    expect(result.status).toBe('UNROUTED');
    const kase = await world.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(kase).toMatchObject({ status: 'UNROUTED', vendorId: null, version: 2 });
    const alert = await world.owner.alert.findFirstOrThrow({ where: { caseId } });
    expect(alert.kind).toBe('UNROUTED_CASE');
    expect(alert.message).toContain('unrouted');
    const events = await world.owner.caseEvent.findMany({ where: { caseId } });
    expect(events.map((e) => e.type)).toEqual(['UNROUTED']);
    expect(await world.owner.assignment.count({ where: { caseId } })).toBe(0);
  });

  it('refuses to route a case that a vendor is already working on', async () => {
    const caseId = await world.newCase();
    await world.owner.case.update({ where: { id: caseId }, data: { status: 'IN_PROGRESS' } });
    await expect(route(caseId)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(route('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps a 60/40 split exact when two clients decide concurrently', async () => {
    const other = createPrismaClient({ url: world.db.appUrl, max: 4 });
    const otherCache = new RoutingStateCache();
    try {
      const cases = await Promise.all(Array.from({ length: 100 }, () => world.newCase()));
      await Promise.all(
        cases.map((caseId, i) =>
          i % 2 === 0
            ? route(caseId)
            : withScope(
                other,
                systemScope('test: route'),
                (tx) => routeCase(tx, { caseId, now: NOW, actor: INTAKE, cache: otherCache }),
                QUEUED,
              ),
        ),
      );
      const counters = await world.owner.routingAllocation.findMany({
        where: { ruleId: ruleIds.split },
      });
      const byVendor = Object.fromEntries(counters.map((c) => [c.vendorId, Number(c.assigned)]));
      expect(byVendor).toEqual({ [world.vendors.lotus!]: 60, [world.vendors.pacific!]: 40 });
      const offered = await world.owner.case.groupBy({
        by: ['vendorId'],
        where: { id: { in: cases } },
        _count: true,
      });
      expect(Object.fromEntries(offered.map((o) => [o.vendorId, o._count]))).toEqual(byVendor);
    } finally {
      await other.$disconnect();
    }
  });

  it('gives an excluded vendor’s share to the others and respects a capacity change at once', async () => {
    await world.setCapacity(
      world.vendors.pacific!,
      [{ scope: 'GENERAL', openCaseCeiling: 0, dailyIntakeCap: 100 }],
      'site down',
    );
    const caseId = await world.newCase();
    const result = await route(caseId);
    expect(result.decision).toMatchObject({ outcome: 'ASSIGNED', vendorId: world.vendors.lotus });
    const pacific = result.decision.explanation.rules[0]!.candidates.find(
      (c) => c.vendorId === world.vendors.pacific,
    );
    expect(pacific?.reasons).toContain('AT_OPEN_CEILING');
    const audit = await world.owner.auditEvent.findFirstOrThrow({
      where: { action: 'vendor.capacity.set' },
    });
    expect(audit.details).toMatchObject({ reason: 'site down' });
  });

  it('counts its own offers against an open-case ceiling between two counts of open cases', async () => {
    const open = () =>
      world.owner.case.count({
        where: {
          vendorId: world.vendors.harbor!,
          status: 'OFFERED',
          scopeCode: 'ACCOUNT_SECURITY',
        },
      });
    await world.setCapacity(
      world.vendors.harbor!,
      [{ scope: 'ACCOUNT_SECURITY', openCaseCeiling: 0, dailyIntakeCap: 100_000 }],
      'make room below',
    );
    const ceiling = (await open()) + 2;
    await world.setCapacity(
      world.vendors.harbor!,
      [{ scope: 'ACCOUNT_SECURITY', openCaseCeiling: ceiling, dailyIntakeCap: 100_000 }],
      'two more',
    );
    // Open cases are counted once for all four decisions; the offers in between still count.
    const cache = new RoutingStateCache(60_000, 60_000);
    const vendors = [];
    for (let i = 0; i < 4; i++) {
      const caseId = await world.newCase({ regionCode: 'US', scopeCode: 'ACCOUNT_SECURITY' });
      const result = await withScope(world.app, systemScope('test: route'), (tx) =>
        routeCase(tx, { caseId, now: NOW, actor: INTAKE, cache }),
      );
      vendors.push(result.decision.outcome === 'ASSIGNED' ? result.decision.vendorId : null);
    }
    expect(vendors).toEqual([
      world.vendors.harbor,
      world.vendors.harbor,
      world.vendors.tier2,
      world.vendors.tier2,
    ]);
    expect(await open()).toBe(ceiling);
  });

  it('holds a daily cap exactly, even for decisions made from a state read before any booked', async () => {
    const today = () => world.intakeToday(world.vendors.harbor!, 'ACCOUNT_SECURITY');
    const cap = (await today()) + 3;
    await world.setCapacity(
      world.vendors.harbor!,
      [{ scope: 'ACCOUNT_SECURITY', openCaseCeiling: 1_000, dailyIntakeCap: cap }],
      'small site',
    );
    const cases = [];
    for (let i = 0; i < 6; i++) {
      cases.push(await world.newCase({ regionCode: 'US', scopeCode: 'ACCOUNT_SECURITY' }));
    }
    // Every decision sees the vendor with room: as if all six intakes ran at once.
    const states = await Promise.all(
      cases.map(() =>
        withScope(world.app, systemScope('test: state'), (tx) =>
          loadRoutingState(tx, { now: NOW }),
        ),
      ),
    );
    const vendors = [];
    for (const [i, caseId] of cases.entries()) {
      const result = await withScope(world.app, systemScope('test: route'), (tx) =>
        routeCase(tx, { caseId, now: NOW, actor: INTAKE, state: states[i]! }),
      );
      vendors.push(result.decision.outcome === 'ASSIGNED' ? result.decision.vendorId : null);
    }
    expect(vendors.filter((v) => v === world.vendors.harbor)).toHaveLength(3);
    expect(vendors.filter((v) => v === world.vendors.tier2)).toHaveLength(3);
    expect(await today()).toBe(cap);
  });
});
