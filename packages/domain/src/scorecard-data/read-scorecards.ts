// Scorecard entry points: each takes the actor and opens its own scope. A partner reads in its
// own tenant scope, so row-level security (and the `CaseHistory*` views for cases it was
// offered that moved on) limits its figures to its own rows whatever vendor id it names;
// vendor managers read across tenants.
import type { PrismaClient, TenantTx } from '@bvg/db';
import type { GroupDimension, KpiKey, Period } from '@bvg/scorecards';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { withActorScope } from '../shared/actor-scope.ts';
import { DomainError } from '../shared/domain-error.ts';
import {
  figureCasesCsv,
  type GetScorecardInput,
  getScorecard,
  getScorecards,
  type ScorecardSource,
  scorecardCsv,
  serviceCreditsCsv,
  type VendorScorecard,
} from './get-scorecard.ts';
import { kpiKeyOf } from './kpi-codes.ts';

export interface ReadScorecardInput {
  /** Whose scorecard: a partner's own by default; required for internal readers. */
  vendorId?: string | null;
  period: Period;
  groupBy?: readonly GroupDimension[];
  source?: ScorecardSource;
  requestId?: string | null;
}

export type ScorecardCsvKind = 'SCORECARD' | 'SERVICE_CREDITS' | 'CASES';

// Exact scorecards over long periods aggregate many events.
const SCOPE_OPTIONS = { timeout: 60_000 };

/**
 * Whose scorecard the actor reads: a vendor only its own (another vendor's id is NOT_FOUND,
 * as for any other tenant's record); anyone else must name the vendor.
 */
export function scorecardVendorOf(actor: Actor, requested: string | null | undefined): string {
  if (actor.kind === 'VENDOR') {
    if (requested != null && requested !== actor.vendorId)
      throw new DomainError('NOT_FOUND', 'Scorecard not found');
    return actor.vendorId;
  }
  if (requested == null) {
    throw new DomainError('VALIDATION', 'vendorId is required', {
      problems: [{ path: 'vendorId', message: 'name the vendor whose scorecard you want' }],
    });
  }
  return requested;
}

function inputOf(actor: Actor, input: ReadScorecardInput): GetScorecardInput {
  return {
    vendorId: scorecardVendorOf(actor, input.vendorId),
    period: input.period,
    groupBy: input.groupBy ?? [],
    source: input.source ?? 'EXACT',
  };
}

const audit = (
  tx: TenantTx,
  actor: Actor,
  vendorId: string | null,
  action: string,
  requestId: string | null | undefined,
  details: Record<string, unknown>,
) =>
  recordAudit(tx, {
    actor,
    action,
    targetType: 'Scorecard',
    targetId: vendorId,
    requestId: requestId ?? null,
    details,
  });

/** One vendor's scorecard, read in the actor's scope and audited. */
export async function readScorecard(
  prisma: PrismaClient,
  actor: Actor,
  request: ReadScorecardInput,
): Promise<VendorScorecard> {
  const input = inputOf(actor, request);
  return withActorScope(
    prisma,
    actor,
    `scorecard of ${input.vendorId}`,
    async (tx) => {
      const card = await getScorecard(tx, input);
      await audit(tx, actor, input.vendorId, 'scorecard.read', request.requestId, {
        period: input.period,
        source: input.source,
      });
      return card;
    },
    SCOPE_OPTIONS,
  );
}

/** Every active vendor's scorecard side by side: internal readers only. */
export async function compareScorecards(
  prisma: PrismaClient,
  actor: Actor,
  request: Omit<ReadScorecardInput, 'vendorId'>,
): Promise<VendorScorecard[]> {
  if (actor.kind === 'VENDOR') throw new DomainError('FORBIDDEN', 'Not allowed');
  const period = request.period;
  return withActorScope(
    prisma,
    actor,
    'scorecards of all vendors',
    async (tx) => {
      const cards = await getScorecards(tx, {
        period,
        groupBy: request.groupBy ?? [],
        source: request.source ?? 'EXACT',
      });
      await audit(tx, actor, null, 'scorecard.compare', request.requestId, {
        period,
        vendors: cards.length,
      });
      return cards;
    },
    SCOPE_OPTIONS,
  );
}

/** A scorecard, its service credits, or the cases behind one figure (`kpi`, `rowKey`), as CSV. */
export async function exportScorecardCsv(
  prisma: PrismaClient,
  actor: Actor,
  request: ReadScorecardInput & {
    kind?: ScorecardCsvKind;
    kpi?: string | null;
    rowKey?: string | null;
  },
): Promise<string> {
  const input = inputOf(actor, request);
  const kind = request.kind ?? 'SCORECARD';
  return withActorScope(
    prisma,
    actor,
    `scorecard CSV of ${input.vendorId}`,
    async (tx) => {
      const csv = await csvOf(tx, input, kind, request.kpi, request.rowKey);
      await audit(tx, actor, input.vendorId, 'scorecard.export', request.requestId, {
        period: input.period,
        kind,
        kpi: request.kpi ?? null,
      });
      return csv;
    },
    SCOPE_OPTIONS,
  );
}

function csvOf(
  tx: TenantTx,
  input: GetScorecardInput,
  kind: ScorecardCsvKind,
  kpiName: string | null | undefined,
  rowKey: string | null | undefined,
): Promise<string> {
  if (kind === 'SERVICE_CREDITS') return serviceCreditsCsv(tx, input);
  if (kind === 'SCORECARD') return scorecardCsv(tx, input);
  const kpi: KpiKey | null = kpiName ? kpiKeyOf(kpiName) : null;
  if (!kpi) {
    throw new DomainError('VALIDATION', 'Name the figure whose cases you want', {
      problems: [
        { path: 'kpi', message: kpiName ? `unknown KPI ${kpiName}` : 'is required for CASES' },
      ],
    });
  }
  return figureCasesCsv(tx, { ...input, kpi, ...(rowKey ? { rowKey } : {}) });
}
