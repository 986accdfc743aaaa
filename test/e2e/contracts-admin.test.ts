// Contracts as effective-dated versions and the reference-data admin API, over the gateway:
// an amendment from an instant governs cases assigned after it (SLA due times) and reads after
// it (redaction) while earlier cases keep their due times and last month's scorecard stays as
// it was; partners see their own contracts only; bad input is refused with every problem at
// once and writes nothing; every change is audited with its reason, before and after.
import { randomBytes } from 'node:crypto';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let ops: string;
let manager: string;
let partnerA: string;
let partnerB: string;
const a = { id: '', clientId: '', slug: '' };
const b = { id: '', clientId: '', slug: '' };
const REF = `CTR-A-${randomBytes(3).toString('hex')}`;

const DAY = 86_400_000;
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const previousMonth = {
  start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
  end: monthStart,
};

type Problems = { path: string; message: string }[];
type Err = { extensions?: { code?: string; problems?: Problems } };

const CONTRACT_FIELDS = `reference vendorId versions { version effectiveFrom effectiveTo reason
  terms { pricePerCaseMinor slaTargets { scopeCode priority firstResponseMinutes resolutionMinutes }
          dataAccess { regionCode fields } kpiTargets { kpi target } } }
  current { version }`;
type ContractData = {
  reference: string;
  vendorId: string;
  versions: {
    version: number;
    effectiveFrom: string;
    effectiveTo: string | null;
    reason: string;
    terms: {
      pricePerCaseMinor: number;
      slaTargets: { firstResponseMinutes: number; resolutionMinutes: number }[];
      dataAccess: { regionCode: string | null; fields: string[] }[];
    };
  }[];
  current: { version: number } | null;
};

const AMEND = `mutation($ref: String!, $from: DateTime!, $terms: ContractTermsInput!, $reason: String!) {
  amendContract(reference: $ref, effectiveFrom: $from, terms: $terms, reason: $reason) { ${CONTRACT_FIELDS} } }`;
const CREATE = `mutation($v: ID!, $ref: String!, $s: DateTime!, $e: DateTime!, $terms: ContractTermsInput!, $reason: String!) {
  createContract(vendorId: $v, reference: $ref, periodStart: $s, periodEnd: $e, terms: $terms, reason: $reason) { ${CONTRACT_FIELDS} } }`;
const SCORECARD = `query ($v: ID, $p: PeriodInput!) { scorecard(vendorId: $v, period: $p) {
  totals { kpis { kpi actual target status difference } }
  serviceCredits { feesCents totalCents } } }`;

const sla = (firstResponseMinutes: number, resolutionMinutes: number) => [
  {
    scopeCode: 'GENERAL',
    priority: 'P3',
    firstResponseMinutes,
    resolutionMinutes,
    businessHoursOnly: false,
  },
];

async function submitAndAssign(vendorId: string) {
  const intake = await stack.internalToken(['intake'], 'webform');
  const res = await stack.graphql<{ submitCase: { caseId: string } }>(
    'mutation($i: SubmitCaseInput!) { submitCase(input: $i) { caseId } }',
    {
      i: {
        source: 'webform',
        externalRef: `ctr-${randomBytes(6).toString('hex')}`,
        region: 'IN',
        scope: 'GENERAL',
        channel: 'WEBFORM',
        language: 'en',
        priority: 'P3',
        subjectRef: 'user-ctr',
        subject: { email: 'someone@example.test' },
      },
    },
    intake,
  );
  expect(res.errors).toBeUndefined();
  const id = res.data!.submitCase.caseId;
  const { version } = await stack.owner.case.findUniqueOrThrow({ where: { id } });
  const assigned = await stack.graphql(
    'mutation($i: AssignCaseInput!) { assignCase(input: $i) { status } }',
    { i: { caseId: id, version, vendorId, reason: 'contract test', overrideCapacity: true } },
    ops,
  );
  expect(assigned.errors).toBeUndefined();
  const c = await stack.owner.case.findUniqueOrThrow({ where: { id } });
  // Targets here run on the clock (not business hours): due times differ by the targets.
  return {
    id,
    gapMinutes: (c.resolutionDueAt!.getTime() - c.firstResponseDueAt!.getTime()) / 60_000,
  };
}

