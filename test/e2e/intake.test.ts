import { systemScope, withScope } from '@bvg/db';
import { seedDemoData } from '@bvg/demo-seed';
import { expireOffers, rerouteCase } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let intake: string;
const vendors = new Map<string, string>();

beforeAll(async () => {
  stack = await createTestStack();
  // The demo catalogue (vendors, contracts, the published ruleset) with a tiny history.
  await seedDemoData(stack.owner, { casesPerDay: 1 });
  for (const v of await stack.owner.vendor.findMany()) vendors.set(v.slug, v.id);
  intake = await stack.internalToken(['intake'], 'in-app-feedback');
});
afterAll(async () => stack?.close());

let n = 0;
const submission = (overrides: Record<string, unknown> = {}) => ({
  source: 'in-app-feedback',
  externalRef: `fb-${Date.now()}-${n++}`,
  region: 'US',
  scope: 'ACCOUNT_ACCESS',
  channel: 'IN_APP',
  language: 'en',
  priority: 'P2',
  subjectRef: 'user-8f2a',
  subject: {
    displayName: 'Jo Doe',
    email: 'jo@example.test',
    description: 'Locked out after SIM swap',
  },
  ...overrides,
});

const SUBMIT =
  'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { caseId created status vendorId } }';
type Submitted = {
  submitCase: { caseId: string; created: boolean; status: string; vendorId: string | null };
};

