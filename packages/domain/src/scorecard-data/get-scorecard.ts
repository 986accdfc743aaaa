import type { TenantTx } from '@bvg/db';
import {
  type CaseFact,
  type ContractTerms,
  computeScorecard,
  type GroupDimension,
  type KpiKey,
  kpiDefinition,
  type Period,
  type Scorecard,
  type ScorecardTotals,
  scorecardToCsv,
  scorecardTotals,
  serviceCreditsToCsv,
  toCsv,
} from '@bvg/scorecards';
import { OPS_DESK_SLUG } from '../alerts/index.ts';
import { DomainError, type Problem } from '../shared/domain-error.ts';
import { loadCaseFacts } from './load-case-facts.ts';
import { loadContractTerms } from './load-contract-terms.ts';
import { previousPeriod, scorecardFromRollups } from './scorecard-from-rollups.ts';

/** EXACT: from the case events, every figure with its cases. ROLLUP: from the stored cells, fast. */
export type ScorecardSource = 'EXACT' | 'ROLLUP';

export interface GetScorecardInput {
  vendorId: string;
  period: Period;
  groupBy?: readonly GroupDimension[];
  source?: ScorecardSource;
  /** For the rollup path's live backlog; defaults to the current time. */
  now?: Date;
}

/** The period's contract terms when the caller has read them already (`loadPeriodContract`). */
export interface KnownTerms {
  contract?: ContractTerms;
}

export interface VendorScorecard extends Scorecard {
  source: ScorecardSource;
  vendorName: string;
}

const MAX_PERIOD_DAYS = 400;

export function validatePeriod(period: Period, path = 'period'): void {
  const problems: Problem[] = [];
  if (Number.isNaN(period.start.getTime()))
    problems.push({ path: `${path}.start`, message: 'is not a date' });
  if (Number.isNaN(period.end.getTime()))
    problems.push({ path: `${path}.end`, message: 'is not a date' });
  if (problems.length === 0) {
    if (period.end.getTime() <= period.start.getTime()) {
      problems.push({ path: `${path}.end`, message: 'must be after the start' });
    } else if (period.end.getTime() - period.start.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
      problems.push({ path: path, message: `may span at most ${MAX_PERIOD_DAYS} days` });
    }
  }
  if (problems.length > 0)
    throw new DomainError('VALIDATION', 'The period is not valid', { problems });
}

async function requireVendor(tx: TenantTx, vendorId: string) {
  const vendor = await tx.vendor.findUnique({
    where: { id: vendorId },
    select: { id: true, name: true, sandboxOfId: true },
  });
  if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
  return vendor;
}

interface ExactResult {
  scorecard: Scorecard;
  facts: CaseFact[];
}

/** A sandbox tenant's scorecard counts its synthetic cases only; every other one, real ones. */
async function exactScorecard(
  tx: TenantTx,
  input: GetScorecardInput,
  sandbox: boolean,
  known: KnownTerms = {},
): Promise<ExactResult> {
  const { vendorId, period } = input;
  const groupBy = input.groupBy ?? [];
  const previous = previousPeriod(period);
  const [contract, previousContract, facts, previousFacts] = [
    known.contract ?? (await loadContractTerms(tx, vendorId, period)),
    await loadContractTerms(tx, vendorId, previous),
    await loadCaseFacts(tx, { vendorId, period, sandbox }),
    await loadCaseFacts(tx, { vendorId, period: previous, sandbox }),
  ];
  const before = computeScorecard({
    facts: previousFacts,
    contract: previousContract,
    period: previous,
    groupBy: groupBy.filter((d) => d !== 'WEEK'),
  });
  const previousRows = new Map<string, ScorecardTotals>(
    before.rows.map((r) => [r.key, scorecardTotals(r)]),
  );
  const scorecard = computeScorecard({
    facts,
    contract,
    period,
    groupBy,
    previous: scorecardTotals(before.totals),
    previousRows,
    ...(before.serviceCredits && { previousCredits: before.serviceCredits }),
  });
  return { scorecard, facts };
}

/**
 * A vendor's scorecard for a period: every KPI against its contract target, the trend against
 * the previous period of the same length, the service credits with their arithmetic, and (on
 * the exact path) the cases behind every figure.
 */
export async function getScorecard(
  tx: TenantTx,
  input: GetScorecardInput,
  known: KnownTerms = {},
): Promise<VendorScorecard> {
  validatePeriod(input.period);
  const vendor = await requireVendor(tx, input.vendorId);
  const sandbox = vendor.sandboxOfId !== null;
  // Rollups hold real cases only: a sandbox tenant's scorecard is always computed exactly.
  const source = sandbox ? 'EXACT' : (input.source ?? 'EXACT');
  if (source === 'ROLLUP') {
    const scorecard = await scorecardFromRollups(tx, {
      vendorId: input.vendorId,
      period: input.period,
      groupBy: input.groupBy ?? [],
      contract: known.contract ?? (await loadContractTerms(tx, input.vendorId, input.period)),
      previousContract: await loadContractTerms(tx, input.vendorId, previousPeriod(input.period)),
      ...(input.now && { now: input.now }),
    });
    return { ...scorecard, source, vendorName: vendor.name };
  }
  const { scorecard } = await exactScorecard(tx, input, sandbox, known);
  return { ...scorecard, source, vendorName: vendor.name };
}

