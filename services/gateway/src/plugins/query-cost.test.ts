import { schema } from '@bvg/graphql';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateQueryCost } from './query-cost.ts';
import { MAX_QUERY_COST } from './use-query-limits.ts';

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  estimateQueryCost({ schema, document: parse(query), variables, operationName });

const CASE_SELECTION =
  'edges { node { id status subject { email { value redaction } } events { type occurredAt } } }';
const tenAliases = (size: string) =>
  Array.from({ length: 10 }, (_, i) => `a${i}: cases(first: ${size}) { ${CASE_SELECTION} }`).join(
    ' ',
  );

describe('estimateQueryCost', () => {
  it('prices a page size given as a variable exactly like the same size written inline', () => {
    const inline = cost(`{ ${tenAliases('100')} }`);
    const variable = cost(`query ($f: Int) { ${tenAliases('$f')} }`, { f: 100 });
    expect(variable).toBe(inline);
    expect(inline).toBeGreaterThan(MAX_QUERY_COST);
  });

  it("prices an absent size at the field's default page, and a variable's default value", () => {
    const asDefault = cost(`{ cases { ${CASE_SELECTION} } }`);
    expect(asDefault).toBe(cost(`{ cases(first: 20) { ${CASE_SELECTION} } }`));
    expect(cost(`query ($f: Int = 100) { cases(first: $f) { ${CASE_SELECTION} } }`)).toBe(
      cost(`{ cases(first: 100) { ${CASE_SELECTION} } }`),
    );
    // auditEvents pages 50 by default.
    expect(cost('{ auditEvents { edges { node { id } } } }')).toBe(
      cost('{ auditEvents(first: 50) { edges { node { id } } } }'),
    );
  });

  it('grows with the page size and never prices a negative size below an empty page', () => {
    const small = cost(`{ cases(first: 1) { ${CASE_SELECTION} } }`) as number;
    const large = cost(`{ cases(first: 100) { ${CASE_SELECTION} } }`) as number;
    expect(large).toBeGreaterThan(50 * small);
    // A negative size cannot buy room for other fields.
    expect(cost(`{ cases(first: -100000) { ${CASE_SELECTION} } }`)).toBe(
      cost(`{ cases(first: 0) { ${CASE_SELECTION} } }`),
    );
  });

  it('prices lists of objects without a page size at an assumed length', () => {
    const withEvents = cost('query ($id: ID!) { case(id: $id) { events { type occurredAt } } }', {
      id: 'x',
    }) as number;
    const withoutEvents = cost('query ($id: ID!) { case(id: $id) { id } }', { id: 'x' }) as number;
    expect(withEvents - withoutEvents).toBeGreaterThanOrEqual(10 * 2);
  });

  it('leaves out what @skip or @include drop, with their variables', () => {
    const q = `query ($f: Int, $skip: Boolean!) { cases(first: $f) @skip(if: $skip) { ${CASE_SELECTION} } viewer { kind } }`;
    expect(cost(q, { f: 100, skip: true })).toBe(cost('{ viewer { kind } }'));
    expect(cost(q, { f: 100, skip: false })).toBeGreaterThan(cost('{ viewer { kind } }') as number);
  });

  it('prices the operation named, and returns null when execution will refuse the request', () => {
    const two = `query Small { viewer { kind } } query Big { ${tenAliases('100')} }`;
    expect(cost(two, {}, 'Small')).toBe(cost('{ viewer { kind } }'));
    expect(cost(two, {}, 'Big')).toBeGreaterThan(MAX_QUERY_COST);
    expect(cost('query ($f: Int) { cases(first: $f) { edges { node { id } } } }', { f: 'x' })).toBe(
      null,
    );
    expect(cost(two, {}, 'Missing')).toBe(null);
  });
});

describe('a connection', () => {
  it('prices its edges once per page item, not again as a list', () => {
    const one = cost('{ cases(first: 1) { edges { node { id } } } }') as number;
    const hundred = cost('{ cases(first: 100) { edges { node { id } } } }') as number;
    expect(one).toBe(1 + 1 * (1 + (1 + 1)));
    expect(hundred).toBe(1 + 100 * (1 + (1 + 1)));
  });
});
