// Input and output shapes of the routing engine. Everything here is plain data so the
// caller can load it from Postgres/Redis and store decisions as JSON.
import type { BusinessHours } from '@bvg/calendar';

export type { BusinessHours };

export type Channel = 'IN_APP' | 'WEBFORM' | 'EMAIL' | 'APPEAL' | 'INTERNAL_FORM';
/** P1 is the most urgent. */
export type CasePriority = 'P1' | 'P2' | 'P3' | 'P4';
export type Tier = 'T1' | 'T2';

export interface CaseAttributes {
  region: string;
  scope: string;
  channel: Channel;
  /** BCP 47 tag such as `en` or `pt-BR`. */
  language: string;
  priority: CasePriority;
  tier: Tier;
}

/** Reference data: a region and its data-residency rules. */
export interface RegionRule {
  code: string;
  requiresUsClearance: boolean;
  requiresGdprAgreement: boolean;
}

/** RESTRICTED is minor safety: in-house only unless a rule explicitly allows a certified vendor. */
export type ScopeSensitivity = 'STANDARD' | 'SENSITIVE' | 'RESTRICTED';

export interface ScopeInfo {
  code: string;
  sensitivity: ScopeSensitivity;
}

/**
 * A vendor is certified to handle `scope` for users of `region` in any of `languages`.
 * A certification for `en` also covers `en-GB`, `en-US`, …; one for `en-GB` covers only `en-GB`.
 */
export interface Certification {
  region: string;
  scope: string;
  languages: readonly string[];
}

/** Contracted capacity and current use for one scope. */
export interface ScopeCapacity {
  scope: string;
  openCaseCeiling: number;
  dailyIntakeCap: number;
  openCases: number;
  intakeToday: number;
}

export type VendorKind = 'BPO' | 'IN_HOUSE';

export interface VendorState {
  id: string;
  name: string;
  kind: VendorKind;
  active: boolean;
  usDataCleared: boolean;
  gdprAgreement: boolean;
  certifications: readonly Certification[];
  capacity: readonly ScopeCapacity[];
  /** Absent means the vendor works around the clock. */
  businessHours?: BusinessHours;
  /** Local dates (`YYYY-MM-DD`, in the business-hours time zone) when the vendor is closed. */
  holidays?: readonly string[];
}

/**
 * Case attributes a rule can match on. Adding an attribute to `CaseAttributes` and to this
 * list is all it takes for rules to match on it.
 */
export const MATCH_ATTRIBUTES = [
  'region',
  'scope',
  'channel',
  'language',
  'priority',
  'tier',
] as const;
export type MatchAttribute = (typeof MATCH_ATTRIBUTES)[number];

/** A missing attribute matches any value; a listed one matches any of its values. */
export type RuleMatch = { readonly [K in MatchAttribute]?: readonly CaseAttributes[K][] };

export interface RuleTarget {
  vendorId: string;
  /** Positive integer; shares are weight / sum of weights of the eligible targets. */
  weight: number;
}

export interface Rule {
  id: string;
  name: string;
  match: RuleMatch;
  targets: readonly RuleTarget[];
  /** Tried in order when no weighted target is eligible. */
  fallbacks: readonly string[];
  /** Lets this rule send restricted scopes (minor safety) to BPO vendors certified for them. */
  allowRestricted?: boolean;
  /** Only vendors inside their business hours are eligible under this rule. */
  requireBusinessHours?: boolean;
}

/** An ordered list of rules: the first matching rule with an eligible vendor wins. */
export interface Ruleset {
  id: string;
  version: number;
  rules: readonly Rule[];
}

/**
 * Cases already assigned per rule and vendor by the weighted split:
 * `allocation[ruleId][vendorId]`. The caller keeps these counters in Postgres or Redis.
 */
export type AllocationCounts = {
  readonly [ruleId: string]: { readonly [vendorId: string]: number } | undefined;
};

