import { languageCovers } from './eligibility.ts';
import type {
  MatchAttribute,
  RegionRule,
  Rule,
  RuleMatch,
  Ruleset,
  ScopeInfo,
  VendorState,
} from './types.ts';
import { MATCH_ATTRIBUTES } from './types.ts';

export type ProblemCode =
  // errors: publishing is refused
  | 'DUPLICATE_RULE_ID'
  | 'EMPTY_TARGETS'
  | 'INVALID_WEIGHT'
  | 'DUPLICATE_TARGET'
  | 'UNKNOWN_VENDOR'
  | 'UNKNOWN_REGION'
  | 'UNKNOWN_SCOPE'
  | 'EMPTY_MATCH'
  | 'UNREACHABLE_RULE'
  | 'VENDOR_NOT_CERTIFIED'
  | 'VENDOR_NOT_CLEARED'
  | 'UNCOVERED_REGION_SCOPE'
  // warnings: worth a look, publishing goes ahead
  | 'PARTIALLY_COVERED_REGION_SCOPE'
  | 'CAPACITY_BELOW_EXPECTED_VOLUME'
  | 'INACTIVE_VENDOR'
  | 'DUPLICATE_FALLBACK'
  | 'FALLBACK_ALSO_TARGET'
  | 'RESTRICTED_SCOPE_TO_BPO';

export interface Problem {
  code: ProblemCode;
  ruleId?: string;
  vendorId?: string;
  region?: string;
  scope?: string;
  message: string;
}

export interface ValidationResult {
  errors: Problem[];
  warnings: Problem[];
}

/** Expected intake for one region × scope, for capacity warnings. */
export interface ExpectedVolume {
  region: string;
  scope: string;
  casesPerDay: number;
}

export interface ValidationContext {
  vendors: readonly VendorState[];
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  expectedDailyVolume?: readonly ExpectedVolume[];
}

const fmt = new Intl.NumberFormat('en-US');
const ruleLabel = (rule: Rule) => `Rule "${rule.name}" (${rule.id})`;
const vendorLabel = (vendor: VendorState) => `vendor "${vendor.name}" (${vendor.id})`;
const list = (values: readonly string[]) => values.join(', ');

/** Whether every case `narrow` matches is also matched by `broad`, attribute by attribute. */
function matchCovers(broad: RuleMatch, narrow: RuleMatch): boolean {
  for (const attribute of MATCH_ATTRIBUTES) {
    const b = broad[attribute] as readonly string[] | undefined;
    if (b === undefined) continue;
    const n = narrow[attribute] as readonly string[] | undefined;
    if (n === undefined || !n.every((value) => b.includes(value))) return false;
  }
  return true;
}

function accepts(match: RuleMatch, attribute: MatchAttribute, value: string): boolean {
  const values = match[attribute] as readonly string[] | undefined;
  return values === undefined || values.includes(value);
}

function ruleVendorIds(rule: Rule): string[] {
  return [...new Set([...rule.targets.map((t) => t.vendorId), ...rule.fallbacks])];
}

/**
 * Checks a ruleset against the reference data and vendors before it is published. Errors
 * make publishing refuse the ruleset; warnings are shown to the operator. Messages are
 * written for the ops person who edits the rules.
 */
export function validateRuleset(ruleset: Ruleset, context: ValidationContext): ValidationResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const vendors = new Map(context.vendors.map((v) => [v.id, v]));
  const regions = new Map(context.regions.map((r) => [r.code, r]));
  const scopes = new Map(context.scopes.map((s) => [s.code, s]));

  const seenIds = new Set<string>();
  for (const rule of ruleset.rules) {
    if (seenIds.has(rule.id)) {
      errors.push({
        code: 'DUPLICATE_RULE_ID',
        ruleId: rule.id,
        message: `${ruleLabel(rule)} uses an id another rule already has; give each rule its own id.`,
      });
    }
    seenIds.add(rule.id);
    checkMatch(rule, regions, scopes, errors);
    checkTargets(rule, vendors, errors, warnings);
    checkVendorsFitRule(rule, vendors, context.regions, scopes, errors, warnings);
  }
  checkReachability(ruleset.rules, vendors, scopes, errors);
  checkCoverage(ruleset.rules, context, errors, warnings);
  if (context.expectedDailyVolume !== undefined) {
    checkCapacity(ruleset.rules, context.expectedDailyVolume, vendors, warnings);
  }
  return { errors, warnings };
}

