// QA evaluations, CSAT answers and the calibration review list, through the API.
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let vendorA: { id: string; slug: string; clientId: string };
let vendorB: { id: string; slug: string; clientId: string };
let resolvedA: string;
let openA: string;
let resolvedB: string;
const period = { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z' };

async function resolvedCase(vendorId: string, resolved: boolean) {
  const c = await stack.seed.case(vendorId, {
    status: resolved ? 'RESOLVED' : 'IN_PROGRESS',
    createdAt: new Date('2026-03-10T08:00:00Z'),
    firstResponseDueAt: new Date('2026-03-10T09:00:00Z'),
    resolutionDueAt: new Date('2026-03-11T08:00:00Z'),
    resolvedAt: resolved ? new Date('2026-03-10T12:00:00Z') : null,
  });
  await stack.owner.assignment.create({
    data: {
      caseId: c.id,
      vendorId,
      attempt: 1,
      residencyCheck: {},
      explanation: {},
      status: 'ACCEPTED',
      offeredAt: new Date('2026-03-10T08:00:00Z'),
    },
  });
  const events = [
    ['OFFERED', '2026-03-10T08:00:00Z', 'OFFERED'],
    ['RESPONDED', '2026-03-10T08:30:00Z', 'IN_PROGRESS'],
    ...(resolved ? [['RESOLVED', '2026-03-10T12:00:00Z', 'RESOLVED']] : []),
  ] as const;
  await stack.owner.caseEvent.createMany({
    data: events.map(([type, when, to], i) => ({
      caseId: c.id,
      vendorId,
      type: type as 'OFFERED' | 'RESPONDED' | 'RESOLVED',
      toStatus: to as 'OFFERED' | 'IN_PROGRESS' | 'RESOLVED',
      version: i + 1,
      actorKind: 'VENDOR' as const,
      actorId: 'agent',
      data: type === 'RESOLVED' ? { firstContactResolution: true, handleSeconds: 500 } : {},
      occurredAt: new Date(when),
    })),
  });
  return c.id;
}

beforeAll(async () => {
  stack = await createTestStack();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  resolvedA = await resolvedCase(vendorA.id, true);
  openA = await resolvedCase(vendorA.id, false);
  resolvedB = await resolvedCase(vendorB.id, true);
}, 60_000);
afterAll(async () => stack?.close());

const SUBMIT_QA = `mutation ($input: SubmitQaEvaluationInput!) {
  submitQaEvaluation(input: $input) { id caseId vendorId evaluatorKind evaluatorId score criticalError replayed }
}`;
const rubric = [
  { item: 'Policy accuracy', weight: 60, score: 90 },
  { item: 'Tone', weight: 40, score: 70 },
];
type Qa = {
  submitQaEvaluation: {
    id: string;
    evaluatorKind: string;
    score: number;
    replayed: boolean;
    vendorId: string;
  };
};

describe('QA evaluations', () => {
  it("computes the score from the weighted rubric and records a partner's evaluation of its own case once", async () => {
    const token = await stack.vendorToken(vendorA, ['qa:write']);
    const input = {
      caseId: resolvedA,
      evaluatorId: 'qa-7',
      rubric,
      criticalError: false,
      score: 82,
    };
    const first = await stack.graphql<Qa>(SUBMIT_QA, { input }, token);
    expect(first.errors).toBeUndefined();
    // (60 × 90 + 40 × 70) / 100 = 82.
    expect(first.data!.submitQaEvaluation).toMatchObject({
      evaluatorKind: 'VENDOR',
      score: 82,
      replayed: false,
      vendorId: vendorA.id,
    });
    const again = await stack.graphql<Qa>(SUBMIT_QA, { input }, token);
    expect(again.data!.submitQaEvaluation).toMatchObject({
      id: first.data!.submitQaEvaluation.id,
      replayed: true,
    });
    expect(await stack.owner.qaEvaluation.count({ where: { caseId: resolvedA } })).toBe(1);
    const changed = await stack.graphql<Qa>(
      SUBMIT_QA,
      { input: { ...input, criticalError: true, score: null } },
      token,
    );
    expect(changed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(
      await stack.owner.auditEvent.count({ where: { action: 'qa.submit', targetId: resolvedA } }),
    ).toBe(1);
  });

  it("answers NOT_FOUND for another vendor's case", async () => {
    const token = await stack.vendorToken(vendorA, ['qa:write']);
    const res = await stack.graphql(
      SUBMIT_QA,
      { input: { caseId: resolvedB, rubric, criticalError: false } },
      token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await stack.owner.qaEvaluation.count({ where: { caseId: resolvedB } })).toBe(0);
  });

  it('lists every problem of an invalid evaluation and writes nothing', async () => {
    const token = await stack.vendorToken(vendorA, ['qa:write']);
    const res = await stack.graphql(
      SUBMIT_QA,
      {
        input: {
          caseId: resolvedA,
          evaluatorId: 'qa-8',
          rubric: [
            { item: 'Tone', weight: 0, score: 50 },
            { item: 'tone', weight: 1, score: 120 },
          ],
          criticalError: false,
        },
      },
      token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(res.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'rubric[0].weight', message: 'must be a number above 0' },
      { path: 'rubric[1].item', message: 'repeats "tone"' },
      { path: 'rubric[1].score', message: 'must be between 0 and 100' },
    ]);
    const mismatch = await stack.graphql(
      SUBMIT_QA,
      {
        input: { caseId: resolvedA, evaluatorId: 'qa-8', rubric, criticalError: false, score: 90 },
      },
      token,
    );
    expect(mismatch.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'score', message: 'does not match the rubric: the weighted items give 82' },
    ]);
    const open = await stack.graphql(
      SUBMIT_QA,
      { input: { caseId: openA, rubric, criticalError: false } },
      token,
    );
    expect(open.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(await stack.owner.qaEvaluation.count({ where: { evaluatorId: 'qa-8' } })).toBe(0);
  });

  it('lets an internal auditor score any case, and lists the disagreement for calibration', async () => {
    const auditor = await stack.internalToken(['auditor'], 'auditor.kim');
    const res = await stack.graphql<Qa>(
      SUBMIT_QA,
      {
        input: {
          caseId: resolvedA,
          rubric: [{ item: 'Policy accuracy', weight: 1, score: 65 }],
          criticalError: false,
        },
      },
      auditor,
    );
    expect(res.data!.submitQaEvaluation).toMatchObject({ evaluatorKind: 'INTERNAL', score: 65 });
    const cal = await stack.graphql<{
      qaCalibration: {
        calibratedCases: number;
        agreement: { value: number };
        disagreements: {
          caseId: string;
          vendorScore: number;
          internalScore: number;
          gap: number;
        }[];
      };
    }>(
      `query ($v: ID!, $p: PeriodInput!) { qaCalibration(vendorId: $v, period: $p) {
        calibratedCases agreement { value } disagreements { caseId vendorScore internalScore gap } } }`,
      { v: vendorA.id, p: period },
      auditor,
    );
    // Vendor QA 82 against internal 65: a gap of 17 points, above the default 10.
    expect(cal.data!.qaCalibration).toEqual({
      calibratedCases: 1,
      agreement: { value: 0 },
      disagreements: [{ caseId: resolvedA, vendorScore: 82, internalScore: 65, gap: 17 }],
    });
    const vendorToken = await stack.vendorToken(vendorA, ['qa:write', 'scorecards:read']);
    const refused = await stack.graphql(
      `query ($v: ID!, $p: PeriodInput!) { qaCalibration(vendorId: $v, period: $p) { calibratedCases } }`,
      { v: vendorA.id, p: period },
      vendorToken,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const SUBMIT_CSAT = `mutation ($input: SubmitCsatInput!) { submitCsat(input: $input) { id caseId score comment replayed } }`;

describe('CSAT answers', () => {
  it('records one answer per case from the platform survey, idempotently', async () => {
    const intake = await stack.internalToken(['intake'], 'survey');
    const input = { caseId: resolvedB, score: 4, comment: 'Quick and clear' };
    const first = await stack.graphql<{ submitCsat: { id: string; replayed: boolean } }>(
      SUBMIT_CSAT,
      { input },
      intake,
    );
    expect(first.data!.submitCsat).toMatchObject({ score: 4, replayed: false });
    const again = await stack.graphql<{ submitCsat: { id: string; replayed: boolean } }>(
      SUBMIT_CSAT,
      { input },
      intake,
    );
    expect(again.data!.submitCsat).toMatchObject({ id: first.data!.submitCsat.id, replayed: true });
    const other = await stack.graphql(SUBMIT_CSAT, { input: { ...input, score: 1 } }, intake);
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await stack.owner.csatResponse.count({ where: { caseId: resolvedB } })).toBe(1);
  });

  it('rejects scores outside 1–5 and unresolved cases; only intake may answer', async () => {
    const intake = await stack.internalToken(['intake'], 'survey');
    const bad = await stack.graphql(SUBMIT_CSAT, { input: { caseId: openA, score: 6 } }, intake);
    expect(bad.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'score', message: 'must be a whole number from 1 to 5' },
    ]);
    const open = await stack.graphql(SUBMIT_CSAT, { input: { caseId: openA, score: 3 } }, intake);
    expect(open.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const vendor = await stack.vendorToken(vendorA);
    const refused = await stack.graphql(
      SUBMIT_CSAT,
      { input: { caseId: resolvedA, score: 5 } },
      vendor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('brings the rollup cells of the case up to date', async () => {
    const cells = await stack.owner.scorecardRollup.findMany({ where: { vendorId: vendorB.id } });
    const resolvedDay = cells.find((c) => c.day.toISOString().startsWith('2026-03-10'));
    expect(resolvedDay?.cell).toMatchObject({ resolved: 1, csatCount: 1, csatSum: 4 });
  });
});
