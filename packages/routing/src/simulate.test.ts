import { describe, expect, it } from 'vitest';
import type { SimulationCase } from './simulate.ts';
import { simulate } from './simulate.ts';
import {
  capacityOf,
  caseOf,
  REGIONS,
  ruleOf,
  rulesetOf,
  SCOPES,
  vendorOf,
} from './testing/fixtures.ts';
import type { CaseAttributes, VendorState } from './types.ts';

const NOW = new Date('2025-03-04T10:00:00Z');

function cases(n: number, attrs: Partial<CaseAttributes>, prefix: string): SimulationCase[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, ...caseOf(attrs) }));
}

const published = rulesetOf(
  [
    ruleOf('all', {
      targets: [
        { vendorId: 'a', weight: 60 },
        { vendorId: 'b', weight: 40 },
      ],
    }),
  ],
  3,
);

describe('simulate', () => {
  it('compares the distribution per vendor × scope × region under both rulesets', () => {
    const draft = rulesetOf(
      [
        ruleOf('eu', { match: { region: ['EU'] }, targets: [{ vendorId: 'c', weight: 1 }] }),
        ...published.rules,
      ],
      4,
    );
    const sample = [...cases(100, { region: 'IN' }, 'in'), ...cases(50, { region: 'EU' }, 'eu')];
    const result = simulate({
      cases: sample,
      draft,
      published,
      vendors: [vendorOf('a'), vendorOf('b'), vendorOf('c')],
      regions: REGIONS,
      scopes: SCOPES,
      now: NOW,
    });

    expect(result.published).toMatchObject({ rulesetVersion: 3, assigned: 150, unrouted: 0 });
    expect(result.published.distribution).toEqual([
      { vendorId: 'a', scope: 'ACCOUNT_ACCESS', region: 'EU', count: 30 },
      { vendorId: 'a', scope: 'ACCOUNT_ACCESS', region: 'IN', count: 60 },
      { vendorId: 'b', scope: 'ACCOUNT_ACCESS', region: 'EU', count: 20 },
      { vendorId: 'b', scope: 'ACCOUNT_ACCESS', region: 'IN', count: 40 },
    ]);
    expect(result.differences).toEqual([
      {
        vendorId: 'a',
        scope: 'ACCOUNT_ACCESS',
        region: 'EU',
        published: 30,
        draft: 0,
        change: -30,
      },
      {
        vendorId: 'b',
        scope: 'ACCOUNT_ACCESS',
        region: 'EU',
        published: 20,
        draft: 0,
        change: -20,
      },
      { vendorId: 'c', scope: 'ACCOUNT_ACCESS', region: 'EU', published: 0, draft: 50, change: 50 },
    ]);
    expect(result.reassigned).toBe(50);
    expect(result.newlyUnroutable).toEqual([]);
  });

  it('lists the cases the draft would leave unrouted', () => {
    const draft = rulesetOf([
      ruleOf('not-eu', {
        match: { region: ['IN', 'MY', 'US'] },
        targets: [{ vendorId: 'a', weight: 1 }],
      }),
    ]);
    const result = simulate({
      cases: [...cases(2, { region: 'IN' }, 'in'), ...cases(2, { region: 'EU' }, 'eu')],
      draft,
      published,
      vendors: [vendorOf('a'), vendorOf('b')],
      regions: REGIONS,
      scopes: SCOPES,
      now: NOW,
    });
    expect(result.newlyUnroutable.map((c) => [c.caseId, c.reason])).toEqual([
      ['eu-0', 'NO_MATCHING_RULE'],
      ['eu-1', 'NO_MATCHING_RULE'],
    ]);
    expect(result.draft.unrouted).toBe(2);
    expect(result.differences).toContainEqual({
      vendorId: null,
      scope: 'ACCOUNT_ACCESS',
      region: 'EU',
      published: 0,
      draft: 2,
      change: 2,
    });
  });

  it('uses up capacity as cases are assigned and reports the overflow', () => {
    const capped = vendorOf('a', {
      capacity: [capacityOf('ACCOUNT_ACCESS', { dailyIntakeCap: 3 })],
    });
    const draft = rulesetOf([
      ruleOf('only-a', { targets: [{ vendorId: 'a', weight: 1 }], fallbacks: ['b'] }),
    ]);
    const result = simulate({
      cases: cases(5, {}, 'c'),
      draft,
      published,
      vendors: [capped, vendorOf('b')],
      regions: REGIONS,
      scopes: SCOPES,
      now: NOW,
    });
    expect(result.draft.distribution.map((d) => [d.vendorId, d.count])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(result.draft.capacityOverflows).toEqual([
      { vendorId: 'a', scope: 'ACCOUNT_ACCESS', reason: 'AT_DAILY_CAP', casesTurnedAway: 2 },
    ]);
  });

  it('starts a fresh intake day when past cases cross midnight', () => {
    const capped = vendorOf('a', {
      capacity: [capacityOf('ACCOUNT_ACCESS', { dailyIntakeCap: 2 })],
    });
    const onlyA = rulesetOf([ruleOf('only-a', { targets: [{ vendorId: 'a', weight: 1 }] })]);
    const day = (date: string, n: number) =>
      cases(n, {}, date).map((c) => ({ ...c, receivedAt: new Date(`${date}T12:00:00Z`) }));
    const result = simulate({
      cases: [...day('2025-03-03', 3), ...day('2025-03-04', 3)],
      draft: onlyA,
      published: onlyA,
      vendors: [capped],
      regions: REGIONS,
      scopes: SCOPES,
      now: NOW,
    });
    expect(result.draft).toMatchObject({ assigned: 4, unrouted: 2 });
  });

  it('changes nothing it is given', () => {
    const vendors: VendorState[] = [vendorOf('a'), vendorOf('b')];
    const before = structuredClone(vendors);
    const allocation = { all: { a: 6, b: 4 } };
    simulate({
      cases: cases(20, {}, 'c'),
      draft: published,
      published,
      vendors,
      regions: REGIONS,
      scopes: SCOPES,
      now: NOW,
      allocation,
    });
    expect(vendors).toEqual(before);
    expect(allocation).toEqual({ all: { a: 6, b: 4 } });
  });
});
