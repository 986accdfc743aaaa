// A partner's scorecard is read in the partner's own tenant scope: row-level security keeps
// every other vendor's rows out even where the domain's vendor check is not in the way, and
// the case history views give it exactly the cases it was offered that moved on, so its
// figures are the same as the system-scope computation's.
import {
  appRoleUrl,
  createPrismaClient,
  type PrismaClient,
  systemScope,
  type TenantTx,
  tenantScope,
  withScope,
} from '@bvg/db';
import {
  type Actor,
  type DomainError,
  getScorecard,
  loadCaseFacts,
  readScorecard,
} from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let app: PrismaClient;
let vendorA: { id: string; slug: string; clientId: string };
let vendorB: { id: string; slug: string; clientId: string };
const ids: Record<string, string> = {};
const at = (s: string) => new Date(`2026-03-${s}Z`);
const week = { start: '2026-03-02T00:00:00Z', end: '2026-03-09T00:00:00Z' };
const period = { start: new Date(week.start), end: new Date(week.end) };

type Step = [type: string, when: string, vendorId: string | null, to: string | null, data?: object];

/** A case with its assignments and events, written as the owner (no scope). */
async function caseWith(
  name: string,
  holder: string,
  offers: { vendorId: string; attempt: number; at: string; rejectedAt?: string }[],
  steps: Step[],
  status: 'RESOLVED' | 'IN_PROGRESS',
) {
  const c = await stack.seed.case(holder, {
    status,
    createdAt: at(offers[0]!.at),
    firstResponseDueAt: at('02T23:00:00'),
    resolutionDueAt: at('04T23:00:00'),
  });
  ids[name] = c.id;
  for (const o of offers) {
    await stack.owner.assignment.create({
      data: {
        caseId: c.id,
        vendorId: o.vendorId,
        attempt: o.attempt,
        residencyCheck: {},
        explanation: {},
        status: o.rejectedAt ? 'REJECTED' : 'ACCEPTED',
        offeredAt: at(o.at),
        rejectedAt: o.rejectedAt ? at(o.rejectedAt) : null,
      },
    });
  }
  await stack.owner.caseEvent.createMany({
    data: steps.map(([type, when, vendorId, to, data], i) => ({
      caseId: c.id,
      vendorId,
      type: type as never,
      toStatus: to as never,
      version: i + 1,
      actorKind: 'SYSTEM',
      actorId: 'test',
      data: (data ?? {}) as object,
      occurredAt: at(when),
    })),
  });
}

const vendorActor = (vendorId: string): Actor => ({ kind: 'VENDOR', id: 'client', vendorId });
const asTenant = <T>(vendorId: string, fn: (tx: TenantTx) => Promise<T>) =>
  withScope(app, tenantScope(vendorId), fn);
const asSystem = <T>(fn: (tx: TenantTx) => Promise<T>) => withScope(app, systemScope('test'), fn);

/** Every case id a scorecard names, in any figure. */
function caseIdsOf(card: Awaited<ReturnType<typeof getScorecard>>): Set<string> {
  const out = new Set<string>();
  for (const row of [...card.rows, card.totals]) {
    for (const k of Object.values(row.kpis)) for (const id of k.evidence.caseIds) out.add(id);
  }
  return out;
}

beforeAll(async () => {
  stack = await createTestStack();
  app = createPrismaClient({ url: appRoleUrl(stack.db.url), max: 2 });
  await stack.seed.referenceData();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  const A = vendorA.id;
  const B = vendorB.id;
  // A resolves a1 itself.
  await caseWith(
    'a1',
    A,
    [{ vendorId: A, attempt: 1, at: '02T10:00:00' }],
    [
      ['CREATED', '02T10:00:00', null, null],
      ['OFFERED', '02T10:00:00', A, 'OFFERED'],
      ['RESPONDED', '02T10:20:00', A, 'IN_PROGRESS'],
      [
        'RESOLVED',
        '02T15:00:00',
        A,
        'RESOLVED',
        { firstContactResolution: true, handleSeconds: 600 },
      ],
    ],
    'RESOLVED',
  );
  // A rejects moved: B holds it now and resolved it, with its own notes in the event data.
  await caseWith(
    'moved',
    B,
    [
      { vendorId: A, attempt: 1, at: '03T09:00:00', rejectedAt: '03T09:05:00' },
      { vendorId: B, attempt: 2, at: '03T09:06:00' },
    ],
    [
      ['CREATED', '03T09:00:00', null, null],
      ['OFFERED', '03T09:00:00', A, 'OFFERED'],
      ['REJECTED', '03T09:05:00', A, 'REJECTED'],
      ['OFFERED', '03T09:06:00', B, 'OFFERED'],
      ['RESPONDED', '03T09:30:00', B, 'IN_PROGRESS'],
      [
        'RESOLVED',
        '03T12:00:00',
        B,
        'RESOLVED',
        { firstContactResolution: true, handleSeconds: 900 },
      ],
    ],
    'RESOLVED',
  );
  // B's own case, never offered to A.
  await caseWith(
    'b1',
    B,
    [{ vendorId: B, attempt: 1, at: '02T11:00:00' }],
    [
      ['CREATED', '02T11:00:00', null, null],
      ['OFFERED', '02T11:00:00', B, 'OFFERED'],
      ['RESPONDED', '02T11:10:00', B, 'IN_PROGRESS'],
    ],
    'IN_PROGRESS',
  );
  await stack.owner.csatResponse.createMany({
    data: [
      { caseId: ids.a1!, vendorId: A, score: 4, respondedAt: at('03T08:00:00') },
      { caseId: ids.moved!, vendorId: B, score: 1, respondedAt: at('04T08:00:00') },
    ],
  });
  for (const vendorId of [A, B]) {
    await stack.owner.contract.create({
      data: {
        vendorId,
        reference: `CTR-${vendorId.slice(0, 8)}`,
        periodStart: new Date('2026-01-01'),
        effectiveFrom: new Date('2026-01-01'),
        periodEnd: new Date('2026-12-31'),
        pricePerCaseMinor: 1000,
        creditTerms: { shape: 'PER_POINT', ratePerPointPct: 1, capPct: 50 },
        kpiTargets: { create: [{ kpi: 'SLA_FIRST_RESPONSE', target: 95, weight: 1 }] },
      },
    });
  }
}, 120_000);

