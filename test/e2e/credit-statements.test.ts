// Service-credit statements and disputes over the API: a vendor manager closes a month, the
// partner disputes a line, the manager decides, and the partner's real HTTP receiver gets
// each step as a signed `credit.*` webhook (verified with the `standardwebhooks` package).
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DispatchHarness,
  eventually,
  type Receiver,
  receiverPool,
  startDispatchHarness,
} from './dispatch-harness.ts';

let stack: TestStack;
let h: DispatchHarness;
const receivers = receiverPool();
let vendor: { id: string; slug: string; clientId: string };
let other: { id: string; slug: string; clientId: string };
let receiver: Receiver;

const at = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 2, day, hh, mm));

/** A case the vendor answered in time and resolved after `handle` seconds of work, in March 2026. */
async function handledCase(vendorId: string, day: number, handle: number) {
  const c = await stack.seed.case(vendorId, {
    status: 'RESOLVED',
    createdAt: at(day, 9),
    firstResponseDueAt: at(day, 10),
    resolutionDueAt: at(day + 1, 9),
    firstResponseAt: at(day, 9, 20),
    resolvedAt: at(day, 15),
  });
  await stack.owner.assignment.create({
    data: {
      caseId: c.id,
      vendorId,
      attempt: 1,
      residencyCheck: {},
      explanation: {},
      status: 'ACCEPTED',
      offeredAt: at(day, 9),
    },
  });
  const events: [string, Date, string | null, object][] = [
    ['CREATED', at(day, 9), null, {}],
    ['OFFERED', at(day, 9), 'OFFERED', {}],
    ['RESPONDED', at(day, 9, 20), 'IN_PROGRESS', {}],
    ['RESOLVED', at(day, 15), 'RESOLVED', { firstContactResolution: true, handleSeconds: handle }],
  ];
  await stack.owner.caseEvent.createMany({
    data: events.map(([type, when, to, data], i) => ({
      caseId: c.id,
      vendorId: type === 'CREATED' ? null : vendorId,
      type: type as never,
      toStatus: to as never,
      version: i + 1,
      actorKind: 'SYSTEM',
      actorId: 'test',
      data,
      occurredAt: when,
    })),
  });
  return c.id;
}

