// What an UNROUTED case records about why, and when it is tried again.
import type { ExclusionReason, Explanation, VendorState } from '@bvg/routing';

/** First automatic retry of an unrouted case after this long; doubling per attempt. */
export const UNROUTED_RETRY_BASE_MS = 60_000;
/** Retries are never further apart than this. */
export const UNROUTED_RETRY_MAX_MS = 60 * 60_000;

/** Delay before the next automatic retry of a case routed `attempt` times (1-based). */
export function unroutedRetryDelayMs(attempt: number): number {
  const doublings = Math.max(0, Math.min(attempt - 1, 20));
  return Math.min(UNROUTED_RETRY_MAX_MS, UNROUTED_RETRY_BASE_MS * 2 ** doublings);
}

/** One vendor a decision looked at and could not use, and every reason why. */
export interface UnroutedExclusion {
  vendorId: string;
  vendorName: string | null;
  /** The rule that named the vendor; null for the restricted-scope in-house default. */
  ruleId: string | null;
  ruleName: string | null;
  role: string;
  reasons: ExclusionReason[];
}

/** Every excluded candidate of an unrouted decision, rule by rule, then the in-house default. */
export function unroutedExclusions(
  explanation: Explanation,
  vendors: readonly Pick<VendorState, 'id' | 'name'>[],
): UnroutedExclusion[] {
  const names = new Map(vendors.map((v) => [v.id, v.name]));
  const out: UnroutedExclusion[] = [];
  for (const rule of explanation.rules) {
    for (const c of rule.candidates) {
      if (c.eligible) continue;
      out.push({
        vendorId: c.vendorId,
        vendorName: names.get(c.vendorId) ?? null,
        ruleId: rule.ruleId,
        ruleName: rule.ruleName,
        role: c.role,
        reasons: [...c.reasons],
      });
    }
  }
  for (const c of explanation.inHouseDefault?.candidates ?? []) {
    if (c.eligible) continue;
    out.push({
      vendorId: c.vendorId,
      vendorName: names.get(c.vendorId) ?? null,
      ruleId: null,
      ruleName: null,
      role: c.role,
      reasons: [...c.reasons],
    });
  }
  return out;
}
