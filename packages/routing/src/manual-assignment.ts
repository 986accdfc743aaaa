// Ops may place a case on a vendor of their choosing, but only where the rules of the data
// allow it: data residency, restricted scopes and certifications are hard constraints that no
// one overrides; capacity is a commercial limit ops may exceed, saying why.
import { evaluateVendorEligibility, residencyRequirement } from './eligibility.ts';
import { ruleMatches } from './match.ts';
import type {
  CaseAttributes,
  ExclusionReason,
  Explanation,
  RegionRule,
  ResidencyCheck,
  Ruleset,
  ScopeInfo,
  VendorState,
} from './types.ts';

/** The rule id an ops assignment records: no rule chose the vendor. */
export const OPS_ASSIGNMENT_RULE_ID = '@ops-assignment';

/** Reasons ops may override (with a reason of their own); every other reason is hard. */
export const CAPACITY_REASONS: readonly ExclusionReason[] = [
  'NO_CAPACITY_FOR_SCOPE',
  'AT_OPEN_CEILING',
  'AT_DAILY_CAP',
];

export interface ManualAssignmentInput {
  caseAttrs: CaseAttributes;
  vendorId: string;
  /** The published ruleset: a rule that allows restricted scopes for this vendor counts. */
  ruleset: Ruleset;
  vendors: readonly VendorState[];
  regions: readonly RegionRule[];
  scopes: readonly ScopeInfo[];
  now: Date;
  /** Ops accept exceeding the vendor's capacity for the scope. */
  overrideCapacity: boolean;
}

export type ManualAssignmentCheck =
  | {
      allowed: true;
      /** Capacity limits the assignment exceeds (empty when the vendor has room). */
      overridden: readonly ExclusionReason[];
      residencyCheck: ResidencyCheck;
      explanation: Explanation;
    }
  | {
      allowed: false;
      /** Reasons no one may override. */
      hard: readonly ExclusionReason[];
      /** Capacity reasons that would need `overrideCapacity`. */
      capacity: readonly ExclusionReason[];
    };

/**
 * Whether ops may assign the case to the vendor. The vendor is checked with the same hard
 * constraints the router applies; a restricted scope goes to a BPO only where a published rule
 * matching the case allows restricted scopes and names that vendor.
 */
export function checkManualAssignment(input: ManualAssignmentInput): ManualAssignmentCheck {
  const region = input.regions.find((r) => r.code === input.caseAttrs.region);
  const scope = input.scopes.find((s) => s.code === input.caseAttrs.scope);
  const vendor = input.vendors.find((v) => v.id === input.vendorId);
  if (region === undefined || scope === undefined) {
    // Without the region's data rules nothing can be shown to be allowed.
    return {
      allowed: false,
      hard: [vendor ? 'NOT_CERTIFIED_REGION' : 'UNKNOWN_VENDOR'],
      capacity: [],
    };
  }
  const allowRestricted = input.ruleset.rules.some(
    (rule) =>
      rule.allowRestricted === true &&
      ruleMatches(rule.match, input.caseAttrs) &&
      (rule.targets.some((t) => t.vendorId === input.vendorId) ||
        rule.fallbacks.includes(input.vendorId)),
  );
  const reasons = evaluateVendorEligibility(input.vendorId, vendor, {
    caseAttrs: input.caseAttrs,
    region,
    scope,
    allowRestricted,
    requireBusinessHours: false,
    now: input.now,
    excludeVendorIds: [],
  });
  const capacity = reasons.filter((r) => CAPACITY_REASONS.includes(r));
  const hard = reasons.filter((r) => !CAPACITY_REASONS.includes(r));
  if (vendor === undefined || hard.length > 0 || (capacity.length > 0 && !input.overrideCapacity)) {
    return { allowed: false, hard, capacity };
  }
  const requirement = residencyRequirement(region);
  const c = input.caseAttrs;
  const over = capacity.length > 0 ? `; capacity exceeded by ops (${capacity.join(', ')})` : '';
  return {
    allowed: true,
    overridden: capacity,
    residencyCheck: {
      region: region.code,
      requirement,
      vendorUsDataCleared: vendor.usDataCleared,
      vendorGdprAgreement: vendor.gdprAgreement,
      passed: true,
    },
    explanation: {
      rulesetId: input.ruleset.id,
      rulesetVersion: input.ruleset.version,
      case: c,
      rules: [],
      manual: {
        candidates: [
          { vendorId: vendor.id, role: 'OPS_CHOICE', eligible: true, reasons: capacity },
        ],
      },
      summary: `${c.scope} case from ${c.region} (${c.language}, ${c.channel}, ${c.priority}, ${c.tier}) assigned to ${vendor.name} (${vendor.id}) by ops; data residency ${requirement} passed${over}.`,
    },
  };
}
