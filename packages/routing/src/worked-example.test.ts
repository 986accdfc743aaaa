// The worked example of README.md, so the documentation stays true.
import { describe, expect, it } from 'vitest';
import { decideRoute } from './decide-route.ts';
import type { Decision, RegionRule, Ruleset, ScopeInfo, VendorState } from './types.ts';
import { validateRuleset } from './validate-ruleset.ts';

const regions: RegionRule[] = [
  { code: 'IN', requiresUsClearance: false, requiresGdprAgreement: false },
  { code: 'US', requiresUsClearance: true, requiresGdprAgreement: false },
];
const scopes: ScopeInfo[] = [{ code: 'ACCOUNT_ACCESS', sensitivity: 'STANDARD' }];
const capacity = (dailyIntakeCap: number, intakeToday = 0) => [
  { scope: 'ACCOUNT_ACCESS', openCaseCeiling: 10_000, dailyIntakeCap, openCases: 0, intakeToday },
];
const vendor = (v: Partial<VendorState> & Pick<VendorState, 'id'>): VendorState => ({
  name: v.id,
  kind: 'BPO',
  active: true,
  usDataCleared: false,
  gdprAgreement: false,
  certifications: [],
  capacity: capacity(10_000),
  ...v,
});
const acme = vendor({
  id: 'acme',
  usDataCleared: true,
  certifications: ['IN', 'US'].map((region) => ({
    region,
    scope: 'ACCOUNT_ACCESS',
    languages: ['en'],
  })),
});
const zen = vendor({
  id: 'zen',
  certifications: [{ region: 'IN', scope: 'ACCOUNT_ACCESS', languages: ['en'] }],
});
const tier2 = vendor({
  id: 'tier2',
  kind: 'IN_HOUSE',
  usDataCleared: true,
  certifications: ['IN', 'US'].map((region) => ({
    region,
    scope: 'ACCOUNT_ACCESS',
    languages: ['en', 'hi'],
  })),
});
const ruleset: Ruleset = {
  id: 'example',
  version: 7,
  rules: [
    {
      id: 'us',
      name: 'US',
      match: { region: ['US'] },
      targets: [{ vendorId: 'acme', weight: 100 }],
      fallbacks: [],
    },
    {
      id: 'in-access',
      name: 'India account access',
      match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'] },
      targets: [
        { vendorId: 'acme', weight: 60 },
        { vendorId: 'zen', weight: 40 },
      ],
      fallbacks: ['tier2'],
    },
  ],
};
const now = new Date('2025-03-04T10:00:00Z');
const caseIn = (region: string, language = 'en') => ({
  region,
  scope: 'ACCOUNT_ACCESS',
  channel: 'IN_APP' as const,
  language,
  priority: 'P3' as const,
  tier: 'T1' as const,
});
const decide = (c: ReturnType<typeof caseIn>, vendors: VendorState[], allocation = {}): Decision =>
  decideRoute({ caseAttrs: c, ruleset, vendors, regions, scopes, allocation, now });

describe('the README worked example', () => {
  it('routes as documented', () => {
    const vendors = [acme, zen, tier2];
    expect(decide(caseIn('US'), vendors)).toMatchObject({
      vendorId: 'acme',
      ruleId: 'us',
      residencyCheck: { requirement: 'US_CLEARANCE', passed: true },
    });
    expect(decide(caseIn('IN'), vendors)).toMatchObject({ vendorId: 'acme' });
    expect(decide(caseIn('IN'), vendors, { 'in-access': { acme: 1 } })).toMatchObject({
      vendorId: 'zen',
    });

    const zenFull = vendor({ ...zen, capacity: capacity(100, 100) });
    const capped = decide(caseIn('IN'), [acme, zenFull, tier2], { 'in-access': { acme: 1 } });
    expect(capped).toMatchObject({ vendorId: 'acme' });
    expect(capped.explanation.rules[1]?.candidates[1]?.reasons).toEqual(['AT_DAILY_CAP']);

    const acmeFull = vendor({ ...acme, capacity: capacity(100, 100) });
    expect(decide(caseIn('IN'), [acmeFull, zenFull, tier2])).toMatchObject({
      vendorId: 'tier2',
      selection: 'FALLBACK',
    });

    const hindi = decide(caseIn('US', 'hi'), vendors);
    expect(hindi).toMatchObject({ outcome: 'UNROUTED', reason: 'NO_ELIGIBLE_VENDOR' });
    expect(hindi.explanation.rules[0]?.candidates[0]?.reasons).toEqual(['NOT_CERTIFIED_LANGUAGE']);
  });

  it('is refused for an uncovered region × scope once GENERAL exists', () => {
    const { errors } = validateRuleset(ruleset, {
      vendors: [acme, zen, tier2],
      regions,
      scopes: [...scopes, { code: 'GENERAL', sensitivity: 'STANDARD' }],
    });
    expect(errors.map((e) => e.message)).toEqual([
      'No rule covers GENERAL cases from IN; every such case would go to the unrouted queue.',
    ]);
  });
});
