import { type CaseStatus, RESOLVED_STATUSES, statusIn } from '@bvg/case-status';
import { Prisma, type TenantTx } from '@bvg/db';
import type { CaseFact, Period, QaFact } from '@bvg/scorecards';

export interface LoadCaseFactsInput {
  /** One vendor's facts; all vendors when omitted. */
  vendorId?: string;
  /**
   * Facts that can count in this period: an anchor event in it, or open at its end. Omit
   * together with `caseIds` to load every fact of those cases.
   */
  period?: Period;
  /** Only these cases. */
  caseIds?: readonly string[];
  /** Only cases of this scope and/or region (one rollup key). */
  scope?: string;
  region?: string;
  /**
   * Case events up to this instant are known (the facts as observed then). Defaults to the
   * period's end (docs/kpis.md: facts are observed at period end); null = everything known.
   * CSAT and QA count whenever they arrive: surveys and audits follow the resolution they
   * are anchored on, often after the period, and the rollups count them the same way.
   */
  asOf?: Date | null;
  /**
   * Which cases: real ones (the default: rollups, comparisons, every real vendor's figures) or
   * a sandbox tenant's synthetic ones (its own scorecard). The two never mix.
   */
  sandbox?: boolean;
}

/** A due time the clock has not set yet: never inside any period. */
const NEVER = new Date('9999-12-31T00:00:00.000Z');
const FAR_FUTURE = new Date('9999-12-31T00:00:00.000Z');

interface FactRow {
  caseId: string;
  vendorId: string;
  scope: string;
  region: string;
  priority: string;
  createdAt: Date;
  assignedAt: Date;
  acceptedAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  lastResolvedAt: Date | null;
  resolvedData: { handleSeconds?: unknown; firstContactResolution?: unknown } | null;
  closedAt: Date | null;
  rejected: boolean;
  escalated: boolean;
  reopened: boolean;
  statusAt: string | null;
  csat: number | null;
  qa: QaFact[];
  /** [resumedAt ms, paused ms] per PENDING_USER → RESUMED pair. */
  pauses: [number, number][];
}

/**
 * One fact per case × vendor the case was offered to, derived from the append-only case
 * events (docs/kpis.md "Case facts"), with CSAT and QA attached. One SQL statement: the
 * events are aggregated in the database, so only a row per fact crosses the wire.
 *
 * Runs in a vendor's own scope as well as in system scope: cases and events are read through
 * the `CaseHistory*` views, which show a vendor the cases it was offered even after they
 * moved on (a rejection, an escalation), and nothing of any other case.
 */