async function emailOf(caseId: string, token: string) {
  const res = await stack.graphql<{
    case: { subject: { email: { value: string | null; redaction: string | null } } };
  }>(
    'query($id: ID!) { case(id: $id) { subject { email { value redaction } } } }',
    { id: caseId },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.case.subject.email;
}

beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
  Object.assign(a, await stack.seed.vendor());
  Object.assign(b, await stack.seed.vendor());
  await stack.owner.vendorCertification.createMany({
    data: [a.id, b.id].map((vendorId) => ({
      vendorId,
      regionCode: 'IN',
      scopeCode: 'GENERAL',
      language: 'en',
    })),
  });
  ops = await stack.internalToken(['ops']);
  manager = await stack.internalToken(['vendor_manager']);
  partnerA = await stack.vendorToken(a);
  partnerB = await stack.vendorToken(b);
}, 120_000);
afterAll(async () => stack?.close());

describe('contract versions', () => {
  let before: { id: string; gapMinutes: number };
  let lastMonthCard: unknown;
  let effectiveFrom: Date;

  it('a vendor manager enters a contract as version 1, in force from the start of its term', async () => {
    const res = await stack.graphql<{ createContract: ContractData }>(
      CREATE,
      {
        v: a.id,
        ref: REF,
        s: previousMonth.start.toISOString(),
        e: new Date(monthStart.getTime() + 365 * DAY).toISOString(),
        terms: {
          pricePerCaseMinor: 400,
          slaTargets: sla(60, 600),
          kpiTargets: [{ kpi: 'SLA_FIRST_RESPONSE', target: 90 }],
          dataAccess: [{ regionCode: 'IN', fields: ['SUBJECT_PII'] }],
          creditTerms: {
            shape: 'PER_STEP',
            capBps: 1_000,
            lines: [
              {
                kpi: 'SLA_FIRST_RESPONSE',
                unit: 'PERCENTAGE_POINTS',
                stepSize: 1,
                rateBpsPerStep: 100,
                capBps: 1_000,
              },
            ],
          },
        },
        reason: 'signed 2026 agreement',
      },
      manager,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createContract.versions).toHaveLength(1);
    expect(res.data!.createContract.versions[0]).toMatchObject({
      version: 1,
      effectiveFrom: previousMonth.start.toISOString(),
      effectiveTo: null,
    });
    expect(res.data!.createContract.current).toEqual({ version: 1 });
  });

  it('before an amendment, a case gets version 1 due times and the partner sees what version 1 grants', async () => {
    before = await submitAndAssign(a.id);
    expect(before.gapMinutes).toBe(540);
    expect((await emailOf(before.id, partnerA)).value).toBe('someone@example.test');
    const card = await stack.graphql(SCORECARD, { v: a.id, p: previousMonth }, manager);
    expect(card.errors).toBeUndefined();
    lastMonthCard = card.data;
  });

  it('an amendment from an instant ends version 1 then; later cases and reads follow version 2', async () => {
    // A few seconds ahead: an amendment may not start in the past.
    effectiveFrom = new Date(Date.now() + 3000);
    const res = await stack.graphql<{ amendContract: ContractData }>(
      AMEND,
      {
        ref: REF,
        from: effectiveFrom.toISOString(),
        terms: { slaTargets: sla(30, 300), dataAccess: [], pricePerCaseMinor: 450 },
        reason: 'faster targets, no personal data from mid-month',
      },
      manager,
    );
    expect(res.errors).toBeUndefined();
    const versions = res.data!.amendContract.versions;
    expect(versions.map((v) => [v.version, v.effectiveTo])).toEqual([
      [1, effectiveFrom.toISOString()],
      [2, null],
    ]);
    // Terms left out are carried over; the version in force is still 1 until the instant.
    expect(versions[1]!.terms.pricePerCaseMinor).toBe(450);
    expect(versions[1]!.terms.dataAccess).toEqual([]);

    // Wait for the instant the amendment names (the clock is the event here).
    await new Promise((r) => setTimeout(r, Math.max(0, effectiveFrom.getTime() - Date.now() + 20)));
    const after = await submitAndAssign(a.id);
    expect(after.gapMinutes).toBe(270);
    // The earlier case keeps the due times its own version set.
    const earlier = await stack.owner.case.findUniqueOrThrow({ where: { id: before.id } });
    expect(
      (earlier.resolutionDueAt!.getTime() - earlier.firstResponseDueAt!.getTime()) / 60_000,
    ).toBe(540);
    // Reads now follow version 2, which grants nothing (the cached policy lapsed at the instant).
    expect(await emailOf(before.id, partnerA)).toEqual({
      value: null,
      redaction: 'NOT_IN_CONTRACT',
    });
    expect(await emailOf(after.id, partnerA)).toEqual({
      value: null,
      redaction: 'NOT_IN_CONTRACT',
    });

    const read = await stack.graphql<{ contract: ContractData }>(
      `query($r: String!) { contract(reference: $r) { ${CONTRACT_FIELDS} } }`,
      { r: REF },
      manager,
    );
    expect(read.data!.contract.current).toEqual({ version: 2 });
  });

  it("leaves last month's scorecard as it was", async () => {
    const card = await stack.graphql(SCORECARD, { v: a.id, p: previousMonth }, manager);
    expect(card.errors).toBeUndefined();
    expect(card.data).toEqual(lastMonthCard);
  });

  it('audits the amendment with its reason and the terms before and after', async () => {
    const rows = await stack.owner.auditEvent.findMany({
      where: { action: { in: ['contract.create', 'contract.amend'] }, targetId: REF },
      orderBy: { occurredAt: 'asc' },
    });
    expect(rows.map((r) => r.action)).toEqual(['contract.create', 'contract.amend']);
    const details = rows[1]!.details as {
      reason: string;
      before: { version: number; terms: { slaTargets: { resolutionMinutes: number }[] } };
      after: { version: number; terms: { slaTargets: { resolutionMinutes: number }[] } };
    };
    expect(details.reason).toBe('faster targets, no personal data from mid-month');
    expect(details.before.version).toBe(1);
    expect(details.before.terms.slaTargets[0]!.resolutionMinutes).toBe(600);
    expect(details.after.version).toBe(2);
    expect(details.after.terms.slaTargets[0]!.resolutionMinutes).toBe(300);
  });
});