// 1 % of fees per full 10 s over the 900 s AHT target, at most 50 %.
const TERMS = {
  shape: 'PER_STEP',
  capBps: 5_000,
  lines: [
    { kpi: 'AHT_SECONDS', unit: 'SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 5_000 },
    {
      kpi: 'SLA_FIRST_RESPONSE',
      unit: 'PERCENTAGE_POINTS',
      stepSize: 1,
      rateBpsPerStep: 100,
      capBps: 5_000,
    },
  ],
};

async function contract(vendorId: string, creditTerms: object = TERMS) {
  return stack.owner.contract.create({
    data: {
      vendorId,
      reference: `CTR-${vendorId.slice(0, 8)}`,
      periodStart: new Date('2026-01-01'),
      periodEnd: new Date('2026-12-31'),
      effectiveFrom: new Date('2026-01-01'),
      pricePerCaseMinor: 1_000,
      creditTerms,
      kpiTargets: {
        create: [
          { kpi: 'AHT_SECONDS', target: 900, weight: 1 },
          { kpi: 'SLA_FIRST_RESPONSE', target: 95, weight: 1 },
        ],
      },
    },
  });
}

const STATEMENT_FIELDS = `id vendorId period version status supersededById contractId contractVersion feesCents totalCents netCents
  lines { id kpi unit stepSize target actual shortfall steps chargedCents effectiveChargedCents explanation caseIds caseCount
    dispute { id status resolvedAmountCents resolutionNote } }`;
const CLOSE = `mutation($v: ID!, $p: String!, $r: String!) {
  closeCreditStatement(vendorId: $v, period: $p, reason: $r) { ${STATEMENT_FIELDS} } }`;
const ONE = `query($id: ID!) { creditStatement(id: $id) { ${STATEMENT_FIELDS} } }`;
const LIST = `query($v: ID, $p: String) { creditStatements(vendorId: $v, period: $p) { id version status } }`;
const DISPUTE = `mutation($l: ID!, $r: String!) { disputeCreditLine(lineId: $l, reason: $r) { id status lineId statementId } }`;
const RESOLVE = `mutation($d: ID!, $x: CreditDisputeDecision!, $a: Int, $n: String!) {
  resolveCreditDispute(disputeId: $d, decision: $x, amountCents: $a, note: $n) { id status resolvedAmountCents resolutionNote } }`;

interface Line {
  id: string;
  kpi: string;
  unit: string;
  steps: number | null;
  shortfall: number | null;
  chargedCents: number;
  effectiveChargedCents: number;
  caseIds: string[];
  caseCount: number;
  dispute: { id: string; status: string; resolvedAmountCents: number | null } | null;
}
interface Statement {
  id: string;
  vendorId: string;
  period: string;
  version: number;
  status: string;
  supersededById: string | null;
  contractId: string;
  feesCents: number;
  totalCents: number;
  netCents: number;
  lines: Line[];
}
type Dispute = { id: string; status: string; resolvedAmountCents: number | null };

const caseIds: string[] = [];
let contractId: string;

beforeAll(async () => {
  stack = await createTestStack();
  h = await startDispatchHarness({}, stack.db);
  await stack.seed.referenceData();
  vendor = await stack.seed.vendor();
  other = await stack.seed.vendor();
  contractId = (await contract(vendor.id)).id;
  await contract(other.id);
  // AHT (1,100 + 1,300 + 1,200 + 1,200) / 4 = 1,200 s: 300 s over = 30 full steps of 10 s.
  for (const [day, handle] of [
    [2, 1_100],
    [3, 1_300],
    [4, 1_200],
    [5, 1_200],
  ] as const) {
    caseIds.push(await handledCase(vendor.id, day, handle));
  }
  receiver = await receivers.start();
  await h.endpoint(vendor.id, receiver, [
    'credit.statement_closed',
    'credit.dispute_opened',
    'credit.dispute_resolved',
  ]);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await receivers.closeAll();
  await stack?.close();
});

const arrived = (type: string, match: (data: Record<string, unknown>) => boolean) =>
  eventually(
    () => receiver.received.find((r) => r.payload.type === type && match(r.payload.data)),
    { what: `${type} at the receiver` },
  );

describe('credit statements and disputes', { timeout: 60_000 }, () => {
  let first: Statement;

  it('closes a month into a statement priced per full step of the KPI’s unit, announced to the vendor', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    const res = await stack.graphql<{ closeCreditStatement: Statement }>(
      CLOSE,
      { v: vendor.id, p: '2026-03', r: 'March invoice run' },
      manager,
    );
    expect(res.errors).toBeUndefined();
    first = res.data!.closeCreditStatement;
    // fees 4 × 10.00 = 40.00; 30 steps × 1 % × 40.00 = 12.00; first responses all on time
    expect(first).toMatchObject({
      vendorId: vendor.id,
      period: '2026-03',
      version: 1,
      status: 'CURRENT',
      contractId,
      contractVersion: 1,
      feesCents: 4_000,
      totalCents: 1_200,
    });
    const aht = first.lines.find((l) => l.kpi === 'ahtSeconds')!;
    expect(aht).toMatchObject({ unit: 'SECONDS', shortfall: 300, steps: 30, chargedCents: 1_200 });
    expect([...aht.caseIds].sort()).toEqual([...caseIds].sort());
    expect(first.lines.find((l) => l.kpi === 'firstResponseSla')).toMatchObject({
      unit: 'PERCENTAGE_POINTS',
      steps: 0,
      chargedCents: 0,
    });
    const event = await arrived('credit.statement_closed', (d) => d.statementId === first.id);
    expect(event.verified).toBe(true);
    expect(event.payload.data).toEqual({
      statementId: first.id,
      vendorId: vendor.id,
      period: '2026-03',
      version: 1,
    });
  });

  it('re-issues a new version on closing again and keeps the old one unchanged, superseded', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    // A late QA correction: one more case handled in March.
    caseIds.push(await handledCase(vendor.id, 9, 1_700));
    const res = await stack.graphql<{ closeCreditStatement: Statement }>(
      CLOSE,
      { v: vendor.id, p: '2026-03', r: 'Late case added' },
      manager,
    );
    expect(res.errors).toBeUndefined();
    const second = res.data!.closeCreditStatement;
    // AHT (4,800 + 1,700) / 5 = 1,300 s: 40 steps × 1 % × 50.00 = 20.00
    expect(second).toMatchObject({
      version: 2,
      status: 'CURRENT',
      feesCents: 5_000,
      totalCents: 2_000,
    });
    const old = (
      await stack.graphql<{ creditStatement: Statement }>(ONE, { id: first.id }, manager)
    ).data!.creditStatement;
    expect(old).toEqual({ ...first, status: 'SUPERSEDED', supersededById: second.id });
    const list = await stack.graphql<{
      creditStatements: { id: string; version: number; status: string }[];
    }>(LIST, { v: vendor.id, p: '2026-03' }, manager);
    expect(list.data!.creditStatements).toEqual([
      { id: second.id, version: 2, status: 'CURRENT' },
      { id: first.id, version: 1, status: 'SUPERSEDED' },
    ]);
    first = second;
    // The old version's lines can no longer be disputed.
    const partner = await stack.vendorToken(vendor, ['credits:write', 'scorecards:read']);
    const lineOfOld = old.lines.find((l) => l.kpi === 'ahtSeconds')!.id;
    const refused = await stack.graphql(DISPUTE, { l: lineOfOld, r: 'too high' }, partner);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('takes a dispute from opening to an adjustment, each step audited and sent as a webhook', async () => {
    const partner = await stack.vendorToken(vendor, ['credits:write', 'scorecards:read']);
    const manager = await stack.internalToken(['vendor_manager']);
    const line = first.lines.find((l) => l.kpi === 'ahtSeconds')!;
    const opened = await stack.graphql<{ disputeCreditLine: Dispute & { lineId: string } }>(
      DISPUTE,
      { l: line.id, r: 'The 9 March case was a fraud investigation, excluded from AHT' },
      partner,
    );
    expect(opened.errors).toBeUndefined();
    const dispute = opened.data!.disputeCreditLine;
    expect(dispute).toMatchObject({ status: 'OPEN', lineId: line.id, statementId: first.id });
    const openedEvent = await arrived('credit.dispute_opened', (d) => d.disputeId === dispute.id);
    expect(openedEvent.verified).toBe(true);
    expect(openedEvent.payload.data).toEqual({
      disputeId: dispute.id,
      lineId: line.id,
      statementId: first.id,
      vendorId: vendor.id,
      status: 'OPEN',
    });

    // Adjusting without an amount is refused, and changes nothing.
    const noAmount = await stack.graphql(
      RESOLVE,
      { d: dispute.id, x: 'ADJUST', n: 'partly right' },
      manager,
    );
    expect(noAmount.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [{ path: 'amountCents', message: 'is required to adjust: the new amount' }],
    });

    const adjusted = await stack.graphql<{ resolveCreditDispute: Dispute }>(
      RESOLVE,
      { d: dispute.id, x: 'ADJUST', a: 1_200, n: 'Fraud case excluded: AHT 1,200 s, 30 steps' },
      manager,
    );
    expect(adjusted.errors).toBeUndefined();
    expect(adjusted.data!.resolveCreditDispute).toMatchObject({
      status: 'ADJUSTED',
      resolvedAmountCents: 1_200,
    });
    const resolvedEvent = await arrived(
      'credit.dispute_resolved',
      (d) => d.disputeId === dispute.id,
    );
    expect(resolvedEvent.verified).toBe(true);
    expect(resolvedEvent.payload.data).toMatchObject({ status: 'ADJUSTED', vendorId: vendor.id });

    // The partner sees the decision on its statement; the statement's own figures stand.
    const seen = (
      await stack.graphql<{ creditStatement: Statement }>(ONE, { id: first.id }, partner)
    ).data!.creditStatement;
    expect(seen.lines.find((l) => l.id === line.id)).toMatchObject({
      chargedCents: 2_000,
      effectiveChargedCents: 1_200,
      dispute: { id: dispute.id, status: 'ADJUSTED', resolvedAmountCents: 1_200 },
    });

    // A decided dispute is final.
    const again = await stack.graphql(
      RESOLVE,
      { d: dispute.id, x: 'REJECT', n: 'changed my mind' },
      manager,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(
      await stack.owner.creditDispute.findUniqueOrThrow({ where: { id: dispute.id } }),
    ).toMatchObject({ status: 'ADJUSTED', resolvedAmountCents: 1_200 });
    expect(
      (
        await stack.owner.auditEvent.findMany({
          where: { targetId: dispute.id },
          orderBy: { id: 'asc' },
        })
      ).map((a) => a.action),
    ).toEqual(['credit_dispute.open', 'credit_dispute.resolve']);
  });

  it('hides a statement and its lines from another vendor: NOT_FOUND, nothing written', async () => {
    const stranger = await stack.vendorToken(other, ['credits:write', 'scorecards:read']);
    const read = await stack.graphql(ONE, { id: first.id }, stranger);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const named = await stack.graphql(LIST, { v: vendor.id }, stranger);
    expect(named.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own = await stack.graphql<{ creditStatements: unknown[] }>(LIST, {}, stranger);
    expect(own.data!.creditStatements).toEqual([]);
    const line = first.lines.find((l) => l.kpi === 'firstResponseSla')!;
    const disputed = await stack.graphql(DISPUTE, { l: line.id, r: 'not ours' }, stranger);
    expect(disputed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await stack.owner.creditDispute.count({ where: { lineId: line.id } })).toBe(0);
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const manager = await stack.internalToken(['vendor_manager']);
    const before = await stack.owner.creditStatement.count();
    const bad = await stack.graphql(CLOSE, { v: vendor.id, p: '2026-3', r: ' ' }, manager);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION',
      problems: [
        { path: 'period', message: 'must be a month, YYYY-MM' },
        { path: 'reason', message: 'is required' },
      ],
    });
    // Terms with a line that states no unit (written straight to the table, as before units
    // were checked) price nothing: the month does not close.
    const legacy = await stack.seed.vendor();
    await contract(legacy.id, {
      ...TERMS,
      lines: [{ kpi: 'AHT_SECONDS', stepSize: 10, rateBpsPerStep: 100, capBps: 5_000 }],
    });
    await handledCase(legacy.id, 2, 1_300);
    const noUnit = await stack.graphql(CLOSE, { v: legacy.id, p: '2026-03', r: 'again' }, manager);
    expect(noUnit.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await stack.owner.creditStatement.count()).toBe(before);
    // Only vendor managers close months; a partner cannot.
    const partner = await stack.vendorToken(vendor, ['credits:write', 'scorecards:read']);
    const refused = await stack.graphql(CLOSE, { v: vendor.id, p: '2026-03', r: 'mine' }, partner);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
