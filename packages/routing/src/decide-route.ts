import { compileRuleset, evaluateMatch } from './compile-ruleset.ts';
import type { EligibilityContext } from './eligibility.ts';
import { capacityFor, evaluateVendorEligibility, residencyRequirement } from './eligibility.ts';
import type {
  AllocationCounts,
  AssignedDecision,
  CandidateEvaluation,
  CaseAttributes,
  Decision,
  Explanation,
  RegionRule,
  Rule,
  RuleEvaluation,
  Ruleset,
  ScopeInfo,
  Selection,
  UnroutedReason,
  VendorState,
} from './types.ts';
import { pickWeightedTarget } from './weighted-split.ts';

/** The rule id recorded when a restricted-scope case goes to the in-house team by default. */
export const IN_HOUSE_DEFAULT_RULE_ID = '@in-house-default';

/**
 * Everything a decision depends on. The ruleset and the vendor list are read as snapshots:
 * compiled forms are cached per object, so pass a new ruleset or a new vendor array when rules
 * or vendors change. Capacity figures inside a vendor may be updated in place.
 */
export interface RouteInput {
  caseAttrs: CaseAttributes;
  ruleset: Ruleset;
  vendors: readonly VendorState[];
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  /** Split counters per rule and vendor; see `pickWeightedTarget`. */
  allocation: AllocationCounts;
  /** The decision time, for business hours. The engine never reads the clock. */
  now: Date;
  /** Vendors that must not get the case, e.g. ones that already rejected it. */
  excludeVendorIds?: readonly string[];
}

interface VendorIndex {
  byId: Map<string, VendorState>;
  /** In-house vendors by id, the order the restricted-scope default tries them in. */
  inHouse: readonly VendorState[];
}

// Inputs are treated as immutable, so indexes built from one vendor list are reused for every
// decision that passes the same list; only ids and kinds are indexed, never capacity figures.
const vendorIndexes = new WeakMap<readonly VendorState[], VendorIndex>();

function indexVendors(vendors: readonly VendorState[]): VendorIndex {
  let index = vendorIndexes.get(vendors);
  if (index === undefined) {
    const byId = new Map<string, VendorState>();
    for (const v of vendors) if (!byId.has(v.id)) byId.set(v.id, v);
    const inHouse = [...byId.values()]
      .filter((v) => v.kind === 'IN_HOUSE')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    index = { byId, inHouse };
    vendorIndexes.set(vendors, index);
  }
  return index;
}

function byCode<T extends { code: string }>(list: readonly T[], code: string): T | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.code === code) return list[i];
  return undefined;
}

const NO_EXCLUSIONS: readonly string[] = Object.freeze([]);

/**
 * Decides which vendor gets a case. Rules are tried in order; the first matching rule with an
 * eligible vendor wins: its weighted split over the eligible targets, else its first eligible
 * fallback. Hard constraints (active, data residency, certification, capacity, restricted
 * scopes, caller exclusions, and business hours where the rule asks) apply whatever a rule
 * says. A restricted-scope case no rule could place goes to an eligible in-house vendor.
 * When nothing is eligible the case is UNROUTED, never forced onto an ineligible vendor.
 */
export function decideRoute(input: RouteInput): Decision {
  const { caseAttrs, ruleset } = input;
  const region = byCode(input.regions, caseAttrs.region);
  const scope = byCode(input.scopes, caseAttrs.scope);
  if (region === undefined) {
    return unrouted(input, 'UNKNOWN_REGION', [], undefined);
  }
  if (scope === undefined) {
    return unrouted(input, 'UNKNOWN_SCOPE', [], undefined);
  }

  const vendors = indexVendors(input.vendors);
  const ctx: EligibilityContext = {
    caseAttrs,
    region,
    scope,
    allowRestricted: false,
    requireBusinessHours: false,
    now: input.now,
    excludeVendorIds: input.excludeVendorIds ?? NO_EXCLUSIONS,
  };
  const evaluations: RuleEvaluation[] = [];
  let anyMatched = false;

  const compiled = compileRuleset(ruleset);
  for (let r = 0; r < compiled.length; r++) {
    const rule = compiled[r]!.rule;
    const notMatched = evaluateMatch(compiled[r]!, caseAttrs);
    if (notMatched !== null) {
      evaluations.push(notMatched);
      continue;
    }
    anyMatched = true;
    ctx.allowRestricted = rule.allowRestricted === true;
    ctx.requireBusinessHours = rule.requireBusinessHours === true;

    const candidates: CandidateEvaluation[] = [];
    const eligible: boolean[] = [];
    for (const target of rule.targets) {
      const reasons = evaluateVendorEligibility(
        target.vendorId,
        vendors.byId.get(target.vendorId),
        ctx,
      );
      eligible.push(reasons.length === 0);
      candidates.push({
        vendorId: target.vendorId,
        role: 'TARGET',
        weight: target.weight,
        eligible: reasons.length === 0,
        reasons,
      });
    }
    const picked = pickWeightedTarget(rule.targets, input.allocation[rule.id], eligible);
    if (picked !== null) {
      evaluations.push(selected(rule, candidates));
      return assigned(input, region, vendors, rule.id, picked.vendorId, 'WEIGHTED', evaluations);
    }

    for (const vendorId of rule.fallbacks) {
      const reasons = evaluateVendorEligibility(vendorId, vendors.byId.get(vendorId), ctx);
      const eligible = reasons.length === 0;
      candidates.push({ vendorId, role: 'FALLBACK', eligible, reasons });
      if (eligible) {
        evaluations.push(selected(rule, candidates));
        return assigned(input, region, vendors, rule.id, vendorId, 'FALLBACK', evaluations);
      }
    }
    evaluations.push({
      ruleId: rule.id,
      ruleName: rule.name,
      matched: true,
      mismatch: null,
      candidates,
      outcome: 'NO_ELIGIBLE_VENDOR',
    });
  }

  const reason: UnroutedReason = anyMatched ? 'NO_ELIGIBLE_VENDOR' : 'NO_MATCHING_RULE';
  if (scope.sensitivity !== 'RESTRICTED') return unrouted(input, reason, evaluations, undefined);

  // Restricted scopes belong with the in-house team when no rule placed them.
  ctx.allowRestricted = false;
  ctx.requireBusinessHours = false;
  const candidates: CandidateEvaluation[] = [];
  let best: VendorState | null = null;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const vendor of vendors.inHouse) {
    const reasons = evaluateVendorEligibility(vendor.id, vendor, ctx);
    const eligible = reasons.length === 0;
    candidates.push({ vendorId: vendor.id, role: 'IN_HOUSE_DEFAULT', eligible, reasons });
    if (!eligible) continue;
    // Least loaded team first, so the default does not pile everything on one desk.
    const cap = capacityFor(vendor, caseAttrs.scope)!;
    const load = cap.openCases / cap.openCaseCeiling;
    if (load < bestLoad) {
      best = vendor;
      bestLoad = load;
    }
  }
  if (best === null) return unrouted(input, reason, evaluations, { candidates });
  return assigned(
    input,
    region,
    vendors,
    IN_HOUSE_DEFAULT_RULE_ID,
    best.id,
    'IN_HOUSE_DEFAULT',
    evaluations,
    { candidates },
  );
}

