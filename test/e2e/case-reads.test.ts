// The partner read path's cost and its guarantees: how many statements and transactions a
// read sends to PostgreSQL (counted on the gateway's own connection pool, not timed), that a
// changed contract grant changes the redaction at the next read although the process keeps
// the vendor's policy between requests, and that a read whose audit record cannot be written
// fails.
import { poolOf } from '@bvg/db';
import { type DataAccessTerm, setDataAccessGrants } from '@bvg/domain';
import { createTestStack, type TestStack } from '@bvg/testkit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let vendor: { id: string; clientId: string; slug: string };
let token: string;
const caseIds: string[] = [];

/** Every statement the gateway's pool sends while `fn` runs, by text. */
const sent: string[] = [];
let counting = false;
function countStatements(pool: pg.Pool) {
  const wrapped = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      if (counting) sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
}
async function statementsOf(fn: () => Promise<unknown>) {
  sent.length = 0;
  counting = true;
  try {
    await fn();
  } finally {
    counting = false;
  }
  const trimmed = sent.map((s) => s.trim());
  return {
    transactions: trimmed.filter((s) => /^BEGIN\b/i.test(s)).length,
    // BEGIN may carry the scope in the same message; COMMIT and ROLLBACK end a transaction.
    statements: trimmed.filter((s) => !/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(s)).length,
    texts: trimmed,
  };
}

const LIST = `{ cases(first: 50) { edges { node { id region scope status
  subject { subjectRef displayName { value redaction } email { value redaction } description { value redaction } } } } } }`;
const LIST_WITH_EVENTS = `{ cases(first: 50) { edges { node { id subject { email { value } } events { id type toStatus } } } } }`;
const CASE_WITH_EVENTS = `query($id: ID!) { case(id: $id) { id subject { email { value redaction } }
  events { id type fromStatus toStatus version occurredAt } } }`;

type Redactable = { value: string | null; redaction: string | null };
type ListData = {
  cases: { edges: { node: { id: string; subject: { email: Redactable } } }[] };
};

beforeAll(async () => {
  stack = await createTestStack();
  countStatements(poolOf(stack.gateway.prisma));
  await stack.seed.referenceData();
  vendor = await stack.seed.vendor();
  await stack.owner.contract.create({
    data: {
      vendorId: vendor.id,
      reference: `CTR-${vendor.slug}`,
      periodStart: new Date('2026-01-01'),
      effectiveFrom: new Date('2026-01-01'),
      periodEnd: new Date('2026-12-31'),
      pricePerCaseMinor: 500,
      creditTerms: {},
      dataAccess: { create: [{ regionCode: 'IN', scopeCode: null, fields: ['SUBJECT_PII'] }] },
    },
  });
  for (let i = 0; i < 55; i++) {
    const c = await stack.seed.case(vendor.id, {}, { email: `person-${i}@example.test` });
    caseIds.push(c.id);
    await stack.owner.caseEvent.createMany({
      data: [
        { caseId: c.id, vendorId: vendor.id, type: 'CREATED', toStatus: 'NEW', version: 1 },
        {
          caseId: c.id,
          vendorId: vendor.id,
          type: 'OFFERED',
          fromStatus: 'NEW',
          toStatus: 'OFFERED',
          version: 2,
        },
      ].map((e) => ({ ...e, actorKind: 'SYSTEM' as const, actorId: 'test' })) as never,
    });
  }
  token = await stack.vendorToken(vendor);
  // Authentication's own lookups (the client, the revocation list, the rate-limit tier) are
  // cached by the gateway; warm them so the counts below are the read's.
  expect((await stack.graphql('{ viewer { kind } }', {}, token)).errors).toBeUndefined();
}, 120_000);
afterAll(async () => stack?.close());

