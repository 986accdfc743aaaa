import { describe, expect, it } from 'vitest';
import { decideRoute, IN_HOUSE_DEFAULT_RULE_ID, type RouteInput } from './decide-route.ts';
import {
  capacityOf,
  caseOf,
  REGIONS,
  ruleOf,
  rulesetOf,
  SCOPES,
  vendorOf,
} from './testing/fixtures.ts';
import type { AssignedDecision, Decision, ExclusionReason, VendorState } from './types.ts';

const NOW = new Date('2025-03-04T10:00:00Z'); // a Tuesday

function route(overrides: Partial<RouteInput> & Pick<RouteInput, 'ruleset' | 'vendors'>): Decision {
  return decideRoute({
    caseAttrs: caseOf(),
    regions: REGIONS,
    scopes: SCOPES,
    allocation: {},
    now: NOW,
    ...overrides,
  });
}

function expectAssigned(decision: Decision): AssignedDecision {
  expect(decision.outcome, decision.explanation.summary).toBe('ASSIGNED');
  return decision as AssignedDecision;
}

describe('decideRoute', () => {
  it('assigns a matching case to the rule target and records the rule, version and residency check', () => {
    const decision = expectAssigned(
      route({
        caseAttrs: caseOf({ region: 'US' }),
        ruleset: rulesetOf(
          [ruleOf('us', { match: { region: ['US'] }, targets: [{ vendorId: 'a', weight: 1 }] })],
          7,
        ),
        vendors: [vendorOf('a')],
      }),
    );
    expect(decision).toMatchObject({
      vendorId: 'a',
      ruleId: 'us',
      rulesetVersion: 7,
      selection: 'WEIGHTED',
      allocationKey: { ruleId: 'us', vendorId: 'a' },
      residencyCheck: { region: 'US', requirement: 'US_CLEARANCE', passed: true },
    });
    expect(decision.explanation.summary).toContain('Vendor a');
  });

  const constraintCases: {
    name: string;
    reason: ExclusionReason;
    vendor?: Partial<VendorState>;
    caseOverrides?: Parameters<typeof caseOf>[0];
    excluded?: boolean;
    businessHours?: boolean;
  }[] = [
    { name: 'inactive', reason: 'INACTIVE', vendor: { active: false } },
    {
      name: 'not cleared for US data',
      reason: 'NOT_US_CLEARED',
      vendor: { usDataCleared: false },
      caseOverrides: { region: 'US' },
    },
    {
      name: 'without a GDPR agreement',
      reason: 'NO_GDPR_AGREEMENT',
      vendor: { gdprAgreement: false },
      caseOverrides: { region: 'EU' },
    },
    {
      name: 'not certified for the scope',
      reason: 'NOT_CERTIFIED_SCOPE',
      vendor: { certifications: [{ region: 'IN', scope: 'ACCOUNT_SECURITY', languages: ['en'] }] },
    },
    {
      name: 'not certified for the region',
      reason: 'NOT_CERTIFIED_REGION',
      vendor: { certifications: [{ region: 'MY', scope: 'ACCOUNT_ACCESS', languages: ['en'] }] },
    },
    {
      name: 'not certified for the language',
      reason: 'NOT_CERTIFIED_LANGUAGE',
      vendor: { certifications: [{ region: 'IN', scope: 'ACCOUNT_ACCESS', languages: ['hi'] }] },
    },
    {
      name: 'at its open-case ceiling',
      reason: 'AT_OPEN_CEILING',
      vendor: { capacity: [capacityOf('ACCOUNT_ACCESS', { openCaseCeiling: 10, openCases: 10 })] },
    },
    {
      name: 'at its daily intake cap',
      reason: 'AT_DAILY_CAP',
      vendor: { capacity: [capacityOf('ACCOUNT_ACCESS', { dailyIntakeCap: 5, intakeToday: 5 })] },
    },
    {
      name: 'without capacity for the scope',
      reason: 'NO_CAPACITY_FOR_SCOPE',
      vendor: { capacity: [capacityOf('ACCOUNT_SECURITY')] },
    },
    {
      name: 'closed, under a rule that requires business hours',
      reason: 'OUTSIDE_BUSINESS_HOURS',
      // 10:00 UTC is 19:00 in Tokyo, after a 09:00–18:00 shift.
      vendor: {
        businessHours: {
          timeZone: 'Asia/Tokyo',
          days: [1, 2, 3, 4, 5],
          openMinute: 540,
          closeMinute: 1080,
        },
      },
      businessHours: true,
    },
    {
      name: 'excluded by the caller after a rejection',
      reason: 'EXCLUDED_BY_CALLER',
      excluded: true,
    },
  ];

  it.each(constraintCases)('never assigns to a vendor $name; the fallback takes the case', (c) => {
    const decision = expectAssigned(
      route({
        caseAttrs: caseOf(c.caseOverrides),
        ruleset: rulesetOf([
          ruleOf('r', {
            targets: [{ vendorId: 'bad', weight: 1 }],
            fallbacks: ['good'],
            requireBusinessHours: c.businessHours === true,
          }),
        ]),
        vendors: [vendorOf('bad', c.vendor), vendorOf('good')],
        excludeVendorIds: c.excluded ? ['bad'] : [],
      }),
    );
    expect(decision.vendorId).toBe('good');
    expect(decision.selection).toBe('FALLBACK');
    expect(decision.allocationKey).toBeNull();
    const [evaluation] = decision.explanation.rules;
    expect(evaluation?.candidates).toEqual([
      { vendorId: 'bad', role: 'TARGET', weight: 1, eligible: false, reasons: [c.reason] },
      { vendorId: 'good', role: 'FALLBACK', eligible: true, reasons: [] },
    ]);
  });

  it('lists every reason a vendor is excluded, not just the first', () => {
    const decision = route({
      caseAttrs: caseOf({ region: 'US' }),
      ruleset: rulesetOf([ruleOf('r', { targets: [{ vendorId: 'bad', weight: 1 }] })]),
      vendors: [vendorOf('bad', { active: false, usDataCleared: false, certifications: [] })],
    });
    expect(decision.outcome).toBe('UNROUTED');
    expect(decision.explanation.rules[0]?.candidates[0]?.reasons).toEqual([
      'INACTIVE',
      'NOT_US_CLEARED',
      'NOT_CERTIFIED_SCOPE',
    ]);
  });

  it('lets a certification for a language cover its regional variants', () => {
    const decision = route({
      caseAttrs: caseOf({ language: 'en-GB' }),
      ruleset: rulesetOf([ruleOf('r', { targets: [{ vendorId: 'a', weight: 1 }] })]),
      vendors: [vendorOf('a')],
    });
    expect(expectAssigned(decision).vendorId).toBe('a');
  });

  it('ignores business hours unless the rule requires them', () => {
    const closed = vendorOf('a', {
      businessHours: { timeZone: 'Asia/Tokyo', days: [1], openMinute: 540, closeMinute: 600 },
    });
    const ruleset = rulesetOf([ruleOf('r', { targets: [{ vendorId: 'a', weight: 1 }] })]);
    expect(route({ ruleset, vendors: [closed] }).outcome).toBe('ASSIGNED');
  });

  it('tries fallbacks in order and skips the ineligible ones', () => {
    const decision = expectAssigned(
      route({
        ruleset: rulesetOf([
          ruleOf('r', {
            targets: [{ vendorId: 't', weight: 1 }],
            fallbacks: ['f1', 'f2', 'f3'],
          }),
        ]),
        vendors: [
          vendorOf('t', { active: false }),
          vendorOf('f1', { active: false }),
          vendorOf('f2'),
          vendorOf('f3'),
        ],
      }),
    );
    expect(decision.vendorId).toBe('f2');
    expect(decision.explanation.rules[0]?.candidates.map((c) => c.vendorId)).toEqual([
      't',
      'f1',
      'f2',
    ]);
  });

  it('moves on to the next matching rule when nothing in the first is eligible', () => {
    const decision = expectAssigned(
      route({
        ruleset: rulesetOf([
          ruleOf('first', { targets: [{ vendorId: 'x', weight: 1 }], fallbacks: ['y'] }),
          ruleOf('second', { targets: [{ vendorId: 'z', weight: 1 }] }),
        ]),
        vendors: [
          vendorOf('x', { active: false }),
          vendorOf('y', { active: false }),
          vendorOf('z'),
        ],
      }),
    );
    expect(decision).toMatchObject({ vendorId: 'z', ruleId: 'second' });
    expect(decision.explanation.rules.map((r) => [r.ruleId, r.outcome])).toEqual([
      ['first', 'NO_ELIGIBLE_VENDOR'],
      ['second', 'SELECTED'],
    ]);
  });

  it('explains why each earlier rule did not match', () => {
    const decision = route({
      caseAttrs: caseOf({ region: 'IN', channel: 'EMAIL', priority: 'P1' }),
      ruleset: rulesetOf([
        ruleOf('us-email', {
          match: { region: ['US'], channel: ['EMAIL', 'WEBFORM'] },
          targets: [{ vendorId: 'a', weight: 1 }],
        }),
        ruleOf('low-priority', {
          match: { priority: ['P3', 'P4'] },
          targets: [{ vendorId: 'a', weight: 1 }],
        }),
        ruleOf('catch-all', { targets: [{ vendorId: 'a', weight: 1 }] }),
      ]),
      vendors: [vendorOf('a')],
    });
    expect(expectAssigned(decision).ruleId).toBe('catch-all');
    const [usEmail, lowPriority] = decision.explanation.rules;
    expect(usEmail).toMatchObject({
      matched: false,
      outcome: 'NOT_MATCHED',
      mismatch: { attribute: 'region', expected: ['US'], actual: 'IN' },
    });
    expect(lowPriority?.mismatch).toEqual({
      attribute: 'priority',
      expected: ['P3', 'P4'],
      actual: 'P1',
    });
  });

  describe('restricted scopes', () => {
    const minorSafety = caseOf({ scope: 'MINOR_SAFETY' });
    const inHouse = vendorOf('tier2', { kind: 'IN_HOUSE' });

    it('keeps BPO vendors away from restricted scopes and sends the case to the in-house team', () => {
      const decision = expectAssigned(
        route({
          caseAttrs: minorSafety,
          ruleset: rulesetOf([ruleOf('all', { targets: [{ vendorId: 'bpo', weight: 1 }] })]),
          vendors: [vendorOf('bpo'), inHouse],
        }),
      );
      expect(decision).toMatchObject({
        vendorId: 'tier2',
        ruleId: IN_HOUSE_DEFAULT_RULE_ID,
        selection: 'IN_HOUSE_DEFAULT',
        allocationKey: null,
      });
      expect(decision.explanation.rules[0]?.candidates[0]?.reasons).toEqual(['RESTRICTED_SCOPE']);
      expect(decision.explanation.inHouseDefault?.candidates).toEqual([
        { vendorId: 'tier2', role: 'IN_HOUSE_DEFAULT', eligible: true, reasons: [] },
      ]);
    });

    it('routes a restricted scope to a certified BPO vendor when a rule explicitly allows it', () => {
      const decision = expectAssigned(
        route({
          caseAttrs: minorSafety,
          ruleset: rulesetOf([
            ruleOf('ms', {
              match: { scope: ['MINOR_SAFETY'] },
              allowRestricted: true,
              targets: [{ vendorId: 'bpo', weight: 1 }],
            }),
          ]),
          vendors: [vendorOf('bpo'), inHouse],
        }),
      );
      expect(decision).toMatchObject({ vendorId: 'bpo', ruleId: 'ms' });
    });

    it('does not let allowRestricted override certification', () => {
      const decision = expectAssigned(
        route({
          caseAttrs: minorSafety,
          ruleset: rulesetOf([
            ruleOf('ms', { allowRestricted: true, targets: [{ vendorId: 'bpo', weight: 1 }] }),
          ]),
          vendors: [
            vendorOf('bpo', {
              certifications: [{ region: 'IN', scope: 'ACCOUNT_ACCESS', languages: ['en'] }],
            }),
            inHouse,
          ],
        }),
      );
      expect(decision.vendorId).toBe('tier2');
      expect(decision.explanation.rules[0]?.candidates[0]?.reasons).toEqual([
        'NOT_CERTIFIED_SCOPE',
      ]);
    });

    it('picks the least loaded eligible in-house team by default', () => {
      const busy = vendorOf('a-team', {
        kind: 'IN_HOUSE',
        capacity: [capacityOf('MINOR_SAFETY', { openCases: 900 })],
      });
      const quiet = vendorOf('b-team', {
        kind: 'IN_HOUSE',
        capacity: [capacityOf('MINOR_SAFETY', { openCases: 10 })],
      });
      const decision = route({
        caseAttrs: minorSafety,
        ruleset: rulesetOf([]),
        vendors: [busy, quiet],
      });
      expect(expectAssigned(decision).vendorId).toBe('b-team');
    });

    it('leaves a restricted case unrouted when no in-house team can take it', () => {
      const decision = route({
        caseAttrs: minorSafety,
        ruleset: rulesetOf([ruleOf('all', { targets: [{ vendorId: 'bpo', weight: 1 }] })]),
        vendors: [vendorOf('bpo'), vendorOf('tier2', { kind: 'IN_HOUSE', active: false })],
      });
      expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'NO_ELIGIBLE_VENDOR' });
      expect(decision.explanation.inHouseDefault?.candidates[0]?.reasons).toEqual(['INACTIVE']);
    });
  });

  describe('unrouted cases', () => {
    it('says no rule matches', () => {
      const decision = route({
        ruleset: rulesetOf([
          ruleOf('us', { match: { region: ['US'] }, targets: [{ vendorId: 'a', weight: 1 }] }),
        ]),
        vendors: [vendorOf('a')],
      });
      expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'NO_MATCHING_RULE' });
      expect(decision.explanation.summary).toContain('no rule matches');
    });

    it('says no vendor is eligible rather than forcing the case onto one', () => {
      const decision = route({
        caseAttrs: caseOf({ region: 'EU' }),
        ruleset: rulesetOf([
          ruleOf('r', { targets: [{ vendorId: 'a', weight: 1 }], fallbacks: ['b'] }),
        ]),
        vendors: [vendorOf('a', { gdprAgreement: false }), vendorOf('b', { gdprAgreement: false })],
      });
      expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'NO_ELIGIBLE_VENDOR' });
    });

    it('refuses a region missing from the reference data, whose data rules are unknown', () => {
      const decision = route({
        caseAttrs: caseOf({ region: 'BR' }),
        ruleset: rulesetOf([ruleOf('r', { targets: [{ vendorId: 'a', weight: 1 }] })]),
        vendors: [vendorOf('a')],
      });
      expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'UNKNOWN_REGION' });
    });

    it('refuses a scope missing from the reference data', () => {
      const decision = route({
        caseAttrs: caseOf({ scope: 'NEW_PRODUCT' }),
        ruleset: rulesetOf([ruleOf('r', { targets: [{ vendorId: 'a', weight: 1 }] })]),
        vendors: [vendorOf('a')],
      });
      expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'UNKNOWN_SCOPE' });
    });

    it('reports a target missing from the vendor list as unknown', () => {
      const decision = route({
        ruleset: rulesetOf([ruleOf('r', { targets: [{ vendorId: 'ghost', weight: 1 }] })]),
        vendors: [],
      });
      expect(decision.explanation.rules[0]?.candidates[0]?.reasons).toEqual(['UNKNOWN_VENDOR']);
    });
  });
});