export async function loadCaseFacts(tx: TenantTx, input: LoadCaseFactsInput): Promise<CaseFact[]> {
  const { period } = input;
  const asOf = input.asOf === undefined ? (period?.end ?? null) : input.asOf;
  const cutoff = asOf ?? FAR_FUTURE;
  const filters: Prisma.Sql[] = [
    Prisma.sql`a."offeredAt" < ${cutoff}`,
    Prisma.sql`c.sandbox = ${input.sandbox === true}`,
  ];
  if (input.vendorId) filters.push(Prisma.sql`a."vendorId" = ${input.vendorId}::uuid`);
  if (input.caseIds) filters.push(Prisma.sql`a."caseId" = ANY(${[...input.caseIds]}::uuid[])`);
  if (input.scope) filters.push(Prisma.sql`c."scopeCode" = ${input.scope}`);
  if (input.region) filters.push(Prisma.sql`c."regionCode" = ${input.region}`);
  if (period) {
    // Every event of a vendor on a case lies between its offer and the case's closing, so
    // this cheap test on the case row keeps all facts that can touch the period.
    // A case escalated to Tier 2 carries due times from before the offer.
    filters.push(Prisma.sql`(a."offeredAt" < ${period.end} OR c."firstResponseDueAt" < ${period.end}
      OR c."resolutionDueAt" < ${period.end})`);
    filters.push(Prisma.sql`(c."closedAt" IS NULL OR c."closedAt" >= ${period.start}
      OR c."firstResponseDueAt" >= ${period.start} OR c."resolutionDueAt" >= ${period.start})`);
  }
  const rows = await tx.$queryRaw<FactRow[]>`
    WITH a AS (
      SELECT DISTINCT ON (a."caseId", a."vendorId")
             a."caseId", a."vendorId", a."offeredAt", a."acceptedAt", a."rejectedAt", a.status
        FROM "Assignment" a JOIN "CaseHistory" c ON c.id = a."caseId"
       WHERE ${Prisma.join(filters, ' AND ')}
       ORDER BY a."caseId", a."vendorId", a.attempt
    ), ev AS (
      -- "IS TRUE" keeps the planner on the caseId index: row-level security hides the
      -- row counts, and a scan by time for every case was measured 50× slower.
      SELECT e."caseId", e."vendorId", e.type, e."toStatus", e."occurredAt", e.id, e.data,
             max(e."occurredAt") FILTER (WHERE e.type = 'PENDING_USER') OVER (
               PARTITION BY e."caseId" ORDER BY e."occurredAt", e.id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "pendingSince"
        FROM "CaseHistoryEvent" e
       WHERE e."caseId" IN (SELECT "caseId" FROM a) AND (e."occurredAt" < ${cutoff}) IS TRUE
    ), f AS (
      SELECT a."caseId", a."vendorId", a."offeredAt", a."acceptedAt",
             min(ev."occurredAt") FILTER (WHERE ev.type = 'RESPONDED' AND ev."vendorId" = a."vendorId") AS "firstResponseAt",
             max(ev."occurredAt") FILTER (WHERE ev.type = 'RESOLVED' AND ev."vendorId" = a."vendorId") AS "lastResolvedAt",
             (array_agg(ev.data ORDER BY ev."occurredAt" DESC, ev.id DESC)
                FILTER (WHERE ev.type = 'RESOLVED' AND ev."vendorId" = a."vendorId"))[1] AS "resolvedData",
             max(ev."occurredAt") FILTER (WHERE ev.type = 'CLOSED') AS "closedAt",
             coalesce(bool_or(ev.type = 'REJECTED' AND ev."vendorId" = a."vendorId"), false)
               OR coalesce(a."rejectedAt" < ${cutoff}, false) AS rejected,
             coalesce(bool_or(ev.type = 'ESCALATED' AND ev."vendorId" = a."vendorId"), false) AS escalated,
             coalesce(bool_or(ev.type = 'REOPENED' AND ev."vendorId" = a."vendorId"), false) AS reopened,
             (array_agg(ev."toStatus"::text ORDER BY ev."occurredAt" DESC, ev.id DESC)
                FILTER (WHERE ev."toStatus" IS NOT NULL))[1] AS "statusAt",
             coalesce(json_agg(json_build_array(extract(epoch FROM ev."occurredAt") * 1000,
                                                extract(epoch FROM ev."occurredAt" - ev."pendingSince") * 1000))
                FILTER (WHERE ev.type = 'RESUMED' AND ev."pendingSince" IS NOT NULL), '[]'::json) AS pauses
        FROM a LEFT JOIN ev ON ev."caseId" = a."caseId"
       GROUP BY a."caseId", a."vendorId", a."offeredAt", a."acceptedAt", a."rejectedAt"
    )
    SELECT f."caseId"::text AS "caseId", f."vendorId"::text AS "vendorId",
           c."scopeCode" AS scope, c."regionCode" AS region, c.priority::text AS priority,
           c."createdAt", f."offeredAt" AS "assignedAt", f."acceptedAt", f."firstResponseAt",
           c."firstResponseDueAt", c."resolutionDueAt", f."lastResolvedAt", f."resolvedData",
           f."closedAt", f.rejected, f.escalated, f.reopened, f."statusAt",
           cs.score AS csat,
           coalesce((SELECT json_agg(json_build_object('score', q.score, 'criticalError', q."criticalError",
                                                       'evaluatorKind', q."evaluatorKind") ORDER BY q.id)
                       FROM "QaEvaluation" q
                      WHERE q."caseId" = f."caseId" AND q."vendorId" = f."vendorId"), '[]'::json) AS qa,
           f.pauses
      FROM f JOIN "CaseHistory" c ON c.id = f."caseId"
      LEFT JOIN "CaseHistoryCsat" cs ON cs."caseId" = f."caseId" AND cs."vendorId" = f."vendorId"
     ORDER BY f."caseId", f."vendorId"`;
  const facts = rows.map(toFact);
  return period ? facts.filter((f) => touches(f, period)) : facts;
}

