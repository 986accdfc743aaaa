import { describe, expect, it } from 'vitest';
import { capacityOf, REGIONS, ruleOf, rulesetOf, SCOPES, vendorOf } from './testing/fixtures.ts';
import type { Rule, VendorState } from './types.ts';
import { validateRuleset } from './validate-ruleset.ts';

const catchAll = ruleOf('catch-all', {
  name: 'Everything else',
  targets: [
    { vendorId: 'a', weight: 60 },
    { vendorId: 'b', weight: 40 },
  ],
});

function validate(rules: Rule[], vendors: VendorState[] = [vendorOf('a'), vendorOf('b')]) {
  return validateRuleset(rulesetOf(rules), { vendors, regions: REGIONS, scopes: SCOPES });
}

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('validateRuleset', () => {
  it('accepts a sound ruleset without errors or warnings', () => {
    const result = validate([
      ruleOf('us', { match: { region: ['US'] }, targets: [{ vendorId: 'a', weight: 1 }] }),
      catchAll,
    ]);
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a rule shadowed by an earlier, broader rule and says which one', () => {
    const { errors } = validate([
      catchAll,
      ruleOf('india', {
        name: 'India access',
        match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'] },
        targets: [{ vendorId: 'a', weight: 1 }],
      }),
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'UNREACHABLE_RULE',
        ruleId: 'india',
        message: expect.stringContaining(
          'Rule "India access" (india) is unreachable: Rule "Everything else" (catch-all) comes first',
        ),
      }),
    ]);
  });

  it('does not call a rule unreachable when the earlier one only applies in business hours', () => {
    const { errors } = validate([
      { ...catchAll, id: 'daytime', requireBusinessHours: true },
      { ...catchAll, id: 'night' },
    ]);
    expect(errors).toEqual([]);
  });

  it('does not call a restricted-scope rule unreachable behind a rule whose BPO vendors cannot take it', () => {
    const { errors } = validate(
      [
        catchAll,
        ruleOf('ms', {
          match: { scope: ['MINOR_SAFETY'] },
          targets: [{ vendorId: 't2', weight: 1 }],
        }),
      ],
      [vendorOf('a'), vendorOf('b'), vendorOf('t2', { kind: 'IN_HOUSE' })],
    );
    expect(errors).toEqual([]);
  });

  it('refuses weights that do not make sense, empty targets and duplicate targets', () => {
    const { errors } = validate([
      ruleOf('weights', {
        targets: [
          { vendorId: 'a', weight: 0 },
          { vendorId: 'b', weight: -5 },
          { vendorId: 'a', weight: 1.5 },
          { vendorId: 'b', weight: Number.POSITIVE_INFINITY },
        ],
      }),
      ruleOf('empty', { match: { region: ['US'] }, targets: [] }),
    ]);
    expect(codes(errors)).toEqual([
      'INVALID_WEIGHT',
      'INVALID_WEIGHT',
      'INVALID_WEIGHT',
      'DUPLICATE_TARGET',
      'INVALID_WEIGHT',
      'DUPLICATE_TARGET',
      'EMPTY_TARGETS',
    ]);
    expect(errors[0]?.message).toBe(
      'Rule "Rule weights" (weights) gives vendor a a weight of 0; weights must be whole numbers above zero (for a 60/40 split use 60 and 40).',
    );
  });

  it('refuses vendors, regions and scopes that do not exist', () => {
    const { errors } = validate([
      ruleOf('r', {
        match: { region: ['BR'], scope: ['NOPE'] },
        targets: [{ vendorId: 'ghost', weight: 1 }],
      }),
      catchAll,
    ]);
    expect(codes(errors)).toEqual(['UNKNOWN_REGION', 'UNKNOWN_SCOPE', 'UNKNOWN_VENDOR']);
  });

  it('refuses a rule that sends vendors work they are not certified for', () => {
    const indiaOnly = vendorOf('c', {
      name: 'Chennai Care',
      certifications: [{ region: 'IN', scope: 'ACCOUNT_ACCESS', languages: ['en'] }],
    });
    const { errors } = validate(
      [
        ruleOf('my', {
          name: 'Malaysia access',
          match: { region: ['MY'], scope: ['ACCOUNT_ACCESS'] },
          targets: [{ vendorId: 'c', weight: 1 }],
        }),
        ruleOf('in-ms', {
          match: { region: ['IN'], scope: ['ACCOUNT_ACCESS'], language: ['en', 'ta'] },
          targets: [{ vendorId: 'c', weight: 1 }],
        }),
        catchAll,
      ],
      [vendorOf('a'), vendorOf('b'), indiaOnly],
    );
    expect(errors).toEqual([
      {
        code: 'VENDOR_NOT_CERTIFIED',
        ruleId: 'my',
        vendorId: 'c',
        region: 'MY',
        scope: 'ACCOUNT_ACCESS',
        message:
          'Rule "Malaysia access" (my) sends ACCOUNT_ACCESS cases from MY to vendor "Chennai Care" (c), which is not certified for them.',
      },
      expect.objectContaining({ code: 'VENDOR_NOT_CERTIFIED', ruleId: 'in-ms', vendorId: 'c' }),
    ]);
    expect(errors[1]?.message).toContain('in ta');
  });

  it('refuses a rule that would send US or EU data to a vendor not cleared for it', () => {
    const { errors } = validate(
      [
        ruleOf('us', { match: { region: ['US'] }, targets: [{ vendorId: 'nous', weight: 1 }] }),
        ruleOf('rest', { targets: [{ vendorId: 'nogdpr', weight: 1 }] }),
      ],
      [
        vendorOf('nous', { usDataCleared: false }),
        vendorOf('nogdpr', {
          gdprAgreement: false,
          certifications: [
            { region: 'IN', scope: 'ACCOUNT_ACCESS', languages: ['en'] },
            { region: 'EU', scope: 'ACCOUNT_ACCESS', languages: ['en'] },
          ],
        }),
      ],
    );
    expect(errors.map((e) => [e.code, e.ruleId, e.region])).toEqual([
      ['VENDOR_NOT_CLEARED', 'us', 'US'],
      ['VENDOR_NOT_CLEARED', 'rest', 'EU'],
    ]);
    expect(errors[0]?.message).toContain('lacks US data clearance');
    expect(errors[1]?.message).toContain('lacks a GDPR processing agreement');
  });

  it('refuses a ruleset that leaves a region × scope from the reference data uncovered', () => {
    const { errors } = validate(
      [
        ruleOf('in', {
          match: { region: ['IN', 'MY', 'US'] },
          targets: [{ vendorId: 'a', weight: 1 }],
        }),
      ],
      [vendorOf('a'), vendorOf('t2', { kind: 'IN_HOUSE' })],
    );
    // EU minor safety is covered by the in-house default, the other EU scopes are not.
    expect(errors).toEqual([
      {
        code: 'UNCOVERED_REGION_SCOPE',
        region: 'EU',
        scope: 'ACCOUNT_ACCESS',
        message:
          'No rule covers ACCOUNT_ACCESS cases from EU; every such case would go to the unrouted queue.',
      },
      expect.objectContaining({ region: 'EU', scope: 'ACCOUNT_SECURITY' }),
    ]);
  });

  it('warns when a region × scope is covered only for some channels or languages', () => {
    const { errors, warnings } = validate([
      ruleOf('email', {
        match: { region: ['IN'], channel: ['EMAIL'] },
        targets: [{ vendorId: 'a', weight: 1 }],
      }),
      ruleOf('rest', {
        match: { region: ['MY', 'US', 'EU'] },
        targets: [{ vendorId: 'a', weight: 1 }],
      }),
    ]);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.code, w.region, w.scope])).toEqual([
      ['PARTIALLY_COVERED_REGION_SCOPE', 'IN', 'ACCOUNT_ACCESS'],
      ['PARTIALLY_COVERED_REGION_SCOPE', 'IN', 'ACCOUNT_SECURITY'],
      ['PARTIALLY_COVERED_REGION_SCOPE', 'IN', 'MINOR_SAFETY'],
    ]);
    expect(warnings[0]?.message).toContain('only covered for some values of channel');
  });

  it('warns when the vendors of a rule cannot take the expected daily volume', () => {
    const small = (id: string) =>
      vendorOf(id, { capacity: SCOPES.map((s) => capacityOf(s.code, { dailyIntakeCap: 400 })) });
    const result = validateRuleset(rulesetOf([catchAll]), {
      vendors: [small('a'), small('b')],
      regions: REGIONS,
      scopes: SCOPES,
      expectedDailyVolume: [
        { region: 'IN', scope: 'ACCOUNT_ACCESS', casesPerDay: 700 },
        { region: 'MY', scope: 'ACCOUNT_ACCESS', casesPerDay: 500 },
        { region: 'IN', scope: 'ACCOUNT_SECURITY', casesPerDay: 300 },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        code: 'CAPACITY_BELOW_EXPECTED_VOLUME',
        ruleId: 'catch-all',
        scope: 'ACCOUNT_ACCESS',
        message:
          'Rule "Everything else" (catch-all) is expected to receive about 1,200 ACCOUNT_ACCESS cases a day, but its active vendors (a, b) can take only 800 a day together; the rest would overflow to later rules or the unrouted queue.',
      },
    ]);
  });

  it('warns about inactive vendors, useless fallbacks and BPO vendors listed for restricted scopes', () => {
    const { warnings } = validate(
      [
        ruleOf('ms', {
          match: { scope: ['MINOR_SAFETY'] },
          targets: [{ vendorId: 'a', weight: 1 }],
          fallbacks: ['a', 'b', 'b'],
        }),
        catchAll,
      ],
      [vendorOf('a'), vendorOf('b', { active: false })],
    );
    expect(codes(warnings)).toEqual([
      'FALLBACK_ALSO_TARGET',
      'DUPLICATE_FALLBACK',
      'INACTIVE_VENDOR',
      'RESTRICTED_SCOPE_TO_BPO',
      'RESTRICTED_SCOPE_TO_BPO',
      'INACTIVE_VENDOR',
    ]);
  });

  it('refuses duplicate rule ids and match conditions that list nothing', () => {
    const { errors } = validate([
      catchAll,
      ruleOf('catch-all', { match: { channel: [] }, targets: [{ vendorId: 'a', weight: 1 }] }),
    ]);
    expect(codes(errors)).toContain('DUPLICATE_RULE_ID');
    expect(codes(errors)).toContain('EMPTY_MATCH');
  });
});