function selected(rule: Rule, candidates: CandidateEvaluation[]): RuleEvaluation {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    matched: true,
    mismatch: null,
    candidates,
    outcome: 'SELECTED',
  };
}

function describeCase(c: CaseAttributes): string {
  return `${c.scope} case from ${c.region} (${c.language}, ${c.channel}, ${c.priority}, ${c.tier})`;
}

function assigned(
  input: RouteInput,
  region: RegionRule,
  vendors: VendorIndex,
  ruleId: string,
  vendorId: string,
  selection: Selection,
  rules: RuleEvaluation[],
  inHouseDefault?: { candidates: readonly CandidateEvaluation[] },
): AssignedDecision {
  const vendor = vendors.byId.get(vendorId)!;
  const requirement = residencyRequirement(region);
  const rule = `rule "${rules[rules.length - 1]?.ruleName}" (${ruleId})`;
  const how =
    selection === 'WEIGHTED'
      ? `by the weighted split of ${rule}`
      : selection === 'FALLBACK'
        ? `as a fallback of ${rule}, no weighted target being eligible`
        : 'by default to the in-house team, the scope being restricted and no rule placing it';
  const explanation: Explanation = {
    rulesetId: input.ruleset.id,
    rulesetVersion: input.ruleset.version,
    case: input.caseAttrs,
    rules,
    summary: `${describeCase(input.caseAttrs)} assigned to ${vendor.name} (${vendorId}) ${how}; data residency ${requirement} passed.`,
  };
  if (inHouseDefault !== undefined) explanation.inHouseDefault = inHouseDefault;
  return {
    outcome: 'ASSIGNED',
    vendorId,
    ruleId,
    rulesetId: input.ruleset.id,
    rulesetVersion: input.ruleset.version,
    selection,
    allocationKey: selection === 'WEIGHTED' ? { ruleId, vendorId } : null,
    residencyCheck: {
      region: region.code,
      requirement,
      vendorUsDataCleared: vendor.usDataCleared,
      vendorGdprAgreement: vendor.gdprAgreement,
      passed: true,
    },
    explanation,
  };
}

const UNROUTED_SUMMARY: Record<UnroutedReason, string> = {
  UNKNOWN_REGION: 'its region is not in the reference data, so its data rules cannot be checked',
  UNKNOWN_SCOPE: 'its scope is not in the reference data',
  NO_MATCHING_RULE: 'no rule matches it',
  NO_ELIGIBLE_VENDOR: 'no vendor of any matching rule is eligible',
};

function unrouted(
  input: RouteInput,
  reason: UnroutedReason,
  rules: RuleEvaluation[],
  inHouseDefault: { candidates: readonly CandidateEvaluation[] } | undefined,
): Decision {
  const explanation: Explanation = {
    rulesetId: input.ruleset.id,
    rulesetVersion: input.ruleset.version,
    case: input.caseAttrs,
    rules,
    summary: `${describeCase(input.caseAttrs)} is unrouted: ${UNROUTED_SUMMARY[reason]}.`,
  };
  if (inHouseDefault !== undefined) explanation.inHouseDefault = inHouseDefault;
  return {
    outcome: 'UNROUTED',
    reason,
    rulesetId: input.ruleset.id,
    rulesetVersion: input.ruleset.version,
    explanation,
  };
}