function checkMatch(
  rule: Rule,
  regions: Map<string, RegionRule>,
  scopes: Map<string, ScopeInfo>,
  errors: Problem[],
): void {
  for (const attribute of MATCH_ATTRIBUTES) {
    const values = rule.match[attribute];
    if (values !== undefined && values.length === 0) {
      errors.push({
        code: 'EMPTY_MATCH',
        ruleId: rule.id,
        message: `${ruleLabel(rule)} lists no ${attribute} values, so it can never match a case; remove the ${attribute} condition to match any ${attribute}.`,
      });
    }
  }
  for (const region of rule.match.region ?? []) {
    if (!regions.has(region)) {
      errors.push({
        code: 'UNKNOWN_REGION',
        ruleId: rule.id,
        region,
        message: `${ruleLabel(rule)} matches region ${region}, which is not in the region reference data.`,
      });
    }
  }
  for (const scope of rule.match.scope ?? []) {
    if (!scopes.has(scope)) {
      errors.push({
        code: 'UNKNOWN_SCOPE',
        ruleId: rule.id,
        scope,
        message: `${ruleLabel(rule)} matches scope ${scope}, which is not in the scope reference data.`,
      });
    }
  }
}

function checkTargets(
  rule: Rule,
  vendors: Map<string, VendorState>,
  errors: Problem[],
  warnings: Problem[],
): void {
  if (rule.targets.length === 0) {
    errors.push({
      code: 'EMPTY_TARGETS',
      ruleId: rule.id,
      message: `${ruleLabel(rule)} has no vendors to split work across; add at least one target with a weight.`,
    });
  }
  const targetIds = new Set<string>();
  for (const target of rule.targets) {
    if (!Number.isSafeInteger(target.weight) || target.weight <= 0) {
      errors.push({
        code: 'INVALID_WEIGHT',
        ruleId: rule.id,
        vendorId: target.vendorId,
        message: `${ruleLabel(rule)} gives vendor ${target.vendorId} a weight of ${target.weight}; weights must be whole numbers above zero (for a 60/40 split use 60 and 40).`,
      });
    }
    if (targetIds.has(target.vendorId)) {
      errors.push({
        code: 'DUPLICATE_TARGET',
        ruleId: rule.id,
        vendorId: target.vendorId,
        message: `${ruleLabel(rule)} lists vendor ${target.vendorId} more than once among its targets; give it one entry with the combined weight.`,
      });
    }
    targetIds.add(target.vendorId);
  }
  const fallbackIds = new Set<string>();
  for (const vendorId of rule.fallbacks) {
    if (fallbackIds.has(vendorId)) {
      warnings.push({
        code: 'DUPLICATE_FALLBACK',
        ruleId: rule.id,
        vendorId,
        message: `${ruleLabel(rule)} lists vendor ${vendorId} more than once among its fallbacks; the repeats are never used.`,
      });
    } else if (targetIds.has(vendorId)) {
      warnings.push({
        code: 'FALLBACK_ALSO_TARGET',
        ruleId: rule.id,
        vendorId,
        message: `${ruleLabel(rule)} lists vendor ${vendorId} as both a target and a fallback; fallbacks are only tried when no target can take the case, so this one never helps.`,
      });
    }
    fallbackIds.add(vendorId);
  }
  for (const vendorId of ruleVendorIds(rule)) {
    const vendor = vendors.get(vendorId);
    if (vendor === undefined) {
      errors.push({
        code: 'UNKNOWN_VENDOR',
        ruleId: rule.id,
        vendorId,
        message: `${ruleLabel(rule)} sends cases to vendor ${vendorId}, which does not exist.`,
      });
    } else if (!vendor.active) {
      warnings.push({
        code: 'INACTIVE_VENDOR',
        ruleId: rule.id,
        vendorId,
        message: `${ruleLabel(rule)} sends cases to ${vendorLabel(vendor)}, which is inactive and will receive nothing until reactivated.`,
      });
    }
  }
}