/** Pauses while the vendor held the case, in total and before its first response. */
function pausesOf(r: FactRow): { pausedMs: number; pausedBeforeFirstResponseMs: number } {
  let pausedMs = 0;
  let before = 0;
  const from = r.assignedAt.getTime();
  const firstResponse = r.firstResponseAt?.getTime() ?? null;
  for (const [resumedAt, ms] of r.pauses) {
    if (resumedAt <= from) continue;
    pausedMs += ms;
    if (firstResponse !== null && resumedAt <= firstResponse) before += ms;
  }
  return { pausedMs: Math.round(pausedMs), pausedBeforeFirstResponseMs: Math.round(before) };
}

function toFact(r: FactRow): CaseFact {
  const data = r.resolvedData ?? {};
  const resolvedAt =
    r.lastResolvedAt && !r.rejected && !r.escalated && statusIn(RESOLVED_STATUSES, r.statusAt)
      ? r.lastResolvedAt
      : null;
  // The vendor's own position: a case it rejected or escalated is no longer its work.
  const status = (
    r.rejected ? 'REJECTED' : r.escalated ? 'ESCALATED' : (r.statusAt ?? 'NEW')
  ) as CaseStatus;
  const handle = Number(data.handleSeconds);
  return {
    caseId: r.caseId,
    vendorId: r.vendorId,
    scope: r.scope,
    region: r.region,
    priority: r.priority,
    createdAt: r.createdAt,
    assignedAt: r.assignedAt,
    acceptedAt: r.acceptedAt,
    firstResponseAt: r.firstResponseAt,
    firstResponseDueAt: r.firstResponseDueAt ?? NEVER,
    resolvedAt,
    resolutionDueAt: r.resolutionDueAt ?? NEVER,
    closedAt: r.closedAt,
    ...pausesOf(r),
    // Handle time and FCR are what the vendor reported with its (last) resolveCase.
    handleSeconds:
      resolvedAt && Number.isFinite(handle) && data.handleSeconds !== null ? handle : null,
    firstContactResolution:
      resolvedAt && typeof data.firstContactResolution === 'boolean'
        ? data.firstContactResolution
        : null,
    escalated: r.escalated,
    reopened: r.reopened,
    rejectedByVendor: r.rejected,
    status,
    csat: r.csat,
    qa: r.qa.map((q) => ({
      score: q.score,
      criticalError: q.criticalError,
      evaluatorKind: q.evaluatorKind,
    })),
  };
}

const OPEN = new Set(['ROUTED', 'OFFERED', 'ACCEPTED', 'IN_PROGRESS', 'PENDING_USER', 'REOPENED']);
const within = (at: Date | null | undefined, p: Period) =>
  at != null && at.getTime() >= p.start.getTime() && at.getTime() < p.end.getTime();

/** An anchor event in the period, or still open with the vendor at its end (backlog). */
function touches(f: CaseFact, p: Period): boolean {
  return (
    within(f.assignedAt, p) ||
    within(f.firstResponseDueAt, p) ||
    within(f.resolutionDueAt, p) ||
    within(f.firstResponseAt, p) ||
    within(f.resolvedAt, p) ||
    (f.assignedAt.getTime() < p.end.getTime() && OPEN.has(f.status))
  );
}
