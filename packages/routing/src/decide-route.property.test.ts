// Property-based checks: whatever the rules, vendors and case, a decision never breaks a hard
// constraint, and never leaves a case unrouted while an eligible vendor exists. The oracle
// below restates the constraints independently of the engine's own eligibility code.

import { isWithinBusinessHours } from '@bvg/calendar';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRoute, IN_HOUSE_DEFAULT_RULE_ID, type RouteInput } from './decide-route.ts';
import type {
  CaseAttributes,
  RegionRule,
  Rule,
  RuleMatch,
  ScopeInfo,
  VendorState,
} from './types.ts';

const REGION_CODES = ['IN', 'US', 'EU', 'MY'];
const SCOPE_CODES = ['ACCESS', 'SECURITY', 'MINOR_SAFETY'];
const LANGUAGES = ['en', 'en-GB', 'hi', 'ms'];
const CHANNELS = ['IN_APP', 'WEBFORM', 'EMAIL', 'APPEAL', 'INTERNAL_FORM'] as const;
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const TIERS = ['T1', 'T2'] as const;
const VENDOR_IDS = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'];
const TIME_ZONES = ['UTC', 'Asia/Kolkata', 'America/New_York', 'Asia/Kuala_Lumpur', 'Not/AZone'];

const regionsArb = fc.tuple(
  ...REGION_CODES.map((code) =>
    fc.record({
      code: fc.constant(code),
      requiresUsClearance: fc.boolean(),
      requiresGdprAgreement: fc.boolean(),
    }),
  ),
);

const scopesArb = fc.tuple(
  ...SCOPE_CODES.map((code) =>
    fc.record({
      code: fc.constant(code),
      sensitivity: fc.constantFrom(
        'STANDARD' as const,
        'SENSITIVE' as const,
        'RESTRICTED' as const,
      ),
    }),
  ),
);

/** Mostly true, so that a good share of generated cases find an eligible vendor. */
const usuallyTrue = fc.oneof(
  { weight: 4, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

const vendorArb = (id: string): fc.Arbitrary<VendorState> =>
  fc.record(
    {
      id: fc.constant(id),
      name: fc.constant(`Vendor ${id}`),
      kind: fc.constantFrom('BPO' as const, 'IN_HOUSE' as const),
      active: usuallyTrue,
      usDataCleared: usuallyTrue,
      gdprAgreement: usuallyTrue,
      // Per region × scope: usually every language, sometimes a few, sometimes none.
      certifications: fc
        .tuple(
          ...REGION_CODES.flatMap((region) =>
            SCOPE_CODES.map((scope) =>
              fc.oneof(
                {
                  weight: 3,
                  arbitrary: fc.constant({ region, scope, languages: ['en', 'hi', 'ms'] }),
                },
                {
                  weight: 1,
                  arbitrary: fc.record({
                    region: fc.constant(region),
                    scope: fc.constant(scope),
                    languages: fc.subarray(LANGUAGES),
                  }),
                },
                { weight: 1, arbitrary: fc.constant(null) },
              ),
            ),
          ),
        )
        .map((certs) => certs.filter((c) => c !== null)),
      capacity: fc
        .tuple(
          ...SCOPE_CODES.map((scope) =>
            fc.record({
              present: usuallyTrue,
              scope: fc.constant(scope),
              openCaseCeiling: fc.integer({ min: 0, max: 8 }),
              dailyIntakeCap: fc.integer({ min: 0, max: 8 }),
              openCases: fc.integer({ min: 0, max: 2 }),
              intakeToday: fc.integer({ min: 0, max: 2 }),
            }),
          ),
        )
        .map((caps) => caps.filter((c) => c.present).map(({ present: _, ...c }) => c)),
      businessHours: fc.record({
        timeZone: fc.constantFrom(...TIME_ZONES),
        days: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
        openMinute: fc.integer({ min: 0, max: 1439 }),
        closeMinute: fc.integer({ min: 0, max: 1439 }),
      }),
      holidays: fc.subarray(['2025-03-03', '2025-03-04', '2025-03-05']),
    },
    {
      requiredKeys: [
        'id',
        'name',
        'kind',
        'active',
        'usDataCleared',
        'gdprAgreement',
        'certifications',
        'capacity',
      ],
    },
  );

/** Mostly absent (match anything), sometimes a list, rarely an empty list. */
const optionalList = <T>(values: readonly T[]) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.subarray([...values], { minLength: 1 }) },
    { weight: 1, arbitrary: fc.subarray([...values]) },
  );