describe('statements per partner read', () => {
  it('lists 50 cases with subject fields in one transaction of at most 4 statements, cold or warm', async () => {
    for (const round of ['cold', 'warm']) {
      let res: Awaited<ReturnType<typeof stack.graphql<ListData>>> | undefined;
      const counted = await statementsOf(async () => {
        res = await stack.graphql<ListData>(LIST, {}, token);
      });
      expect(res!.errors, round).toBeUndefined();
      expect(res!.data!.cases.edges).toHaveLength(50);
      expect(res!.data!.cases.edges[0]!.node.subject.email.value).toMatch(/@example\.test$/);
      expect(counted.transactions, counted.texts.join('\n---\n')).toBe(1);
      expect(counted.statements, counted.texts.join('\n---\n')).toBeLessThanOrEqual(4);
    }
  });

  it("reads a page's events with the page: one transaction, no transaction per case", async () => {
    const counted = await statementsOf(async () => {
      const res = await stack.graphql<{
        cases: { edges: { node: { events: { type: string }[] } }[] };
      }>(LIST_WITH_EVENTS, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.cases.edges).toHaveLength(50);
      for (const edge of res.data!.cases.edges) {
        expect(edge.node.events.map((e) => e.type)).toEqual(['CREATED', 'OFFERED']);
      }
    });
    expect(counted.transactions).toBe(1);
    expect(counted.statements).toBeLessThanOrEqual(4);
  });

  it('reads a case with its events in one transaction of at most 4 statements', async () => {
    const counted = await statementsOf(async () => {
      const res = await stack.graphql<{ case: { id: string; events: { type: string }[] } }>(
        CASE_WITH_EVENTS,
        { id: caseIds[0] },
        token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.case.events.map((e) => e.type)).toEqual(['CREATED', 'OFFERED']);
    });
    expect(counted.transactions).toBe(1);
    expect(counted.statements).toBeLessThanOrEqual(4);
  });
});

describe('the cached data-access policy', () => {
  const emailOf = async (id: string) => {
    const res = await stack.graphql<{ case: { subject: { email: Redactable } } }>(
      CASE_WITH_EVENTS,
      { id },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.case.subject.email;
  };

  // Grants change by amendment: a new version of the contract in force from `from` (written
  // versions are immutable). The version starts as the call is made, so the next read follows it.
  const amendGrants = (grants: DataAccessTerm[]) => {
    const from = new Date();
    return setDataAccessGrants(
      stack.owner,
      { kind: 'INTERNAL', id: 'manager', roles: ['vendor_manager'] },
      { reference: `CTR-${vendor.slug}`, effectiveFrom: from, grants, reason: 'grants change' },
      () => from,
    );
  };

  it('follows a changed grant at the next read', async () => {
    const id = caseIds[1]!;
    expect(await emailOf(id)).toEqual({ value: 'person-1@example.test', redaction: null });
    const onlyDescription = { regionCode: 'IN', scopeCode: null, fields: ['DESCRIPTION' as const] };
    await amendGrants([onlyDescription]);
    expect(await emailOf(id)).toEqual({ value: null, redaction: 'NOT_IN_CONTRACT' });
    // The list sees it too (the same cache).
    const listed = await stack.graphql<ListData>(LIST, {}, token);
    expect(listed.data!.cases.edges.every((e) => e.node.subject.email.value === null)).toBe(true);
    await amendGrants([
      onlyDescription,
      { regionCode: null, scopeCode: 'GENERAL', fields: ['SUBJECT_PII'] },
    ]);
    expect(await emailOf(id)).toEqual({ value: 'person-1@example.test', redaction: null });
  });

  it('follows a new contract in force, and a deleted one', async () => {
    const id = caseIds[2]!;
    expect((await emailOf(id)).redaction).toBeNull();
    const successor = await stack.owner.contract.create({
      data: {
        vendorId: vendor.id,
        reference: `CTR-${vendor.slug}-2`,
        periodStart: new Date('2026-06-01'),
        effectiveFrom: new Date(),
        periodEnd: new Date('2027-05-31'),
        pricePerCaseMinor: 500,
        creditTerms: {},
      },
    });
    // The successor grants nothing.
    expect(await emailOf(id)).toEqual({ value: null, redaction: 'NOT_IN_CONTRACT' });
    await stack.owner.contract.delete({ where: { id: successor.id } });
    expect(await emailOf(id)).toEqual({ value: 'person-2@example.test', redaction: null });
  });
});

describe('the read audit', () => {
  it('is written in the read: a read whose audit record cannot be written fails', async () => {
    await stack.owner.$executeRawUnsafe('REVOKE INSERT ON "AuditEvent" FROM bvg_app');
    try {
      const res = await stack.graphql(CASE_WITH_EVENTS, { id: caseIds[3] }, token);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.data?.case ?? null).toBeNull();
      const listed = await stack.graphql(LIST, {}, token);
      expect(listed.errors?.length).toBeGreaterThan(0);
    } finally {
      await stack.owner.$executeRawUnsafe('GRANT INSERT ON "AuditEvent" TO bvg_app');
    }
    const before = await stack.owner.auditEvent.count({
      where: { action: 'case.read', targetId: caseIds[3] },
    });
    expect(
      (await stack.graphql(CASE_WITH_EVENTS, { id: caseIds[3] }, token)).errors,
    ).toBeUndefined();
    expect(
      await stack.owner.auditEvent.count({ where: { action: 'case.read', targetId: caseIds[3] } }),
    ).toBe(before + 1);
  });
});