/** Certification and data-residency checks for what the rule's match says it sends. */
function checkVendorsFitRule(
  rule: Rule,
  vendors: Map<string, VendorState>,
  allRegions: readonly RegionRule[],
  scopes: Map<string, ScopeInfo>,
  errors: Problem[],
  warnings: Problem[],
): void {
  const { region: matchRegions, scope: matchScopes, language: matchLanguages } = rule.match;
  for (const vendorId of ruleVendorIds(rule)) {
    const vendor = vendors.get(vendorId);
    if (vendor === undefined) continue;

    if (matchRegions !== undefined || matchScopes !== undefined || matchLanguages !== undefined) {
      for (const region of matchRegions ?? [undefined]) {
        for (const scope of matchScopes ?? [undefined]) {
          const certs = vendor.certifications.filter(
            (c) =>
              (region === undefined || c.region === region) &&
              (scope === undefined || c.scope === scope),
          );
          const what = `${scope ?? 'any'} cases${region === undefined ? '' : ` from ${region}`}`;
          if (certs.length === 0) {
            errors.push({
              code: 'VENDOR_NOT_CERTIFIED',
              ruleId: rule.id,
              vendorId,
              ...(region === undefined ? {} : { region }),
              ...(scope === undefined ? {} : { scope }),
              message: `${ruleLabel(rule)} sends ${what} to ${vendorLabel(vendor)}, which is not certified for them.`,
            });
            continue;
          }
          const missing = (matchLanguages ?? []).filter(
            (language) => !certs.some((c) => c.languages.some((l) => languageCovers(l, language))),
          );
          if (missing.length > 0) {
            errors.push({
              code: 'VENDOR_NOT_CERTIFIED',
              ruleId: rule.id,
              vendorId,
              ...(region === undefined ? {} : { region }),
              ...(scope === undefined ? {} : { scope }),
              message: `${ruleLabel(rule)} sends ${what} in ${list(missing)} to ${vendorLabel(vendor)}, which is not certified for ${missing.length === 1 ? 'that language' : 'those languages'}.`,
            });
          }
        }
      }
    }

    // Regions whose cases reach this vendor: the rule's regions, or, for a rule open to every
    // region, those the vendor is certified for in the rule's scopes.
    const receives =
      matchRegions ??
      allRegions
        .map((r) => r.code)
        .filter((code) =>
          vendor.certifications.some(
            (c) =>
              c.region === code && (matchScopes === undefined || matchScopes.includes(c.scope)),
          ),
        );
    for (const code of receives) {
      const region = allRegions.find((r) => r.code === code);
      if (region === undefined) continue;
      const missing: string[] = [];
      if (region.requiresUsClearance && !vendor.usDataCleared) missing.push('US data clearance');
      if (region.requiresGdprAgreement && !vendor.gdprAgreement) {
        missing.push('a GDPR processing agreement');
      }
      if (missing.length > 0) {
        errors.push({
          code: 'VENDOR_NOT_CLEARED',
          ruleId: rule.id,
          vendorId,
          region: code,
          message: `${ruleLabel(rule)} would send ${code} cases to ${vendorLabel(vendor)}, which lacks ${missing.join(' and ')}; ${code} data may only go to vendors that have it.`,
        });
      }
    }

    if (vendor.kind === 'BPO' && rule.allowRestricted !== true) {
      const restricted = (matchScopes ?? []).filter(
        (s) => scopes.get(s)?.sensitivity === 'RESTRICTED',
      );
      if (restricted.length > 0) {
        warnings.push({
          code: 'RESTRICTED_SCOPE_TO_BPO',
          ruleId: rule.id,
          vendorId,
          message: `${ruleLabel(rule)} lists ${vendorLabel(vendor)} for restricted ${list(restricted)} cases, which BPO vendors never receive unless the rule explicitly allows restricted scopes.`,
        });
      }
    }
  }
}