export type ExclusionReason =
  | 'UNKNOWN_VENDOR'
  | 'EXCLUDED_BY_CALLER'
  | 'INACTIVE'
  | 'RESTRICTED_SCOPE'
  | 'NOT_US_CLEARED'
  | 'NO_GDPR_AGREEMENT'
  | 'NOT_CERTIFIED_SCOPE'
  | 'NOT_CERTIFIED_REGION'
  | 'NOT_CERTIFIED_LANGUAGE'
  | 'NO_CAPACITY_FOR_SCOPE'
  | 'AT_OPEN_CEILING'
  | 'AT_DAILY_CAP'
  | 'OUTSIDE_BUSINESS_HOURS';

/** OPS_CHOICE: the vendor ops chose when assigning the case by hand. */
export type CandidateRole = 'TARGET' | 'FALLBACK' | 'IN_HOUSE_DEFAULT' | 'OPS_CHOICE';

export interface CandidateEvaluation {
  vendorId: string;
  role: CandidateRole;
  /** Weight in the rule, for targets. */
  weight?: number;
  eligible: boolean;
  /** Every reason the vendor was excluded; empty when eligible. */
  reasons: readonly ExclusionReason[];
}

export interface AttributeMismatch {
  attribute: MatchAttribute;
  expected: readonly string[];
  actual: string;
}

export type RuleOutcome = 'NOT_MATCHED' | 'NO_ELIGIBLE_VENDOR' | 'SELECTED';

export interface RuleEvaluation {
  ruleId: string;
  ruleName: string;
  matched: boolean;
  /**
   * Why the rule did not match: the first attribute, in `MATCH_ATTRIBUTES` order, on which the
   * case falls outside it (`matchMismatches` lists them all). Null when it matched.
   */
  mismatch: AttributeMismatch | null;
  /** Targets and fallbacks looked at, in the order they were considered. */
  candidates: readonly CandidateEvaluation[];
  outcome: RuleOutcome;
}

export interface Explanation {
  rulesetId: string;
  rulesetVersion: number;
  case: CaseAttributes;
  /** Rules in the order evaluated; evaluation stops at the selected rule. */
  rules: readonly RuleEvaluation[];
  /** The in-house fallback for restricted scopes, when it was reached. */
  inHouseDefault?: { candidates: readonly CandidateEvaluation[] };
  /** Ops chose the vendor by hand; its candidate lists the capacity limits they overrode. */
  manual?: { candidates: readonly CandidateEvaluation[] };
  /** One sentence for an ops person. */
  summary: string;
}

export type ResidencyRequirement =
  | 'NONE'
  | 'US_CLEARANCE'
  | 'GDPR_AGREEMENT'
  | 'US_CLEARANCE_AND_GDPR_AGREEMENT';

/** Recorded with every assignment so an auditor can prove the data-residency check. */
export interface ResidencyCheck {
  region: string;
  requirement: ResidencyRequirement;
  vendorUsDataCleared: boolean;
  vendorGdprAgreement: boolean;
  passed: true;
}

/** How the vendor was chosen within the rule; OPS_ASSIGNED: chosen by ops, not by a rule. */
export type Selection = 'WEIGHTED' | 'FALLBACK' | 'IN_HOUSE_DEFAULT' | 'OPS_ASSIGNED';

export interface AssignedDecision {
  outcome: 'ASSIGNED';
  vendorId: string;
  /** The matching rule, or `IN_HOUSE_DEFAULT_RULE_ID` for the restricted-scope default. */
  ruleId: string;
  rulesetId: string;
  rulesetVersion: number;
  selection: Selection;
  /**
   * The split counter to increment, atomically, when the caller commits this decision
   * (`allocation[ruleId][vendorId] += 1`). Null when the split was not used.
   */
  allocationKey: { ruleId: string; vendorId: string } | null;
  residencyCheck: ResidencyCheck;
  explanation: Explanation;
}

export type UnroutedReason =
  | 'UNKNOWN_REGION'
  | 'UNKNOWN_SCOPE'
  | 'NO_MATCHING_RULE'
  | 'NO_ELIGIBLE_VENDOR';

export interface UnroutedDecision {
  outcome: 'UNROUTED';
  reason: UnroutedReason;
  rulesetId: string;
  rulesetVersion: number;
  explanation: Explanation;
}

export type Decision = AssignedDecision | UnroutedDecision;
