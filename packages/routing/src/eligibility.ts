import { isWithinBusinessHours } from './business-hours.ts';
import type {
  CaseAttributes,
  ExclusionReason,
  RegionRule,
  ResidencyRequirement,
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
  const add = (reason: ExclusionReason) => {
    if (reasons === null) reasons = [reason];
    else reasons.push(reason);
  };

  if (ctx.excludeVendorIds.length > 0 && ctx.excludeVendorIds.includes(vendorId)) {
    add('EXCLUDED_BY_CALLER');
  }
  if (!vendor.active) add('INACTIVE');
  if (
    ctx.scope.sensitivity === 'RESTRICTED' &&
    vendor.kind !== 'IN_HOUSE' &&
    !ctx.allowRestricted
  ) {
    add('RESTRICTED_SCOPE');
  }
  if (ctx.region.requiresUsClearance && !vendor.usDataCleared) add('NOT_US_CLEARED');
  if (ctx.region.requiresGdprAgreement && !vendor.gdprAgreement) add('NO_GDPR_AGREEMENT');
  const certReason = certificationReason(vendor, ctx.caseAttrs);
  if (certReason !== null) add(certReason);

  const capacity = vendor.capacity.find((c) => c.scope === ctx.caseAttrs.scope);
  if (capacity === undefined) {
    // No contracted capacity for the scope: we cannot show it is under its ceiling.
    add('NO_CAPACITY_FOR_SCOPE');
  } else {
    if (!(capacity.openCases < capacity.openCaseCeiling)) add('AT_OPEN_CEILING');
    if (!(capacity.intakeToday < capacity.dailyIntakeCap)) add('AT_DAILY_CAP');
  }

  if (ctx.requireBusinessHours && vendor.businessHours !== undefined) {
    let open: boolean;
    try {
      open = isWithinBusinessHours(vendor.businessHours, vendor.holidays, ctx.now);
    } catch {
      // An unknown time zone must not route work to a closed site: treat it as closed.
      open = false;
    }
    if (!open) add('OUTSIDE_BUSINESS_HOURS');
  }
  return reasons ?? NO_REASONS;
}
