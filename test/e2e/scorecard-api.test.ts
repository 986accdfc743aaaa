// Scorecards through the API on a hand-built week whose KPIs are worked out below by hand.
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let vendorA: { id: string; slug: string; clientId: string };
let vendorB: { id: string; slug: string; clientId: string };
const ids: Record<string, string> = {};
const at = (s: string) => new Date(`2026-03-${s}Z`);
const week = { start: '2026-03-02T00:00:00Z', end: '2026-03-09T00:00:00Z' };

interface CaseSpec {
  name: string;
  vendorId: string;
  offered: string;
  frDue: string;
  resDue: string;
  responded?: string;
  resolved?: string;
  rejected?: string;
  escalated?: string;
  fcr?: boolean;
  handle?: number;
  status: 'IN_PROGRESS' | 'RESOLVED' | 'UNROUTED' | 'ESCALATED';
}

async function handBuiltCase(spec: CaseSpec) {
  const c = await stack.seed.case(spec.status === 'UNROUTED' ? null : spec.vendorId, {
    status: spec.status,
    createdAt: at(spec.offered),
    firstResponseDueAt: at(spec.frDue),
    resolutionDueAt: at(spec.resDue),
    firstResponseAt: spec.responded ? at(spec.responded) : null,
    resolvedAt: spec.resolved ? at(spec.resolved) : null,
  });
  ids[spec.name] = c.id;
  await stack.owner.assignment.create({
    data: {
      caseId: c.id,
      vendorId: spec.vendorId,
      attempt: 1,
      residencyCheck: {},
      explanation: {},
      status: spec.rejected ? 'REJECTED' : 'ACCEPTED',
      offeredAt: at(spec.offered),
      rejectedAt: spec.rejected ? at(spec.rejected) : null,
    },
  });
  const events: [string, string, string | null, Record<string, unknown>?][] = [
    ['CREATED', spec.offered, null],
    ['OFFERED', spec.offered, 'OFFERED'],
  ];
  if (spec.rejected) events.push(['REJECTED', spec.rejected, 'REJECTED']);
  if (spec.responded) events.push(['RESPONDED', spec.responded, 'IN_PROGRESS']);
  if (spec.escalated) events.push(['ESCALATED', spec.escalated, 'ESCALATED']);
  if (spec.resolved) {
    events.push([
      'RESOLVED',
      spec.resolved,
      'RESOLVED',
      { firstContactResolution: spec.fcr ?? false, handleSeconds: spec.handle },
    ]);
  }
  await stack.owner.caseEvent.createMany({
    data: events.map(([type, when, to, data], i) => ({
      caseId: c.id,
      vendorId: type === 'CREATED' ? null : spec.vendorId,
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

async function contract(
  vendorId: string,
  price: number,
  creditTerms: object,
  targets: [string, number, number][],
) {
  await stack.owner.contract.create({
    data: {
      vendorId,
      reference: `CTR-${vendorId.slice(0, 8)}`,
      periodStart: new Date('2026-01-01'),
      effectiveFrom: new Date('2026-01-01'),
      periodEnd: new Date('2026-12-31'),
      pricePerCaseMinor: price,
      creditTerms,
      kpiTargets: { create: targets.map(([kpi, target, weight]) => ({ kpi, target, weight })) },
    },
  });
}

beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  const A = vendorA.id;
  // Vendor A, week of 2 March 2026 (times UTC):
  await handBuiltCase({
    name: 'a1',
    vendorId: A,
    offered: '02T10:00:00',
    responded: '02T10:20:00',
    frDue: '02T11:00:00',
    resDue: '03T10:00:00',
    resolved: '02T15:00:00',
    fcr: true,
    handle: 600,
    status: 'RESOLVED',
  });
  await handBuiltCase({
    name: 'a2',
    vendorId: A,
    offered: '03T09:00:00',
    responded: '03T12:00:00',
    frDue: '03T10:00:00',
    resDue: '04T09:00:00',
    resolved: '05T09:00:00',
    fcr: false,
    handle: 1200,
    status: 'RESOLVED',
  });
  await handBuiltCase({
    name: 'a3',
    vendorId: A,
    offered: '04T09:00:00',
    responded: '04T09:30:00',
    frDue: '04T10:00:00',
    resDue: '05T09:00:00',
    status: 'IN_PROGRESS',
  });
  await handBuiltCase({
    name: 'a4',
    vendorId: A,
    offered: '05T09:00:00',
    rejected: '05T09:05:00',
    frDue: '05T10:00:00',
    resDue: '06T09:00:00',
    status: 'UNROUTED',
  });
  await handBuiltCase({
    name: 'a5',
    vendorId: A,
    offered: '06T09:00:00',
    responded: '06T09:10:00',
    escalated: '06T11:00:00',
    frDue: '06T10:00:00',
    resDue: '07T09:00:00',
    status: 'ESCALATED',
  });
  await stack.owner.csatResponse.createMany({
    data: [
      { caseId: ids.a1!, vendorId: A, score: 5, respondedAt: at('03T08:00:00') },
      { caseId: ids.a2!, vendorId: A, score: 2, respondedAt: at('05T12:00:00') },
    ],
  });
  // Vendor B: one first response in time, one late.
  const B = vendorB.id;
  await handBuiltCase({
    name: 'b1',
    vendorId: B,
    offered: '02T10:00:00',
    responded: '02T10:05:00',
    frDue: '02T11:00:00',
    resDue: '03T10:00:00',
    resolved: '02T12:00:00',
    fcr: true,
    handle: 300,
    status: 'RESOLVED',
  });
  await handBuiltCase({
    name: 'b2',
    vendorId: B,
    offered: '03T10:00:00',
    responded: '03T13:00:00',
    frDue: '03T11:00:00',
    resDue: '04T10:00:00',
    resolved: '03T16:00:00',
    fcr: true,
    handle: 300,
    status: 'RESOLVED',
  });

  await contract(
    A,
    1000,
    {
      shape: 'PER_STEP',
      capBps: 5_000,
      earnBack: { sharePercent: 50 },
      lines: ['SLA_FIRST_RESPONSE', 'SLA_RESOLUTION'].map((kpi, i) => ({
        kpi,
        unit: 'PERCENTAGE_POINTS',
        stepSize: 1,
        rateBpsPerStep: 100,
        capBps: 5_000,
        weightPercent: i === 0 ? 100 : 50,
      })),
    },
    [
      ['SLA_FIRST_RESPONSE', 95, 1],
      ['SLA_RESOLUTION', 90, 0.5],
    ],
  );
  await contract(
    B,
    2000,
    {
      shape: 'TIERED',
      kpi: 'SLA_FIRST_RESPONSE',
      tiers: [
        { from: 95, creditPct: 0 },
        { from: 90, creditPct: 2 },
        { from: 85, creditPct: 5 },
        { from: 0, creditPct: 10 },
      ],
      capPct: 10,
      earnBack: { enabled: false },
    },
    [['SLA_FIRST_RESPONSE', 95, 1]],
  );
}, 60_000);
afterAll(async () => stack?.close());

const SCORECARD = `query ($vendorId: ID, $period: PeriodInput!) {
  scorecard(vendorId: $vendorId, period: $period) {
    vendorId
    totals { kpis { kpi actual target status difference evidence { numerator denominator caseIds numeratorCaseIds } } }
    serviceCredits { shape feesCents subtotalCents capCents capped totalCents netCents explanation
      lines { kpi amountCents chargedCents explanation } }
  }
}`;

type Card = {
  scorecard: {
    vendorId: string;
    totals: {
      kpis: {
        kpi: string;
        actual: number | null;
        target: number | null;
        status: string;
        evidence: {
          numerator: number;
          denominator: number | null;
          caseIds: string[];
          numeratorCaseIds: string[] | null;
        };
      }[];
    };
    serviceCredits: {
      shape: string;
      feesCents: number;
      subtotalCents: number;
      capCents: number;
      capped: boolean;
      totalCents: number;
      netCents: number;
      explanation: string;
      lines: { kpi: string; amountCents: number; chargedCents: number; explanation: string }[];
    } | null;
  };
};
const kpi = (card: Card, key: string) => card.scorecard.totals.kpis.find((k) => k.kpi === key)!;

describe('scorecard through the API', () => {
  it('matches the hand-computed KPIs of vendor A to the unit', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const res = await stack.graphql<Card>(SCORECARD, { vendorId: vendorA.id, period: week }, token);
    expect(res.errors).toBeUndefined();
    const card = res.data!;
    // Volume: offers a1..a5 less the rejected a4 = 4.
    expect(kpi(card, 'volume').actual).toBe(4);
    // Rejection: 1 rejected of 5 offers = 20 %.
    expect(kpi(card, 'rejectionRate').actual).toBe((100 * 1) / 5);
    // First response due in the week (a1, a2, a3, a5); met a1 (10:20 ≤ 11:00), a3, a5 → 3/4.
    expect(kpi(card, 'firstResponseSla')).toMatchObject({
      actual: 75,
      target: 95,
      status: 'MISSED',
    });
    expect(kpi(card, 'firstResponseSla').evidence.numeratorCaseIds?.sort()).toEqual(
      [ids.a1, ids.a3, ids.a5].sort(),
    );
    // Resolution due in the week, not escalated: a1 (met), a2 (resolved late), a3 (unresolved) → 1/3.
    // 100 × 1/3 published at 2 decimals (docs/kpis.md), not as a raw float.
    expect(kpi(card, 'resolutionSla').actual).toBe(33.33);
    expect(kpi(card, 'resolutionSla').evidence.caseIds.sort()).toEqual(
      [ids.a1, ids.a2, ids.a3].sort(),
    );
    // First-response minutes 20, 180, 30, 10 → sorted 10 20 30 180: median rank 2 = 20, p90 rank 4 = 180.
    expect(kpi(card, 'firstResponseMedianMinutes').actual).toBe(20);
    expect(kpi(card, 'firstResponseP90Minutes').actual).toBe(180);
    // Resolved in the week: a1, a2. AHT (600 + 1200) / 2 = 900 s; FCR 1/2; CSAT (5 + 2) / 2 = 3.5, 4–5 share 1/2.
    expect(kpi(card, 'ahtSeconds').actual).toBe(900);
    expect(kpi(card, 'fcr').actual).toBe(50);
    expect(kpi(card, 'csatAverage').actual).toBe(3.5);
    expect(kpi(card, 'csatSatisfiedShare').actual).toBe(50);
    // Escalated a5 of the 4 taken = 25 %; backlog at week end: a3 only.
    expect(kpi(card, 'escalationRate').actual).toBe(25);
    expect(kpi(card, 'backlog').actual).toBe(1);
    expect(kpi(card, 'backlog').evidence.caseIds).toEqual([ids.a3]);
  });

  it('publishes each figure at its unit precision, the same in the API and the CSV', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const res = await stack.graphql<{
      scorecard: {
        totals: {
          kpis: {
            kpi: string;
            actual: number | null;
            difference: number | null;
            evidence: { value: number | null };
          }[];
        };
      };
      scorecardCsv: string;
    }>(
      `query ($v: ID, $p: PeriodInput!) {
        scorecard(vendorId: $v, period: $p) { totals { kpis { kpi actual difference evidence { value } } } }
        scorecardCsv(vendorId: $v, period: $p, kind: SCORECARD)
      }`,
      { v: vendorA.id, p: week },
      token,
    );
    expect(res.errors).toBeUndefined();
    const sla = res.data!.scorecard.totals.kpis.find((k) => k.kpi === 'resolutionSla')!;
    expect(sla.actual).toBe(33.33);
    expect(sla.evidence.value).toBe(33.33);
    // Every published number has at most two decimals.
    for (const k of res.data!.scorecard.totals.kpis) {
      for (const n of [k.actual, k.difference, k.evidence.value]) {
        if (n !== null) expect(Math.round(n * 100) / 100).toBe(n);
      }
    }
    const [header, ...records] = res.data!.scorecardCsv.trimEnd().split('\r\n');
    const columns = header!.split(',');
    const totalSla = records
      .map((r) => r.split(','))
      .find(
        (r) =>
          r[columns.indexOf('group')] === 'TOTAL' && r[columns.indexOf('kpi')] === 'SLA resolution',
      )!;
    expect(totalSla[columns.indexOf('actual')]).toBe('33.33');
  });

  it('charges per-step credits: 1 % of fees per full point short, weighted, with the arithmetic', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const card = (
      await stack.graphql<Card>(SCORECARD, { vendorId: vendorA.id, period: week }, token)
    ).data!;
    const credits = card.scorecard.serviceCredits!;
    // Fees 4 cases × 10.00 = 40.00. First response: (95 − 75) = 20 points × 1 % × 100 % = 8.00.
    // Resolution: (90 − 33.33) = 56.67 points, 56 full points × 1 % × 50 % of 40.00 = 11.20.
    expect(credits).toMatchObject({
      shape: 'PER_STEP',
      feesCents: 4000,
      capCents: 2000,
      capped: false,
      subtotalCents: 1920,
      totalCents: 1920,
    });
    expect(credits.lines.map((l) => [l.kpi, l.amountCents, l.chargedCents])).toEqual([
      ['firstResponseSla', 800, 800],
      ['resolutionSla', 1120, 1120],
    ]);
    for (const line of credits.lines) expect(line.explanation.length).toBeGreaterThan(20);
  });

  it('charges the tier a tiered contract puts the vendor in', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const card = (
      await stack.graphql<Card>(SCORECARD, { vendorId: vendorB.id, period: week }, token)
    ).data!;
    // B answered 1 of 2 in time: 50 % is below 85, so the last tier (10 %) of fees 2 × 20.00 = 4.00.
    expect(kpi(card, 'firstResponseSla').actual).toBe(50);
    expect(card.scorecard.serviceCredits).toMatchObject({
      shape: 'TIERED',
      feesCents: 4000,
      totalCents: 400,
    });
    expect(card.scorecard.serviceCredits!.lines[0]).toMatchObject({
      kpi: 'firstResponseSla',
      chargedCents: 400,
    });
  });

  it("shows a vendor its own scorecard and another vendor's as NOT_FOUND", async () => {
    const token = await stack.vendorToken(vendorA, ['scorecards:read']);
    const own = await stack.graphql<Card>(SCORECARD, { period: week }, token);
    expect(own.data?.scorecard.vendorId).toBe(vendorA.id);
    const theirs = await stack.graphql<Card>(
      SCORECARD,
      { vendorId: vendorB.id, period: week },
      token,
    );
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const all = await stack.graphql(
      'query ($p: PeriodInput!) { scorecards(period: $p) { vendorId } }',
      { p: week },
      token,
    );
    expect(all.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noScope = await stack.vendorToken(vendorA, ['cases:read']);
    const refused = await stack.graphql<Card>(SCORECARD, { period: week }, noScope);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('exports the cases behind a figure without any subject data', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const res = await stack.graphql<{ scorecardCsv: string }>(
      `query ($v: ID, $p: PeriodInput!) { scorecardCsv(vendorId: $v, period: $p, kind: CASES, kpi: "SLA_FIRST_RESPONSE") }`,
      { v: vendorA.id, p: week },
      token,
    );
    const lines = res.data!.scorecardCsv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^case_id,vendor_id,scope,region,priority,status,counted,/);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith(ids.a2!))).toContain(',no,');
    expect(res.data!.scorecardCsv).not.toMatch(/example\.test|Test Person|Cannot log in/);
  });

  it('rejects a period that ends before it starts, listing the problem', async () => {
    const token = await stack.internalToken(['vendor_manager']);
    const res = await stack.graphql(
      SCORECARD,
      { vendorId: vendorA.id, period: { start: week.end, end: week.start } },
      token,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [{ path: 'period.end', message: 'must be after the start' }],
    });
  });
});
