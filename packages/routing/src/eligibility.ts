import { isWithinBusinessHours } from '@bvg/calendar';
import type {
  CaseAttributes,
  ExclusionReason,
  RegionRule,
  ResidencyRequirement,
  ScopeCapacity,
  ScopeInfo,
  VendorState,
} from './types.ts';

export interface EligibilityContext {
  caseAttrs: CaseAttributes;
  region: RegionRule;
  scope: ScopeInfo;
  /** The rule explicitly allows certified BPO vendors for restricted scopes. */
  allowRestricted: boolean;
  requireBusinessHours: boolean;
  now: Date;
  excludeVendorIds: readonly string[];
}

const NO_REASONS: readonly ExclusionReason[] = Object.freeze([]);

// Most vendors are eligible: allocate a reasons array only for the ones that are not.
function withReason(reasons: ExclusionReason[] | null, reason: ExclusionReason): ExclusionReason[] {
  if (reasons === null) return [reason];
  reasons.push(reason);
  return reasons;
}

export function capacityFor(vendor: VendorState, scope: string): ScopeCapacity | undefined {
  for (let i = 0; i < vendor.capacity.length; i++) {
    const capacity = vendor.capacity[i]!;
    if (capacity.scope === scope) return capacity;
  }
  return undefined;
}

/** A certification for `en` covers `en-GB`; one for `en-GB` covers only `en-GB`. */
export function languageCovers(certified: string, caseLanguage: string): boolean {
  if (certified === caseLanguage) return true;
  return (
    caseLanguage.length > certified.length &&
    caseLanguage.charCodeAt(certified.length) === 45 /* '-' */ &&
    caseLanguage.startsWith(certified)
  );
}

export function residencyRequirement(region: RegionRule): ResidencyRequirement {
  if (region.requiresUsClearance && region.requiresGdprAgreement) {
    return 'US_CLEARANCE_AND_GDPR_AGREEMENT';
  }
  if (region.requiresUsClearance) return 'US_CLEARANCE';
  if (region.requiresGdprAgreement) return 'GDPR_AGREEMENT';
  return 'NONE';
}

function certificationReason(vendor: VendorState, c: CaseAttributes): ExclusionReason | null {
  let scopeSeen = false;
  let regionSeen = false;
  for (const cert of vendor.certifications) {
    if (cert.scope !== c.scope) continue;
    scopeSeen = true;
    if (cert.region !== c.region) continue;
    regionSeen = true;
    for (const language of cert.languages) {
      if (languageCovers(language, c.language)) return null;
    }
  }
  if (!scopeSeen) return 'NOT_CERTIFIED_SCOPE';
  if (!regionSeen) return 'NOT_CERTIFIED_REGION';
  return 'NOT_CERTIFIED_LANGUAGE';
}

/**
 * Every hard-constraint reason that keeps `vendor` from taking the case; empty when it may.
 * These apply whatever a rule says.
 */
export function evaluateVendorEligibility(
  vendorId: string,
  vendor: VendorState | undefined,
  ctx: EligibilityContext,
): readonly ExclusionReason[] {
  if (vendor === undefined) return ['UNKNOWN_VENDOR'];
  let reasons: ExclusionReason[] | null = null;

  if (ctx.excludeVendorIds.length > 0 && ctx.excludeVendorIds.includes(vendorId)) {
    reasons = withReason(reasons, 'EXCLUDED_BY_CALLER');
  }
  if (!vendor.active) reasons = withReason(reasons, 'INACTIVE');
  if (
    ctx.scope.sensitivity === 'RESTRICTED' &&
    vendor.kind !== 'IN_HOUSE' &&
    !ctx.allowRestricted
  ) {
    reasons = withReason(reasons, 'RESTRICTED_SCOPE');
  }
  if (ctx.region.requiresUsClearance && !vendor.usDataCleared)
    reasons = withReason(reasons, 'NOT_US_CLEARED');
  if (ctx.region.requiresGdprAgreement && !vendor.gdprAgreement)
    reasons = withReason(reasons, 'NO_GDPR_AGREEMENT');
  const certReason = certificationReason(vendor, ctx.caseAttrs);
  if (certReason !== null) reasons = withReason(reasons, certReason);

  const capacity = capacityFor(vendor, ctx.caseAttrs.scope);
  if (capacity === undefined) {
    // No contracted capacity for the scope: we cannot show it is under its ceiling.
    reasons = withReason(reasons, 'NO_CAPACITY_FOR_SCOPE');
  } else {
    if (!(capacity.openCases < capacity.openCaseCeiling))
      reasons = withReason(reasons, 'AT_OPEN_CEILING');
    if (!(capacity.intakeToday < capacity.dailyIntakeCap))
      reasons = withReason(reasons, 'AT_DAILY_CAP');
  }

  if (ctx.requireBusinessHours && vendor.businessHours !== undefined) {
    let open: boolean;
    try {
      open = isWithinBusinessHours(vendor.businessHours, vendor.holidays, ctx.now);
    } catch {
      // An unknown time zone must not route work to a closed site: treat it as closed.
      open = false;
    }
    if (!open) reasons = withReason(reasons, 'OUTSIDE_BUSINESS_HOURS');
  }
  return reasons ?? NO_REASONS;
}