afterAll(async () => {
  await app?.$disconnect();
  await stack?.close();
});

describe("a partner's scorecard in its own tenant scope", () => {
  it('gives vendor A the same figures as the system-scope computation, rejected case included', async () => {
    const input = { vendorId: vendorA.id, period, groupBy: [], source: 'EXACT' as const };
    const before = await asSystem((tx) => getScorecard(tx, input));
    const own = await readScorecard(app, vendorActor(vendorA.id), { period });
    expect(own).toEqual(before);
    // Not equal by being empty: A's two cases count, the one it rejected among them.
    expect(caseIdsOf(own)).toEqual(new Set([ids.a1, ids.moved]));
    expect(own.totals.kpis.rejectionRate.evidence.numeratorCaseIds).toEqual([ids.moved]);
    expect(own.totals.kpis.csatAverage.evidence.caseIds).toEqual([ids.a1]);
  });

  it('shows the same through the API to the partner and to a vendor manager', async () => {
    const query = `query($vendorId: ID, $period: PeriodInput!) {
      scorecard(vendorId: $vendorId, period: $period) {
        vendorId totals { kpis { kpi actual evidence { caseIds numerator denominator } } }
        serviceCredits { totalCents }
      }
    }`;
    const partner = await stack.graphql(
      query,
      { period: week },
      await stack.vendorToken(vendorA, ['scorecards:read']),
    );
    const manager = await stack.graphql(
      query,
      { vendorId: vendorA.id, period: week },
      await stack.internalToken(['vendor_manager']),
    );
    expect(partner.errors).toBeUndefined();
    expect(partner.data).toEqual(manager.data);
  });

  it("keeps vendor B's rows out of a scorecard of B computed in A's scope (no vendor check)", async () => {
    const input = { vendorId: vendorB.id, period, groupBy: [], source: 'EXACT' as const };
    // What the entry point would compute were it to trust the vendor id it is given.
    const leaked = await asTenant(vendorA.id, (tx) => getScorecard(tx, input));
    const facts = await asTenant(vendorA.id, (tx) =>
      loadCaseFacts(tx, { vendorId: vendorB.id, period }),
    );
    const real = await asSystem((tx) => getScorecard(tx, input));
    expect(caseIdsOf(real)).toEqual(new Set([ids.b1, ids.moved]));
    expect(real.serviceCredits).not.toBeNull();
    expect(facts).toEqual([]);
    expect(caseIdsOf(leaked).size).toBe(0);
    expect(leaked.totals.kpis.csatAverage.evidence.caseIds).toEqual([]);
    // B's contract is invisible too: no targets, no credits.
    expect(leaked.serviceCredits).toBeNull();
    expect(leaked.totals.kpis.firstResponseSla.target).toBeNull();
  });

  it('refuses another vendor id at the entry point with NOT_FOUND', async () => {
    await expect(
      readScorecard(app, vendorActor(vendorA.id), { vendorId: vendorB.id, period }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<DomainError>);
  });

  it('widens nothing else: the moved case stays hidden from A outside the history views', async () => {
    const seen = await asTenant(vendorA.id, async (tx) => ({
      case: await tx.case.findUnique({ where: { id: ids.moved! } }),
      subject: await tx.caseSubject.findUnique({ where: { caseId: ids.moved! } }),
      events: await tx.caseEvent.count({ where: { caseId: ids.moved! } }),
      history: await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "CaseHistory" ORDER BY id`,
      eventData: await tx.$queryRaw<{ vendorId: string; data: unknown }[]>`
        SELECT "vendorId"::text AS "vendorId", data FROM "CaseHistoryEvent"
         WHERE "caseId" = ${ids.moved}::uuid AND type = 'RESOLVED'`,
    }));
    expect(seen.case).toBeNull();
    expect(seen.subject).toBeNull();
    expect(seen.events).toBe(0);
    // The views: A's own and its rejected case, never B's own; B's event without its data.
    expect(seen.history.map((r) => r.id).sort()).toEqual([ids.a1, ids.moved].sort());
    expect(seen.eventData).toEqual([{ vendorId: vendorB.id, data: null }]);
    await expect(
      asTenant(vendorA.id, (tx) => tx.$executeRaw`DELETE FROM "CaseHistory"`),
    ).rejects.toThrow(/permission denied/);
  });
});