const matchArb: fc.Arbitrary<RuleMatch> = fc
  .record({
    region: optionalList(REGION_CODES),
    scope: optionalList(SCOPE_CODES),
    channel: optionalList(CHANNELS),
    language: optionalList(LANGUAGES),
    priority: optionalList(PRIORITIES),
    tier: optionalList(TIERS),
  })
  .map(
    (m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as RuleMatch,
  );

const vendorRefArb = fc.constantFrom(...VENDOR_IDS, 'ghost');

const ruleArb = (id: string): fc.Arbitrary<Rule> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Rule ${id}`),
    match: matchArb,
    targets: fc.array(
      fc.record({
        vendorId: vendorRefArb,
        weight: fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 1, max: 100 }) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
          },
        ),
      }),
      { maxLength: 4 },
    ),
    fallbacks: fc.array(vendorRefArb, { maxLength: 3 }),
    allowRestricted: fc.boolean(),
    requireBusinessHours: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
  });

const caseArb: fc.Arbitrary<CaseAttributes> = fc.record({
  region: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...REGION_CODES) },
    { weight: 1, arbitrary: fc.constant('XX') },
  ),
  scope: fc.constantFrom(...SCOPE_CODES),
  channel: fc.constantFrom(...CHANNELS),
  language: fc.constantFrom(...LANGUAGES, 'en-US', 'en', 'en', 'ta'),
  priority: fc.constantFrom(...PRIORITIES),
  tier: fc.constantFrom(...TIERS),
});

const inputArb: fc.Arbitrary<RouteInput> = fc
  .record({
    regions: regionsArb,
    scopes: scopesArb,
    vendors: fc
      .subarray(VENDOR_IDS, { minLength: 3 })
      .chain((ids) => fc.tuple(...ids.map(vendorArb))),
    rules: fc
      .integer({ min: 0, max: 8 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ruleArb(`r${i}`)))),
    caseAttrs: caseArb,
    excludeVendorIds: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.subarray(VENDOR_IDS, { maxLength: 2 }) },
    ),
    counts: fc.dictionary(fc.constantFrom(...VENDOR_IDS), fc.nat(20)),
    now: fc.date({
      min: new Date('2025-03-01T00:00:00Z'),
      max: new Date('2025-03-08T00:00:00Z'),
      noInvalidDate: true,
    }),
  })
  .map(({ regions, scopes, vendors, rules, caseAttrs, excludeVendorIds, counts, now }) => ({
    caseAttrs,
    ruleset: { id: 'rs', version: 1, rules },
    vendors,
    regions,
    scopes,
    allocation: Object.fromEntries(rules.map((r) => [r.id, counts])),
    now,
    excludeVendorIds,
  }));

/** The hard constraints, restated. `rule` is null for the in-house default. */
function eligible(input: RouteInput, vendorId: string, rule: Rule | null): boolean {
  const vendor = input.vendors.find((v) => v.id === vendorId);
  const c = input.caseAttrs;
  const region = input.regions.find((r) => r.code === c.region) as RegionRule;
  const scope = input.scopes.find((s) => s.code === c.scope) as ScopeInfo;
  if (vendor === undefined || !vendor.active) return false;
  if (input.excludeVendorIds?.includes(vendorId)) return false;
  if (region.requiresUsClearance && !vendor.usDataCleared) return false;
  if (region.requiresGdprAgreement && !vendor.gdprAgreement) return false;
  const certified = vendor.certifications.some(
    (cert) =>
      cert.region === c.region &&
      cert.scope === c.scope &&
      cert.languages.some((l) => l === c.language || c.language.startsWith(`${l}-`)),
  );
  if (!certified) return false;
  const cap = vendor.capacity.find((x) => x.scope === c.scope);
  if (
    cap === undefined ||
    cap.openCases >= cap.openCaseCeiling ||
    cap.intakeToday >= cap.dailyIntakeCap
  ) {
    return false;
  }
  if (
    scope.sensitivity === 'RESTRICTED' &&
    vendor.kind !== 'IN_HOUSE' &&
    rule?.allowRestricted !== true
  ) {
    return false;
  }
  if (rule?.requireBusinessHours && vendor.businessHours) {
    try {
      if (!isWithinBusinessHours(vendor.businessHours, vendor.holidays, input.now)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function matches(rule: Rule, c: CaseAttributes): boolean {
  return Object.entries(rule.match).every(([attribute, values]) =>
    (values as string[]).includes(c[attribute as keyof CaseAttributes]),
  );
}

/** Vendors a rule can actually hand a case to: usable-weight targets, then fallbacks. */
function ruleCandidates(rule: Rule): string[] {
  return [
    ...rule.targets.filter((t) => Number.isFinite(t.weight) && t.weight > 0).map((t) => t.vendorId),
    ...rule.fallbacks,
  ];
}

const RUNS = { numRuns: 1_000 };

describe('decideRoute properties', () => {
  it('draws inputs that reach every kind of outcome, so the properties below test something', () => {
    const seen = new Set(
      fc.sample(inputArb, { numRuns: 2_000, seed: 42 }).map((input) => {
        const d = decideRoute(input);
        return d.outcome === 'ASSIGNED' ? d.selection : d.reason;
      }),
    );
    expect([...seen].sort()).toEqual([
      'FALLBACK',
      'IN_HOUSE_DEFAULT',
      'NO_ELIGIBLE_VENDOR',
      'NO_MATCHING_RULE',
      'UNKNOWN_REGION',
      'WEIGHTED',
    ]);
  });

  it('never assigns a case to a vendor that breaks a hard constraint, whatever the rules say', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = decideRoute(input);
        if (decision.outcome !== 'ASSIGNED') return;
        const rule = input.ruleset.rules.find((r) => r.id === decision.ruleId) ?? null;
        if (decision.ruleId === IN_HOUSE_DEFAULT_RULE_ID) {
          expect(input.vendors.find((v) => v.id === decision.vendorId)?.kind).toBe('IN_HOUSE');
        } else {
          expect(rule).not.toBeNull();
          expect(matches(rule!, input.caseAttrs)).toBe(true);
          expect(ruleCandidates(rule!)).toContain(decision.vendorId);
        }
        expect(eligible(input, decision.vendorId, rule)).toBe(true);

        const region = input.regions.find((r) => r.code === input.caseAttrs.region)!;
        const vendor = input.vendors.find((v) => v.id === decision.vendorId)!;
        expect(decision.residencyCheck.region).toBe(region.code);
        if (region.requiresUsClearance) expect(vendor.usDataCleared).toBe(true);
        if (region.requiresGdprAgreement) expect(vendor.gdprAgreement).toBe(true);
      }),
      RUNS,
    );
  });

  it('takes the first matching rule that has an eligible vendor, and leaves a case unrouted only when none has', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = decideRoute(input);
        const c = input.caseAttrs;
        if (!input.regions.some((r) => r.code === c.region)) {
          expect(decision).toMatchObject({ outcome: 'UNROUTED', reason: 'UNKNOWN_REGION' });
          return;
        }
        const firstUsable = input.ruleset.rules.find(
          (rule) =>
            matches(rule, c) && ruleCandidates(rule).some((id) => eligible(input, id, rule)),
        );
        if (firstUsable !== undefined) {
          expect(decision).toMatchObject({ outcome: 'ASSIGNED', ruleId: firstUsable.id });
          return;
        }
        const restricted =
          input.scopes.find((s) => s.code === c.scope)?.sensitivity === 'RESTRICTED';
        const inHouseAvailable =
          restricted &&
          input.vendors.some((v) => v.kind === 'IN_HOUSE' && eligible(input, v.id, null));
        expect(decision.outcome).toBe(inHouseAvailable ? 'ASSIGNED' : 'UNROUTED');
      }),
      RUNS,
    );
  });

  it('explains every rule it evaluated and every candidate it excluded', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const decision = decideRoute(input);
        const { rules } = decision.explanation;
        rules.forEach((evaluation, i) => {
          expect(evaluation.ruleId).toBe(input.ruleset.rules[i]?.id);
          expect(evaluation.matched).toBe(evaluation.mismatch === null);
          if (evaluation.mismatch !== null) {
            const { attribute, expected, actual } = evaluation.mismatch;
            expect(actual).toBe(input.caseAttrs[attribute]);
            expect(expected).not.toContain(actual);
          }
          for (const candidate of evaluation.candidates) {
            expect(candidate.eligible).toBe(candidate.reasons.length === 0);
          }
        });
        if (decision.outcome === 'UNROUTED' && decision.reason !== 'UNKNOWN_REGION') {
          // Nothing was skipped: every rule appears, and no candidate shown is eligible.
          expect(rules).toHaveLength(input.ruleset.rules.length);
          expect(
            rules.flatMap((r) => r.candidates).filter((x) => x.role === 'FALLBACK' && x.eligible),
          ).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('decides the same way for the same input', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(decideRoute(input)).toEqual(decideRoute(structuredClone(input)));
      }),
      { numRuns: 300 },
    );
  });
});
