// The figures of a quarterly business review pack: one vendor's scorecard for a calendar
// quarter, weekly, with its service credits — the same computation and published precision
// as the `scorecard` query and its CSV, so the pack and the screen show the same numbers.
import type { PrismaClient } from '@bvg/db';
import {
  KPI_DEFINITIONS,
  type KpiKey,
  type KpiResult,
  type Period,
  publishKpi,
  type ServiceCredits,
} from '@bvg/scorecards';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError, type Problem } from '../shared/domain-error.ts';
import { getScorecard } from './get-scorecard.ts';

export interface QbrPack {
  vendorId: string;
  vendorName: string;
  /** e.g. 2026-Q3 */
  quarter: string;
  period: Period;
  /** The quarter's KPIs, in the scorecard's order, at published precision. */
  totals: KpiResult[];
  /** One entry per ISO week of the quarter, oldest first. */
  weeks: { week: string; kpis: KpiResult[] }[];
  serviceCredits: ServiceCredits | null;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** `2026-Q3` → [2026-07-01, 2026-10-01) in UTC; anything else is a VALIDATION problem. */
export function quarterPeriod(quarter: string, path = 'quarter'): Period {
  const match = QUARTER.exec(quarter);
  if (!match) {
    throw new DomainError('VALIDATION', 'The quarter is not valid', {
      problems: [{ path, message: 'must look like 2026-Q3' }],
    });
  }
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  return { start: new Date(Date.UTC(year, first, 1)), end: new Date(Date.UTC(year, first + 3, 1)) };
}

const published = (kpis: Record<KpiKey, KpiResult>) =>
  KPI_DEFINITIONS.map((d) => publishKpi(kpis[d.key]));

/** A vendor manager's review pack for one vendor and quarter, read in scope and audited. */
export async function readQbrPack(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId?: string | null; quarter?: string | null; requestId?: string | null },
): Promise<QbrPack> {
  if (actor.kind !== 'INTERNAL' || !actor.roles.includes('vendor_manager'))
    throw new DomainError('FORBIDDEN', 'Not allowed');
  const problems: Problem[] = [];
  if (!input.vendorId) problems.push({ path: 'vendorId', message: 'is required' });
  if (!QUARTER.test(input.quarter ?? ''))
    problems.push({ path: 'quarter', message: 'must look like 2026-Q3' });
  if (problems.length > 0 || !input.vendorId || !input.quarter)
    throw new DomainError('VALIDATION', 'The review pack request is not valid', { problems });
  const vendorId = input.vendorId;
  const quarter = input.quarter;
  const span = quarterPeriod(quarter);
  return withActorScope(
    prisma,
    actor,
    `review pack of ${vendorId}`,
    async (tx) => {
      const card = await getScorecard(tx, {
        vendorId,
        period: span,
        groupBy: ['WEEK'],
        source: 'EXACT',
      });
      await recordAudit(tx, {
        actor,
        action: 'scorecard.export',
        targetType: 'Scorecard',
        targetId: vendorId,
        requestId: input.requestId ?? null,
        details: { period: span, kind: 'QBR_PACK', quarter },
      });
      return {
        vendorId,
        vendorName: card.vendorName,
        quarter,
        period: span,
        totals: published(card.totals.kpis),
        weeks: card.rows.map((r) => ({ week: r.group.week ?? r.key, kpis: published(r.kpis) })),
        serviceCredits: card.serviceCredits ?? null,
      };
    },
    { timeout: 60_000 },
  );
}
