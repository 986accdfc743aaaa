// Why a case is at risk: which SLA clock is due soon or already past due. Computed from the
// due times the API gives on each case; paused clocks (waiting on the user) are not listed by
// the query, so every clock here is running.

export type ClockedCase = {
  firstResponseDueAt?: string | null;
  firstResponseAt?: string | null;
  resolutionDueAt?: string | null;
  resolvedAt?: string | null;
};

export type RiskReason = {
  clock: 'first response' | 'resolution';
  state: 'breached' | 'due soon';
  dueAt: string;
};

/** The clocks of a case that are due within the window or already breached, soonest first. */
export function riskReasons(c: ClockedCase, now: Date, windowMinutes: number): RiskReason[] {
  const horizon = now.getTime() + windowMinutes * 60_000;
  const reasons: RiskReason[] = [];
  const consider = (clock: RiskReason['clock'], dueAt?: string | null, met?: string | null) => {
    if (!dueAt || met) return;
    const due = new Date(dueAt).getTime();
    if (Number.isNaN(due) || due > horizon) return;
    reasons.push({ clock, state: due <= now.getTime() ? 'breached' : 'due soon', dueAt });
  };
  consider('first response', c.firstResponseDueAt, c.firstResponseAt);
  consider('resolution', c.resolutionDueAt, c.resolvedAt);
  return reasons.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** The cases with at least one reason, the most urgent (earliest due) first. */
export function atRiskCases<C extends ClockedCase>(
  cases: readonly C[],
  now: Date,
  windowMinutes: number,
): { case: C; reasons: RiskReason[] }[] {
  return cases
    .map((c) => ({ case: c, reasons: riskReasons(c, now, windowMinutes) }))
    .filter((x) => x.reasons.length > 0)
    .sort((a, b) => (a.reasons[0]?.dueAt ?? '').localeCompare(b.reasons[0]?.dueAt ?? ''));
}

/** The query's `dueBefore`, rounded up to the minute so the request stays the same between renders. */
export function dueHorizon(now: Date, windowMinutes: number): string {
  const ms = now.getTime() + windowMinutes * 60_000;
  return new Date(Math.ceil(ms / 60_000) * 60_000).toISOString();
}