/**
 * Every vendor's scorecard for the period, for comparing them side by side (a paused or
 * draining vendor's period still counts; the operations desk takes no cases and is left out,
 * and so are sandbox tenants: their synthetic work is no performance).
 */
export async function getScorecards(
  tx: TenantTx,
  input: {
    period: Period;
    groupBy?: readonly GroupDimension[];
    source?: ScorecardSource;
    now?: Date;
  },
): Promise<VendorScorecard[]> {
  validatePeriod(input.period);
  const vendors = await tx.vendor.findMany({
    where: { sandboxOfId: null, slug: { not: OPS_DESK_SLUG } },
    orderBy: { slug: 'asc' },
    select: { id: true },
  });
  const out: VendorScorecard[] = [];
  for (const v of vendors) out.push(await getScorecard(tx, { ...input, vendorId: v.id }));
  return out;
}

/** The scorecard as CSV (a row per group × KPI, totals last). */
export async function scorecardCsv(tx: TenantTx, input: GetScorecardInput): Promise<string> {
  return scorecardToCsv(await getScorecard(tx, input));
}

/** The service-credit lines, earn-back and net as CSV, each with its arithmetic. */
export async function serviceCreditsCsv(tx: TenantTx, input: GetScorecardInput): Promise<string> {
  const scorecard = await getScorecard(tx, input);
  if (!scorecard.serviceCredits)
    return toCsv([['line', 'kpi', 'amount', 'charged', 'explanation']]);
  return serviceCreditsToCsv(scorecard.serviceCredits);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const CASE_HEADER = [
  'case_id',
  'vendor_id',
  'scope',
  'region',
  'priority',
  'status',
  'counted',
  'created_at',
  'assigned_at',
  'first_response_due_at',
  'first_response_at',
  'resolution_due_at',
  'resolved_at',
  'rejected',
  'escalated',
  'reopened',
  'first_contact_resolution',
  'handle_seconds',
  'csat',
  'qa_scores',
] as const;

/**
 * The cases behind one figure of a scorecard row, as CSV, for a dispute: the figure's
 * population with a `counted` column for its numerator. Only operational fields: no subject
 * data, no free text (PII stays out of exports).
 */
export async function figureCasesCsv(
  tx: TenantTx,
  input: GetScorecardInput & { kpi: KpiKey; rowKey?: string },
): Promise<string> {
  validatePeriod(input.period);
  kpiDefinition(input.kpi);
  const vendor = await requireVendor(tx, input.vendorId);
  const { scorecard, facts } = await exactScorecard(
    tx,
    { ...input, source: 'EXACT' },
    vendor.sandboxOfId !== null,
  );
  const key = input.rowKey ?? 'TOTAL';
  const row = key === 'TOTAL' ? scorecard.totals : scorecard.rows.find((r) => r.key === key);
  if (!row) {
    throw new DomainError('VALIDATION', 'No such scorecard row', {
      problems: [{ path: 'rowKey', message: `no row ${key} in this scorecard` }],
    });
  }
  const evidence = row.kpis[input.kpi].evidence;
  const counted = new Set(evidence.numeratorCaseIds ?? []);
  const byId = new Map(facts.map((f) => [f.caseId, f]));
  const records = [[...CASE_HEADER] as (string | number | null)[]];
  for (const id of evidence.caseIds) {
    const f = byId.get(id);
    if (!f) continue;
    records.push([
      f.caseId,
      f.vendorId,
      f.scope,
      f.region,
      f.priority,
      f.status,
      evidence.numeratorCaseIds ? (counted.has(id) ? 'yes' : 'no') : 'yes',
      iso(f.createdAt),
      iso(f.assignedAt),
      f.firstResponseDueAt.getUTCFullYear() < 9999 ? iso(f.firstResponseDueAt) : null,
      iso(f.firstResponseAt),
      f.resolutionDueAt.getUTCFullYear() < 9999 ? iso(f.resolutionDueAt) : null,
      iso(f.resolvedAt),
      f.rejectedByVendor ? 'yes' : 'no',
      f.escalated ? 'yes' : 'no',
      f.reopened ? 'yes' : 'no',
      f.firstContactResolution == null ? null : f.firstContactResolution ? 'yes' : 'no',
      f.handleSeconds ?? null,
      f.csat ?? null,
      f.qa.map((q) => `${q.evaluatorKind}:${q.score}${q.criticalError ? '!' : ''}`).join(' '),
    ]);
  }
  return toCsv(records);
}
