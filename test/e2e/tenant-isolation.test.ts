import { randomUUID } from 'node:crypto';
import { schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseReachingFields } from '../support/case-fields.ts';

let stack: TestStack;
let vendorA: { id: string; clientId: string; slug: string };
let vendorB: { id: string; clientId: string; slug: string };
let tokenA: string;

beforeAll(async () => {
  stack = await createTestStack();
  await stack.seed.referenceData();
  vendorA = await stack.seed.vendor();
  vendorB = await stack.seed.vendor();
  tokenA = await stack.vendorToken(vendorA);
});
afterAll(async () => stack?.close());

const call = (document: string, caseId: string, version: number) =>
  stack.graphql(document, document.includes('$version') ? { caseId, version } : { caseId }, tokenA);

describe('leak matrix: every field that reaches a case, vendor A against vendor B', () => {
  const fields = caseReachingFields(schema);

  it('covers the case fields the schema has today', () => {
    expect(fields.map((f) => f.name)).toContain('case');
  });

  for (const field of fields) {
    it(`${field.operation} ${field.name}: B's case is NOT_FOUND like a random id; A's own is reachable`, async () => {
      const own = await stack.seed.case(vendorA.id);
      const theirs = await stack.seed.case(vendorB.id);

      const onTheirs = await call(field.document, theirs.id, theirs.version);
      const onRandom = await call(field.document, randomUUID(), 1);
      expect(onTheirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      // Indistinguishable: same code, same message, no data.
      expect(onTheirs.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(
        onRandom.errors?.map((e) => [e.message, e.extensions?.code]),
      );
      expect(onTheirs.data?.result ?? null).toBeNull();

      const onOwn = await call(field.document, own.id, own.version);
      expect(onOwn.errors?.find((e) => e.extensions?.code === 'NOT_FOUND')).toBeUndefined();

      // B's case is untouched by A's attempt.
      const after = await stack.owner.case.findUniqueOrThrow({ where: { id: theirs.id } });
      expect(after.version).toBe(theirs.version);
      expect(after.vendorId).toBe(vendorB.id);
    });
  }
});

describe('cases connection', () => {
  it("lists only the caller's own cases, and every one it returns is audited as read", async () => {
    const vendor = await stack.seed.vendor();
    const other = await stack.seed.vendor();
    const mine = [await stack.seed.case(vendor.id), await stack.seed.case(vendor.id)];
    await stack.seed.case(other.id);
    const res = await stack.graphql<{
      cases: { edges: { node: { id: string; vendorId: string } }[] };
    }>(
      '{ cases(first: 50) { edges { node { id vendorId } } } }',
      {},
      await stack.vendorToken(vendor),
    );
    const ids = res.data!.cases.edges.map((e) => e.node.id).sort();
    expect(ids).toEqual(mine.map((c) => c.id).sort());
    const audits = await stack.owner.auditEvent.findMany({
      where: { action: 'case.read', vendorId: vendor.id },
    });
    expect(audits.map((a) => a.targetId).sort()).toEqual(ids);
  });

  it('pages forward with first/after without repeating or skipping', async () => {
    const vendor = await stack.seed.vendor();
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await stack.seed.case(vendor.id));
    const token = await stack.vendorToken(vendor);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: Awaited<
        ReturnType<
          typeof stack.graphql<{
            cases: {
              edges: { node: { id: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          }>
        >
      > = await stack.graphql(
        'query($after: String) { cases(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        token,
      );
      seen.push(...res.data!.cases.edges.map((e) => e.node.id));
      if (!res.data!.cases.pageInfo.hasNextPage) break;
      after = res.data!.cases.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(created.map((c) => c.id).sort());
  });
});

describe('field-level data scoping', () => {
  it('redacts what the contract does not grant, with a reason, and shows what it does', async () => {
    const vendor = await stack.seed.vendor({ usDataCleared: true });
    const contract = await stack.owner.contract.create({
      data: {
        vendorId: vendor.id,
        reference: `CTR-${vendor.slug}`,
        periodStart: new Date('2026-01-01'),
        effectiveFrom: new Date('2026-01-01'),
        periodEnd: new Date('2026-12-31'),
        pricePerCaseMinor: 500,
        creditTerms: {},
        dataAccess: { create: [{ regionCode: 'US', scopeCode: null, fields: ['SUBJECT_PII'] }] },
      },
    });
    expect(contract.id).toBeTruthy();
    const us = await stack.seed.case(
      vendor.id,
      { regionCode: 'US' },
      { email: 'jo@example.test', description: 'secret text' },
    );
    const india = await stack.seed.case(
      vendor.id,
      { regionCode: 'IN' },
      { email: 'ravi@example.test' },
    );
    const token = await stack.vendorToken(vendor);
    const q =
      'query($id: ID!) { case(id: $id) { subject { email { value redaction } description { value redaction } minorSafetyDetail { value redaction } } } }';

    const onUs = await stack.graphql<{
      case: { subject: Record<string, { value: unknown; redaction: string | null }> };
    }>(q, { id: us.id }, token);
    expect(onUs.data!.case.subject.email).toEqual({ value: 'jo@example.test', redaction: null });
    expect(onUs.data!.case.subject.description).toEqual({
      value: null,
      redaction: 'NOT_IN_CONTRACT',
    });
    expect(onUs.data!.case.subject.minorSafetyDetail).toEqual({
      value: null,
      redaction: 'RESTRICTED_SCOPE',
    });

    const onIndia = await stack.graphql<{
      case: { subject: Record<string, { value: unknown; redaction: string | null }> };
    }>(q, { id: india.id }, token);
    expect(onIndia.data!.case.subject.email).toEqual({ value: null, redaction: 'NOT_IN_CONTRACT' });
  });

  it('shows ops everything and vendor managers no case data at all', async () => {
    const vendor = await stack.seed.vendor();
    const c = await stack.seed.case(vendor.id, {}, { email: 'ops-can-see@example.test' });
    const q = 'query($id: ID!) { case(id: $id) { subject { email { value redaction } } } }';
    const ops = await stack.graphql<{ case: { subject: { email: { value: string } } } }>(
      q,
      { id: c.id },
      await stack.internalToken(['ops']),
    );
    expect(ops.data!.case.subject.email.value).toBe('ops-can-see@example.test');
    const manager = await stack.graphql(
      q,
      { id: c.id },
      await stack.internalToken(['vendor_manager']),
    );
    expect(manager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
