// Small builders for tests and benches: reference data plus vendors and rules with
// sensible defaults that each test overrides where it matters.
import type {
  CaseAttributes,
  RegionRule,
  Rule,
  Ruleset,
  ScopeCapacity,
  ScopeInfo,
  VendorState,
} from '../types.ts';

export const REGIONS: readonly RegionRule[] = [
  { code: 'IN', requiresUsClearance: false, requiresGdprAgreement: false },
  { code: 'MY', requiresUsClearance: false, requiresGdprAgreement: false },
  { code: 'US', requiresUsClearance: true, requiresGdprAgreement: false },
  { code: 'EU', requiresUsClearance: false, requiresGdprAgreement: true },
];

export const SCOPES: readonly ScopeInfo[] = [
  { code: 'ACCOUNT_ACCESS', sensitivity: 'STANDARD' },
  { code: 'ACCOUNT_SECURITY', sensitivity: 'SENSITIVE' },
  { code: 'MINOR_SAFETY', sensitivity: 'RESTRICTED' },
];

export function caseOf(overrides: Partial<CaseAttributes> = {}): CaseAttributes {
  return {
    region: 'IN',
    scope: 'ACCOUNT_ACCESS',
    channel: 'IN_APP',
    language: 'en',
    priority: 'P3',
    tier: 'T1',
    ...overrides,
  };
}

export function capacityOf(scope: string, overrides: Partial<ScopeCapacity> = {}): ScopeCapacity {
  return {
    scope,
    openCaseCeiling: 1_000,
    dailyIntakeCap: 500,
    openCases: 0,
    intakeToday: 0,
    ...overrides,
  };
}

/**
 * An active vendor certified in English for every reference region and scope, with room,
 * cleared for US data and under a GDPR agreement: tests take away what they test.
 */
export function vendorOf(id: string, overrides: Partial<VendorState> = {}): VendorState {
  return {
    id,
    name: `Vendor ${id}`,
    kind: 'BPO',
    active: true,
    usDataCleared: true,
    gdprAgreement: true,
    certifications: REGIONS.flatMap((r) =>
      SCOPES.map((s) => ({ region: r.code, scope: s.code, languages: ['en'] })),
    ),
    capacity: SCOPES.map((s) => capacityOf(s.code)),
    ...overrides,
  };
}

export function ruleOf(id: string, overrides: Partial<Rule> = {}): Rule {
  return { id, name: `Rule ${id}`, match: {}, targets: [], fallbacks: [], ...overrides };
}

export function rulesetOf(rules: readonly Rule[], version = 1): Ruleset {
  return { id: 'rs-1', version, rules };
}
