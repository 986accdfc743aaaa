// Every paged connection of the schema (found by its declared page size, so a connection added
// tomorrow is covered) refuses a page size it cannot serve as VALIDATION naming `first`, with
// no internal message in the answer.
import { pageSizeOf, schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await createTestStack();
  // Ops and auditor between them may read every connection.
  token = await stack.internalToken(['ops', 'auditor']);
});
afterAll(async () => stack?.close());

const connections = Object.values(schema.getQueryType()!.getFields()).flatMap((field) => {
  const size = pageSizeOf(field);
  return size ? [{ name: field.name, size }] : [];
});

describe('page sizes of every connection', () => {
  it('finds the connections the schema has today', () => {
    expect(connections.map((c) => c.name).sort()).toEqual(
      expect.arrayContaining(['auditEvents', 'cases', 'webhookDeliveries']),
    );
  });

  for (const { name, size } of connections) {
    it(`${name}: first below 0 or above ${size.max} is VALIDATION on first; 0 and ${size.max} are served`, async () => {
      const query = `query ($first: Int) { result: ${name}(first: $first) { edges { cursor } } }`;
      for (const first of [-1, size.max + 1]) {
        const res = await stack.graphql(query, { first }, token);
        expect(res.data?.result ?? null).toBeNull();
        expect(res.errors).toHaveLength(1);
        const error = res.errors![0]!;
        expect(error.extensions?.code).toBe('VALIDATION');
        expect(error.extensions?.problems).toEqual([
          { path: 'first', message: `must be between 0 and ${size.max} (got ${first})` },
        ]);
        expect(error.extensions).not.toHaveProperty('detail');
      }
      for (const first of [0, size.max]) {
        const res = await stack.graphql(query, { first }, token);
        expect(res.errors).toBeUndefined();
        expect(Array.isArray((res.data?.result as { edges?: unknown })?.edges)).toBe(true);
      }
    });
  }

  it('pages forward only: last and before are VALIDATION naming each', async () => {
    const res = await stack.graphql(
      '{ cases(last: 2, before: "x") { edges { cursor } } }',
      {},
      token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect((res.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path)).toEqual(
      ['last', 'before'],
    );
  });

  it('incremental sync (filter.updatedSince) is held to the same page sizes and direction', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const query = `query ($first: Int, $since: DateTime!) {
      cases(first: $first, filter: { updatedSince: $since }) { edges { cursor } }
    }`;
    const tooMany = await stack.graphql(query, { first: 101, since }, token);
    expect(tooMany.data?.cases ?? null).toBeNull();
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(tooMany.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'first', message: 'must be between 0 and 100 (got 101)' },
    ]);
    const backwards = await stack.graphql(
      `query ($since: DateTime!) { cases(last: 2, filter: { updatedSince: $since }) { edges { cursor } } }`,
      { since },
      token,
    );
    expect(backwards.errors?.[0]?.extensions?.problems).toEqual([
      { path: 'last', message: 'cases pages forward only: use first and after' },
    ]);
    const full = await stack.graphql(query, { first: 100, since }, token);
    expect(full.errors).toBeUndefined();
  });
});