describe('who reads contracts', () => {
  it("a partner reads its own contract; another vendor's is NOT_FOUND and not listed", async () => {
    const own = await stack.graphql<{
      contracts: {
        reference: string;
        current: { version: number; terms: { pricePerCaseMinor: number } };
      }[];
    }>('{ contracts { reference current { version terms { pricePerCaseMinor } } } }', {}, partnerA);
    expect(own.errors).toBeUndefined();
    expect(own.data!.contracts).toEqual([
      { reference: REF, current: { version: 2, terms: { pricePerCaseMinor: 450 } } },
    ]);
    const one = await stack.graphql<{ contract: ContractData }>(
      `query($r: String!) { contract(reference: $r) { ${CONTRACT_FIELDS} } }`,
      { r: REF },
      partnerA,
    );
    expect(one.data!.contract.versions.map((v) => v.version)).toEqual([1, 2]);
    const other = await stack.graphql(
      `query($r: String!) { contract(reference: $r) { reference } }`,
      { r: REF },
      partnerB,
    );
    expect((other.errors?.[0] as Err | undefined)?.extensions?.code).toBe('NOT_FOUND');
    const listed = await stack.graphql<{ contracts: ContractData[] }>(
      '{ contracts { reference } }',
      {},
      partnerB,
    );
    expect(listed.data!.contracts).toEqual([]);
  });

  it('only vendor managers write contracts', async () => {
    const res = await stack.graphql(
      AMEND,
      { ref: REF, from: new Date(Date.now() + DAY).toISOString(), terms: {}, reason: 'x' },
      ops,
    );
    expect((res.errors?.[0] as Err | undefined)?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('invalid contract input', () => {
  const count = () => stack.owner.contract.count();

  it('an amendment lists every problem at once and writes nothing', async () => {
    const rows = await count();
    const res = await stack.graphql(
      AMEND,
      {
        ref: REF,
        from: new Date(Date.now() - DAY).toISOString(),
        terms: {
          pricePerCaseMinor: -5,
          dataAccess: [{ regionCode: 'ATLANTIS', fields: ['SUBJECT_PII'] }],
          kpiTargets: [{ kpi: 'HAPPINESS', target: 1 }],
          creditTerms: { shape: 'SOMETIMES' },
        },
        reason: 'bad input',
      },
      manager,
    );
    const err = res.errors?.[0] as Err;
    expect(err.extensions?.code).toBe('VALIDATION');
    const paths = err.extensions!.problems!.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'effectiveFrom',
        'terms.pricePerCaseMinor',
        'terms.dataAccess.0.regionCode',
        'terms.kpiTargets.0.kpi',
        'terms.creditTerms.shape',
      ]),
    );
    expect(await count()).toBe(rows);
  });

  it('a second contract overlapping the term of the first is refused, with its other problems', async () => {
    const rows = await count();
    const res = await stack.graphql(
      CREATE,
      {
        v: a.id,
        ref: `${REF}-B`,
        s: monthStart.toISOString(),
        e: new Date(monthStart.getTime() + 30 * DAY).toISOString(),
        terms: {
          slaTargets: [{ scopeCode: 'NOPE', firstResponseMinutes: 0, resolutionMinutes: 10 }],
        },
        reason: ' ',
      },
      manager,
    );
    const err = res.errors?.[0] as Err;
    expect(err.extensions?.code).toBe('VALIDATION');
    const paths = err.extensions!.problems!.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'periodStart',
        'effectiveFrom',
        'reason',
        'terms.slaTargets.0.scopeCode',
        'terms.slaTargets.0.firstResponseMinutes',
      ]),
    );
    expect(await count()).toBe(rows);
  });
});

