// The pure rules of statements and disputes: which month, which lines, which transitions.
import type { CreditLine, KpiKey, KpiResult, Period } from '@bvg/scorecards';
import type { Problem } from '../shared/domain-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids the API receives as text: anything else names nothing (NOT_FOUND, not a database error). */
export const isUuid = (id: string) => UUID.test(id);

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A billing period is a calendar month in UTC, written YYYY-MM. */
export function monthPeriod(period: string): Period | null {
  const m = MONTH.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
}

export interface CloseStatementInput {
  vendorId: string;
  period: string;
  reason: string;
}

/** Every problem with a request to close a month, at once. */
export function closeStatementProblems(input: CloseStatementInput, now: Date): Problem[] {
  const problems: Problem[] = [];
  if (!input.vendorId) problems.push({ path: 'vendorId', message: 'is required' });
  const period = monthPeriod(input.period);
  if (!period) problems.push({ path: 'period', message: 'must be a month, YYYY-MM' });
  else if (period.end.getTime() > now.getTime()) {
    problems.push({ path: 'period', message: 'has not ended yet: only a past month closes' });
  }
  problems.push(...textProblems('reason', input.reason));
  return problems;
}

const MAX_TEXT = 2_000;

export function textProblems(path: string, text: string | null | undefined): Problem[] {
  if (text == null || text.trim() === '') return [{ path, message: 'is required' }];
  if (text.length > MAX_TEXT) return [{ path, message: `must be at most ${MAX_TEXT} characters` }];
  return [];
}

/** A statement line as stored: the core's credit line with the cases its figure counted. */
export interface StatementLineRow {
  position: number;
  kpi: KpiKey;
  unit: string;
  stepSize: number | null;
  rateBpsPerStep: number | null;
  target: number | null;
  actual: number | null;
  shortfall: number | null;
  steps: number | null;
  appliedBps: number;
  weightPercent: number;
  amountCents: number;
  chargedCents: number;
  explanation: string;
  caseIds: string[];
}

/** The lines of a statement from the credits and the totals row's KPI results (for the cases). */
export function statementLines(
  lines: readonly CreditLine[],
  kpis: Readonly<Record<KpiKey, KpiResult>>,
): StatementLineRow[] {
  return lines.map((l, position) => ({
    position,
    kpi: l.kpi,
    unit: l.unit,
    stepSize: l.stepSize,
    rateBpsPerStep: l.rateBpsPerStep,
    target: l.target,
    actual: l.actual,
    shortfall: l.shortfall,
    steps: l.steps,
    appliedBps: l.appliedBps,
    weightPercent: l.weightPercent,
    amountCents: l.amountCents,
    chargedCents: l.chargedCents,
    explanation: l.explanation,
    caseIds: [...(kpis[l.kpi]?.evidence.caseIds ?? [])],
  }));
}

export type DisputeDecision = 'ACCEPT' | 'ADJUST' | 'REJECT';
export type DisputeStatus = 'OPEN' | 'ACCEPTED' | 'ADJUSTED' | 'REJECTED';

export interface ResolveDisputeInput {
  decision: DisputeDecision;
  amountCents?: number | null;
  note: string;
}

/** Every problem with a decision that needs no data: amount with ADJUST only, a note always. */
export function resolutionProblems(input: ResolveDisputeInput): Problem[] {
  const problems: Problem[] = [];
  if (!['ACCEPT', 'ADJUST', 'REJECT'].includes(input.decision)) {
    problems.push({ path: 'decision', message: 'must be ACCEPT, ADJUST or REJECT' });
  }
  const amount = input.amountCents;
  if (input.decision === 'ADJUST') {
    if (amount == null) {
      problems.push({ path: 'amountCents', message: 'is required to adjust: the new amount' });
    } else if (!Number.isInteger(amount) || amount < 0) {
      problems.push({ path: 'amountCents', message: 'must be a whole number of cents ≥ 0' });
    }
  } else if (amount != null) {
    problems.push({ path: 'amountCents', message: 'is only given to ADJUST' });
  }
  problems.push(...textProblems('note', input.note));
  return problems;
}

/**
 * Where a decision takes an OPEN dispute: the status and what the line charges from then on
 * (nothing once accepted, the new amount when adjusted, unchanged when rejected).
 */
export function resolveDispute(
  status: DisputeStatus,
  input: ResolveDisputeInput,
  chargedCents: number,
): { ok: true; status: DisputeStatus; amountCents: number } | { ok: false; message: string } {
  if (status !== 'OPEN') {
    return { ok: false, message: `The dispute is already ${status}; a decision is final` };
  }
  if (input.decision === 'ACCEPT') return { ok: true, status: 'ACCEPTED', amountCents: 0 };
  if (input.decision === 'REJECT') {
    return { ok: true, status: 'REJECTED', amountCents: chargedCents };
  }
  return { ok: true, status: 'ADJUSTED', amountCents: input.amountCents ?? chargedCents };
}