function checkReachability(
  rules: readonly Rule[],
  vendors: Map<string, VendorState>,
  scopes: Map<string, ScopeInfo>,
  errors: Problem[],
): void {
  const restrictedScopes = [...scopes.values()]
    .filter((s) => s.sensitivity === 'RESTRICTED')
    .map((s) => s.code);
  for (let j = 0; j < rules.length; j++) {
    const later = rules[j]!;
    const matchesRestricted = restrictedScopes.some((s) => accepts(later.match, 'scope', s));
    for (let i = 0; i < j; i++) {
      const earlier = rules[i]!;
      if (!matchCovers(earlier.match, later.match)) continue;
      // An earlier rule lets cases through when it is limited to business hours, or when it
      // cannot send restricted cases to its BPO vendors.
      if (earlier.requireBusinessHours === true) continue;
      const passesRestricted =
        matchesRestricted &&
        earlier.allowRestricted !== true &&
        ruleVendorIds(earlier).some((id) => vendors.get(id)?.kind !== 'IN_HOUSE');
      if (passesRestricted) continue;
      errors.push({
        code: 'UNREACHABLE_RULE',
        ruleId: later.id,
        message: `${ruleLabel(later)} is unreachable: ${ruleLabel(earlier)} comes first and matches every case it would match. It would only see cases no vendor of the earlier rule can take; move it above, narrow the earlier rule, or list its vendors as fallbacks of the earlier rule.`,
      });
      break;
    }
  }
}

function checkCoverage(
  rules: readonly Rule[],
  context: ValidationContext,
  errors: Problem[],
  warnings: Problem[],
): void {
  const otherAttributes = MATCH_ATTRIBUTES.filter((a) => a !== 'region' && a !== 'scope');
  for (const region of context.regions) {
    for (const scope of context.scopes) {
      const covering = rules.filter(
        (r) => accepts(r.match, 'region', region.code) && accepts(r.match, 'scope', scope.code),
      );
      if (covering.some((r) => otherAttributes.every((a) => r.match[a] === undefined))) continue;
      if (covering.length > 0) {
        const conditions = [
          ...new Set(
            covering.flatMap((r) => otherAttributes.filter((a) => r.match[a] !== undefined)),
          ),
        ];
        warnings.push({
          code: 'PARTIALLY_COVERED_REGION_SCOPE',
          region: region.code,
          scope: scope.code,
          message: `${scope.code} cases from ${region.code} are only covered for some values of ${list(conditions)}; the rest will go to the unrouted queue.`,
        });
        continue;
      }
      const inHouseDefault =
        scope.sensitivity === 'RESTRICTED' &&
        context.vendors.some(
          (v) =>
            v.kind === 'IN_HOUSE' &&
            v.active &&
            v.certifications.some((c) => c.region === region.code && c.scope === scope.code),
        );
      if (inHouseDefault) continue;
      errors.push({
        code: 'UNCOVERED_REGION_SCOPE',
        region: region.code,
        scope: scope.code,
        message: `No rule covers ${scope.code} cases from ${region.code}; every such case would go to the unrouted queue.`,
      });
    }
  }
}

function checkCapacity(
  rules: readonly Rule[],
  expected: readonly ExpectedVolume[],
  vendors: Map<string, VendorState>,
  warnings: Problem[],
): void {
  // Volume lands on the first rule that covers its region × scope.
  const volume = new Map<Rule, Map<string, number>>();
  for (const e of expected) {
    const rule = rules.find(
      (r) => accepts(r.match, 'region', e.region) && accepts(r.match, 'scope', e.scope),
    );
    if (rule === undefined) continue;
    const byScope = volume.get(rule) ?? new Map<string, number>();
    byScope.set(e.scope, (byScope.get(e.scope) ?? 0) + e.casesPerDay);
    volume.set(rule, byScope);
  }
  for (const [rule, byScope] of volume) {
    for (const [scope, cases] of byScope) {
      const ids = ruleVendorIds(rule);
      const capacity = ids.reduce((sum, id) => {
        const vendor = vendors.get(id);
        if (vendor === undefined || !vendor.active) return sum;
        return sum + (vendor.capacity.find((c) => c.scope === scope)?.dailyIntakeCap ?? 0);
      }, 0);
      if (capacity < cases) {
        warnings.push({
          code: 'CAPACITY_BELOW_EXPECTED_VOLUME',
          ruleId: rule.id,
          scope,
          message: `${ruleLabel(rule)} is expected to receive about ${fmt.format(cases)} ${scope} cases a day, but its active vendors (${list(ids)}) can take only ${fmt.format(capacity)} a day together; the rest would overflow to later rules or the unrouted queue.`,
        });
      }
    }
  }
}
