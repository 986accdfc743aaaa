import { describe, expect, it } from 'vitest';
import { decideBatch, intakeKey, splitKey } from './decide-batch.ts';
import { decideRoute } from './decide-route.ts';
import {
  capacityOf,
  caseOf,
  REGIONS,
  ruleOf,
  rulesetOf,
  SCOPES,
  vendorOf,
} from './testing/fixtures.ts';
import type { AllocationCounts, Decision } from './types.ts';

const NOW = new Date('2025-03-04T10:00:00Z');
const SCOPE = 'ACCOUNT_ACCESS';

const split = rulesetOf([
  ruleOf('split', {
    targets: [
      { vendorId: 'a', weight: 60 },
      { vendorId: 'b', weight: 40 },
    ],
    fallbacks: ['c'],
  }),
]);

const vendorOn = (id: string) => (d: Decision) => d.outcome === 'ASSIGNED' && d.vendorId === id;

/** Every counter the split rule reads, locked at the given values. */
function locked(counts: { a?: number; b?: number } = {}, intake: Record<string, number> = {}) {
  return {
    splits: new Map([
      [splitKey('split', 'a'), counts.a ?? 0],
      [splitKey('split', 'b'), counts.b ?? 0],
    ]),
    intake: new Map(
      ['a', 'b', 'c'].map((v) => [intakeKey(v, SCOPE), intake[v] ?? 0] as [string, number]),
    ),
  };
}

const base = {
  ruleset: split,
  vendors: [vendorOf('a'), vendorOf('b'), vendorOf('c')],
  regions: REGIONS,
  scopes: SCOPES,
  now: NOW,
};

describe('decideBatch', () => {
  it('decides each case as if the earlier ones had committed: the same picks one at a time', () => {
    const cases = Array.from({ length: 50 }, () => ({ caseAttrs: caseOf() }));
    const start = { a: 7, b: 1 };
    const batch = decideBatch({ ...base, cases, ...locked(start) });

    // One decision at a time, each booking its counter before the next.
    const counts = { ...start };
    const oneByOne = cases.map((c) => {
      const d = decideRoute({
        ...base,
        caseAttrs: c.caseAttrs,
        allocation: { split: { ...counts } } as AllocationCounts,
      });
      if (d.outcome === 'ASSIGNED') counts[d.vendorId as 'a' | 'b'] += 1;
      return d.outcome === 'ASSIGNED' ? d.vendorId : null;
    });
    expect(batch.decisions.map((d) => (d.outcome === 'ASSIGNED' ? d.vendorId : null))).toEqual(
      oneByOne,
    );
    expect(batch.missing).toEqual({ splits: [], intake: [] });
    // 58 decisions in all at 60/40 end exactly on the share: 35 to a (7 + 28), 23 to b (1 + 22).
    expect(batch.increments.splits).toEqual(
      expect.arrayContaining([
        { ruleId: 'split', vendorId: 'a', n: 28 },
        { ruleId: 'split', vendorId: 'b', n: 22 },
      ]),
    );
    expect(batch.increments.intake).toEqual(
      expect.arrayContaining([
        { vendorId: 'a', scope: SCOPE, n: 28 },
        { vendorId: 'b', scope: SCOPE, n: 22 },
      ]),
    );
  });

  it('holds a daily cap within the batch, counting from the locked intake, not the snapshot', () => {
    // The snapshot says a has room for 10 more; the locked row says 2.
    const vendors = [
      vendorOf('a', { capacity: [capacityOf(SCOPE, { dailyIntakeCap: 20, intakeToday: 10 })] }),
      vendorOf('b', { capacity: [capacityOf(SCOPE, { dailyIntakeCap: 0 })] }),
      vendorOf('c'),
    ];
    const cases = Array.from({ length: 6 }, () => ({ caseAttrs: caseOf() }));
    const batch = decideBatch({ ...base, vendors, cases, ...locked({}, { a: 18 }) });

    expect(batch.decisions.filter(vendorOn('a'))).toHaveLength(2);
    expect(batch.decisions.filter(vendorOn('c'))).toHaveLength(4);
    expect(batch.increments.intake).toEqual(
      expect.arrayContaining([
        { vendorId: 'a', scope: SCOPE, n: 2 },
        { vendorId: 'c', scope: SCOPE, n: 4 },
      ]),
    );
  });

  it('leaves out excluded vendors per case', () => {
    const cases = [{ caseAttrs: caseOf(), excludeVendorIds: ['a', 'b'] }];
    const batch = decideBatch({ ...base, cases, ...locked() });
    expect(batch.decisions[0]).toMatchObject({ outcome: 'ASSIGNED', vendorId: 'c' });
  });

  it('names every counter it read but was not given locked, so the caller can lock and decide again', () => {
    const cases = [{ caseAttrs: caseOf() }, { caseAttrs: caseOf({ scope: 'ACCOUNT_SECURITY' }) }];
    const first = decideBatch({ ...base, cases, splits: new Map(), intake: new Map() });
    expect(first.missing.splits).toEqual([
      { ruleId: 'split', vendorId: 'a' },
      { ruleId: 'split', vendorId: 'b' },
    ]);
    expect(first.missing.intake).toEqual(
      expect.arrayContaining([
        { vendorId: 'a', scope: SCOPE },
        { vendorId: 'b', scope: SCOPE },
        { vendorId: 'a', scope: 'ACCOUNT_SECURITY' },
        { vendorId: 'b', scope: 'ACCOUNT_SECURITY' },
      ]),
    );

    const splits = new Map(first.missing.splits.map((k) => [splitKey(k.ruleId, k.vendorId), 0]));
    const intake = new Map(first.missing.intake.map((k) => [intakeKey(k.vendorId, k.scope), 0]));
    const second = decideBatch({ ...base, cases, splits, intake });
    expect(second.missing).toEqual({ splits: [], intake: [] });
  });

  it('counts nothing for unrouted cases', () => {
    const cases = [{ caseAttrs: caseOf({ region: 'NOWHERE' }) }];
    const batch = decideBatch({ ...base, cases, ...locked() });
    expect(batch.decisions[0]).toMatchObject({ outcome: 'UNROUTED', reason: 'UNKNOWN_REGION' });
    expect(batch.increments).toEqual({ splits: [], intake: [] });
  });
});
