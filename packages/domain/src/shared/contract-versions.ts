// Effective dating of contracts: every reader (routing's due times, redaction, scorecards, the
// sandbox copy) picks a vendor's terms with this one rule.

export interface EffectivePeriod {
  effectiveFrom: Date;
  /** The next version's start or the instant the contract ended; null while nothing follows. */
  effectiveTo: Date | null;
}

/** Whether a version is in force at `at` (its period is half-open: [from, to)). */
export const inForceAt = (v: EffectivePeriod, at: Date): boolean =>
  v.effectiveFrom.getTime() <= at.getTime() &&
  (v.effectiveTo === null || at.getTime() < v.effectiveTo.getTime());

/** The version in force at `at` among a vendor's versions (the latest started, if several). */
export function versionInForce<T extends EffectivePeriod>(
  versions: readonly T[],
  at: Date,
): T | undefined {
  let found: T | undefined;
  for (const v of versions) {
    if (inForceAt(v, at) && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  }
  return found;
}

/**
 * The versions in force during [start, end), each with the part of the span it governs, in
 * time order: a month split by an amendment gives each version its own days.
 */
export function versionsOver<T extends EffectivePeriod>(
  versions: readonly T[],
  start: Date,
  end: Date,
): { version: T; from: Date; to: Date }[] {
  const out: { version: T; from: Date; to: Date }[] = [];
  for (const v of [...versions].sort((a, b) => +a.effectiveFrom - +b.effectiveFrom)) {
    const from = Math.max(v.effectiveFrom.getTime(), start.getTime());
    const to = Math.min(v.effectiveTo?.getTime() ?? Number.POSITIVE_INFINITY, end.getTime());
    if (from < to) out.push({ version: v, from: new Date(from), to: new Date(to) });
  }
  return out;
}