describe('intake', () => {
  it('creates, routes and announces a case in one transaction; the vendor then reads it', async () => {
    const res = await stack.graphql<Submitted>(SUBMIT, { input: submission() }, intake);
    expect(res.errors).toBeUndefined();
    const { caseId, created, status, vendorId } = res.data!.submitCase;
    expect([created, status]).toEqual([true, 'OFFERED']);
    // A US case only ever goes to a vendor cleared for US data.
    const vendor = await stack.owner.vendor.findUniqueOrThrow({ where: { id: vendorId! } });
    expect(vendor.usDataCleared).toBe(true);

    const stored = await stack.owner.case.findUniqueOrThrow({
      where: { id: caseId },
      include: { assignments: true },
    });
    expect(stored.status).toBe('OFFERED');
    expect(stored.firstResponseDueAt).not.toBeNull();
    expect(stored.assignments[0]?.residencyCheck).toMatchObject({ region: 'US', passed: true });
    const outbox = await stack.owner.outboxMessage.findMany({ where: { caseId } });
    expect(outbox.map((m) => m.topic)).toEqual(['webhook.case.assigned']);
    expect(JSON.stringify(outbox[0]!.payload)).not.toContain('jo@example.test');

    const client = await stack.owner.apiClient.findFirstOrThrow({ where: { vendorId: vendorId! } });
    const token = await stack.vendorToken({ id: vendorId!, clientId: client.clientId });
    const read = await stack.graphql<{ case: { id: string; status: string } }>(
      'query($id: ID!) { case(id: $id) { id status } }',
      { id: caseId },
      token,
    );
    expect(read.data?.case).toEqual({ id: caseId, status: 'OFFERED' });
  });

  it('returns the same case for the same (source, externalRef), also when submitted concurrently', async () => {
    const input = submission();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => stack.graphql<Submitted>(SUBMIT, { input }, intake)),
    );
    const ids = new Set(results.map((r) => r.data?.submitCase.caseId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data?.submitCase.created)).toHaveLength(1);
    expect(await stack.owner.case.count({ where: { externalRef: input.externalRef } })).toBe(1);
  });

  it('answers variables that do not fit the schema with VALIDATION, naming the field', async () => {
    const { channel: _left, ...input } = submission();
    const res = await stack.graphql(SUBMIT, { input: { ...input, priority: 'URGENT' } }, intake);
    const codes = res.errors?.map((e) => e.extensions?.code);
    expect(codes?.length).toBeGreaterThanOrEqual(2);
    expect(new Set(codes)).toEqual(new Set(['VALIDATION']));
    const messages = res.errors?.map((e) => e.message).join('\n');
    expect(messages).toMatch(/Field "channel" of required type "Channel!" was not provided/);
    expect(messages).toMatch(/"URGENT"/);
    expect(res.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: '$input' }),
    ]);
    expect(await stack.owner.case.count({ where: { externalRef: input.externalRef } })).toBe(0);
  });

  it('lists every validation problem and stores nothing', async () => {
    const input = submission({
      region: 'XX',
      language: 'english',
      subject: { email: 'not-an-email' },
    });
    const res = await stack.graphql(SUBMIT, { input }, intake);
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const paths = ((res.errors?.[0]?.extensions?.problems ?? []) as { path: string }[])
      .map((p) => p.path)
      .sort();
    // Shape and reference problems together: the caller fixes everything in one go.
    expect(paths).toEqual(['language', 'region', 'subject.email']);
    const ref = await stack.graphql(
      SUBMIT,
      { input: submission({ region: 'XX', scope: 'NOPE' }) },
      intake,
    );
    expect(
      ((ref.errors?.[0]?.extensions?.problems ?? []) as { path: string }[])
        .map((p) => p.path)
        .sort(),
    ).toEqual(['region', 'scope']);
    expect(await stack.owner.case.count({ where: { externalRef: input.externalRef } })).toBe(0);
  });

  it('takes a batch in one call and answers each submission on its own, in order', async () => {
    const known = submission();
    await stack.graphql<Submitted>(SUBMIT, { input: known }, intake);
    const fresh = submission({ region: 'IN', scope: 'GENERAL' });
    const res = await stack.graphql<{
      submitCases: {
        index: number;
        case: { caseId: string; created: boolean; status: string } | null;
        error: { code: string; problems: { path: string }[] } | null;
      }[];
    }>(
      `mutation($inputs: [SubmitCaseInput!]!) { submitCases(inputs: $inputs) {
         index case { caseId created status } error { code message problems { path message } } } }`,
      {
        inputs: [fresh, submission({ language: 'english' }), known, submission({ scope: 'NOPE' })],
      },
      intake,
    );
    expect(res.errors).toBeUndefined();
    const results = res.data!.submitCases;
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(results[0]!.case).toMatchObject({ created: true, status: 'OFFERED' });
    expect(results[1]!.error).toMatchObject({
      code: 'VALIDATION',
      problems: [{ path: 'language' }],
    });
    expect(results[2]!.case).toMatchObject({ created: false });
    expect(results[3]!.error).toMatchObject({ code: 'VALIDATION', problems: [{ path: 'scope' }] });
    expect(results[0]!.error).toBeNull();
    expect(await stack.owner.case.count({ where: { externalRef: fresh.externalRef } })).toBe(1);

    const tooMany = await stack.graphql(
      'mutation($inputs: [SubmitCaseInput!]!) { submitCases(inputs: $inputs) { index } }',
      { inputs: Array.from({ length: 501 }, () => submission()) },
      intake,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('is for intake systems only', async () => {
    const res = await stack.graphql(
      SUBMIT,
      { input: submission() },
      await stack.internalToken(['ops']),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('offers are leases', () => {
  it('re-routes a rejected case to another vendor, never back to the one that rejected it', async () => {
    const res = await stack.graphql<Submitted>(
      SUBMIT,
      { input: submission({ region: 'IN', language: 'en', scope: 'GENERAL' }) },
      intake,
    );
    const { caseId, vendorId } = res.data!.submitCase;
    const routed = await withScope(stack.owner, systemScope('test'), (tx) =>
      rerouteCase(tx, { caseId, fromVendorId: vendorId!, reason: 'REJECTED', now: new Date() }),
    );
    expect(routed?.status).toBe('OFFERED');
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(after.vendorId).not.toBe(vendorId);
    expect(after.vendorId).not.toBeNull();
  });

  it('recalls an offer whose lease ended, tells the vendor, and offers the case to someone else', async () => {
    const res = await stack.graphql<Submitted>(
      SUBMIT,
      { input: submission({ region: 'MY', language: 'en', scope: 'GENERAL' }) },
      intake,
    );
    const { caseId, vendorId } = res.data!.submitCase;
    await stack.owner.assignment.updateMany({
      where: { caseId },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await expireOffers(stack.owner, new Date())).toBeGreaterThanOrEqual(1);
    const after = await stack.owner.case.findUniqueOrThrow({
      where: { id: caseId },
      include: { assignments: { orderBy: { attempt: 'asc' } } },
    });
    expect(after.assignments.map((a) => a.status)).toEqual(['EXPIRED', 'OFFERED']);
    expect(after.vendorId).not.toBe(vendorId);
    const recalled = await stack.owner.outboxMessage.findFirst({
      where: { caseId, topic: 'webhook.case.recalled' },
    });
    expect(recalled?.vendorId).toBe(vendorId);
    expect(recalled?.payload).toMatchObject({ data: { reason: 'OFFER_EXPIRED' } });
  });

  it('sends an escalated case to the in-house Tier 2 team', async () => {
    const res = await stack.graphql<Submitted>(
      SUBMIT,
      { input: submission({ region: 'IN', scope: 'ACCOUNT_ACCESS' }) },
      intake,
    );
    const { caseId, vendorId } = res.data!.submitCase;
    await withScope(stack.owner, systemScope('test'), (tx) =>
      rerouteCase(tx, { caseId, fromVendorId: vendorId!, reason: 'ESCALATED', now: new Date() }),
    );
    const after = await stack.owner.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(after.vendorId).toBe(vendors.get('trust-safety-t2'));
    expect(after.tier).toBe('T2');
  });
});