describe('reference data', () => {
  it('ops edit a region’s data rule; the audit keeps the reason, before and after', async () => {
    const res = await stack.graphql<{ updateRegion: { requiresGdprAgreement: boolean } }>(
      'mutation($i: RegionInput!) { updateRegion(input: $i) { requiresGdprAgreement } }',
      { i: { code: 'SG', requiresGdprAgreement: true, reason: 'new PDPA addendum' } },
      ops,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateRegion.requiresGdprAgreement).toBe(true);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'region.update', targetId: 'SG' },
    });
    expect(audit.details).toMatchObject({
      reason: 'new PDPA addendum',
      before: { requiresGdprAgreement: false },
      after: { requiresGdprAgreement: true },
    });
  });

  it('a new vendor with bad input gets every problem at once and nothing is written', async () => {
    const vendors = await stack.owner.vendor.count();
    const res = await stack.graphql(
      'mutation($i: CreateVendorInput!) { createVendor(input: $i) { id } }',
      { i: { slug: 'Bad Slug!', name: ' ', kind: 'BPO', timeZone: 'Mars/Olympus', reason: '' } },
      ops,
    );
    const err = res.errors?.[0] as Err;
    expect(err.extensions?.code).toBe('VALIDATION');
    expect(err.extensions!.problems!.map((p) => p.path).sort()).toEqual([
      'name',
      'reason',
      'slug',
      'timeZone',
    ]);
    expect(await stack.owner.vendor.count()).toBe(vendors);
  });

  it('vendor managers cannot edit reference data', async () => {
    const res = await stack.graphql(
      'mutation($i: ScopeInput!) { updateScope(input: $i) { code } }',
      { i: { code: 'GENERAL', sensitivity: 'SENSITIVE', reason: 'x' } },
      manager,
    );
    expect((res.errors?.[0] as Err | undefined)?.extensions?.code).toBe('FORBIDDEN');
  });

  it('offboarding recalls its open cases and ends its contract now', async () => {
    const created = await stack.graphql(
      CREATE,
      {
        v: b.id,
        ref: `${REF}-OFF`,
        s: previousMonth.start.toISOString(),
        e: new Date(monthStart.getTime() + 365 * DAY).toISOString(),
        terms: { slaTargets: sla(60, 600) },
        reason: 'pilot',
      },
      manager,
    );
    expect(created.errors).toBeUndefined();
    const held = await submitAndAssign(b.id);
    const res = await stack.graphql<{ offboardVendor: { state: string } }>(
      'mutation($v: ID!, $r: String!) { offboardVendor(vendorId: $v, reason: $r) { state } }',
      { v: b.id, r: 'pilot ended' },
      ops,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.offboardVendor.state).toBe('DRAINING');
    const recall = await stack.owner.outboxMessage.findMany({
      where: { caseId: held.id, topic: 'case.reroute' },
    });
    expect(recall).toHaveLength(1);
    const version = await stack.owner.contract.findFirstOrThrow({
      where: { reference: `${REF}-OFF` },
    });
    expect(version.effectiveTo).not.toBeNull();
    const again = await stack.graphql(
      'mutation($v: ID!, $r: String!) { offboardVendor(vendorId: $v, reason: $r) { state } }',
      { v: b.id, r: 'twice' },
      ops,
    );
    expect((again.errors?.[0] as Err | undefined)?.extensions?.code).toBe('CONFLICT');
  });
});
