import { VENDOR_WORK_STATUSES } from '@bvg/case-status';
import { caseStatusList, Prisma, type TenantTx } from '@bvg/db';
import {
  type ContractTerms,
  computeServiceCredits,
  DEFAULT_AGED_BACKLOG_DAYS,
  emptyRollup,
  evaluateFigures,
  type Figure,
  FRT_BUCKET_UPPER_MINUTES,
  type GroupDimension,
  isoWeekLabel,
  type KpiKey,
  kpisFromRollup,
  mergeRollups,
  type Period,
  type RollupCell,
  rowKey,
  type Scorecard,
  type ScorecardGroup,
  type ScorecardRow,
  type ScorecardTotals,
  type ServiceCredits,
  scorecardTotals,
  utcDay,
  weeksOf,
} from '@bvg/scorecards';
import { DomainError } from '../shared/domain-error.ts';

const DAY_MS = 86_400_000;

type Summed = Exclude<
  keyof RollupCell,
  'vendorId' | 'scope' | 'region' | 'day' | 'firstResponseHistogram' | 'calibrationThreshold'
>;
const TEMPLATE = emptyRollup({ vendorId: '', scope: '', region: '', day: '' });
const SUMMED = (Object.keys(TEMPLATE) as (keyof RollupCell)[]).filter(
  (k): k is Summed => typeof TEMPLATE[k] === 'number' && k !== 'calibrationThreshold',
);
const BUCKETS = FRT_BUCKET_UPPER_MINUTES.length + 1;
// Field names come from the core's cell, never from input: safe to splice into the SQL.
// jsonb → float8 directly (no text round trip): the read's cost is these extractions.
const AGGREGATES = Prisma.raw(
  [
    ...SUMMED.map((k) =>
      k === 'firstResponseMaxMinutes'
        ? `max((cell->'${k}')::float8) AS "${k}"`
        : `sum((cell->'${k}')::float8) AS "${k}"`,
    ),
    `ARRAY[${Array.from({ length: BUCKETS }, (_, i) => `sum((cell->'firstResponseHistogram'->${i})::float8)`).join(', ')}] AS hist`,
  ].join(',\n'),
);

interface GroupedRow extends Record<Summed, number> {
  scope: string | null;
  region: string | null;
  week: Date | null;
  current: boolean;
  hist: number[];
}

export interface ScorecardFromRollupsInput {
  vendorId: string;
  period: Period;
  groupBy?: readonly GroupDimension[];
  contract: ContractTerms;
  /** The previous period's contract, for its credits (earn-back). */
  previousContract?: ContractTerms;
  /** The instant backlog is read at; the live case table only knows the present. */
  now?: Date;
}

const toFigure = (f: {
  value: number | null;
  numerator: number;
  denominator: number | null;
}): Figure => ({
  ...f,
  caseIds: [],
});

export function previousPeriod(period: Period): Period {
  const length = period.end.getTime() - period.start.getTime();
  return { start: new Date(period.start.getTime() - length), end: period.start };
}

/**
 * The scorecard from the stored rollups: one SQL statement sums the cells of the period and of
 * the previous one per group, so its cost depends on the number of cells, not of cases.
 * Figures carry no case ids (the exact path has them); percentiles are the histogram's
 * bucket bounds; backlog is read from the live case table and only for a period that has not
 * ended (a past period's backlog needs the exact path).
 */
export async function scorecardFromRollups(
  tx: TenantTx,
  input: ScorecardFromRollupsInput,
): Promise<Scorecard> {
  const { vendorId, period, contract } = input;
  const groupBy = input.groupBy ?? [];
  if (groupBy.includes('PRIORITY')) {
    throw new DomainError(
      'VALIDATION',
      'Rollups are kept per scope and region; PRIORITY needs the exact scorecard',
      {
        problems: [{ path: 'groupBy', message: 'PRIORITY is not available from rollups' }],
      },
    );
  }
  for (const [name, at] of [
    ['period.start', period.start],
    ['period.end', period.end],
  ] as const) {
    if (at.getTime() % DAY_MS !== 0) {
      throw new DomainError('VALIDATION', 'Rollup periods start and end on UTC day boundaries', {
        problems: [{ path: name, message: 'must be a UTC midnight' }],
      });
    }
  }
  const previous = previousPeriod(period);
  const bySope = groupBy.includes('SCOPE');
  const byRegion = groupBy.includes('REGION');
  const byWeek = groupBy.includes('WEEK');
  const currentDay = utcDay(period.start);
  const rows = await tx.$queryRaw<GroupedRow[]>`
    SELECT ${bySope ? Prisma.sql`"scopeCode"` : Prisma.sql`NULL::text`} AS scope,
           ${byRegion ? Prisma.sql`"regionCode"` : Prisma.sql`NULL::text`} AS region,
           ${byWeek ? Prisma.sql`date_trunc('week', day::timestamp)::date` : Prisma.sql`NULL::date`} AS week,
           day >= ${currentDay}::date AS current,
           ${AGGREGATES}
      FROM "ScorecardRollup"
     WHERE "vendorId" = ${vendorId}::uuid
       AND day >= ${utcDay(previous.start)}::date AND day < ${utcDay(period.end)}::date
     GROUP BY 1, 2, 3, 4`;

  const cellOf = (r: GroupedRow): RollupCell => {
    const cell = emptyRollup({
      vendorId,
      scope: r.scope ?? '*',
      region: r.region ?? '*',
      day: r.week ? utcDay(r.week) : '*',
    });
    for (const k of SUMMED) cell[k] = Number(r[k]);
    cell.firstResponseHistogram = r.hist.map(Number);
    return cell;
  };
  const current = rows.filter((r) => r.current);
  const before = rows.filter((r) => !r.current);

  const now = input.now ?? new Date();
  const backlog =
    period.end.getTime() > now.getTime() ? await liveBacklog(tx, vendorId, period, contract) : null;
  const figuresOf = (cell: RollupCell | null, withBacklog: boolean): Record<KpiKey, Figure> => {
    const figures = {} as Record<KpiKey, Figure>;
    const fromCell = kpisFromRollup(
      cell ?? emptyRollup({ vendorId, scope: '*', region: '*', day: '*' }),
    );
    for (const [k, f] of Object.entries(fromCell)) figures[k as KpiKey] = toFigure(f);
    const none = { value: null, numerator: 0, denominator: null, caseIds: [] };
    figures.backlog = withBacklog && backlog ? backlog.backlog : none;
    figures.agedBacklog = withBacklog && backlog ? backlog.aged : none;
    return figures;
  };
  const merged = (rs: GroupedRow[]) => (rs.length === 0 ? null : mergeRollups(rs.map(cellOf)));

  const groupOf = (r: GroupedRow): ScorecardGroup => ({
    ...(r.scope !== null && { scope: r.scope }),
    ...(r.region !== null && { region: r.region }),
    ...(r.week !== null && { week: isoWeekLabel(r.week) }),
  });
  const previousTotals = scorecardTotals({
    key: 'TOTAL',
    group: {},
    period: previous,
    kpis: evaluateFigures(
      figuresOf(merged(before), false),
      input.previousContract ?? contract,
      {},
      undefined,
      true,
    ),
    calibration: emptyCalibration(contract),
  });
  const previousRows = new Map<string, ScorecardTotals>();
  if (!byWeek) {
    for (const r of before) {
      const g = groupOf(r);
      previousRows.set(
        rowKey(g),
        scorecardTotals({
          key: rowKey(g),
          group: g,
          period: previous,
          kpis: evaluateFigures(figuresOf(cellOf(r), false), contract, g, undefined, false),
          calibration: emptyCalibration(contract),
        }),
      );
    }
  }
  const weekPeriods = new Map(weeksOf(period).map((w) => [w.label, w.period]));
  const rowOut: ScorecardRow[] = [];
  if (groupBy.length > 0) {
    for (const r of current) {
      const g = groupOf(r);
      const key = rowKey(g);
      const figures = figuresOf(cellOf(r), false);
      rowOut.push({
        key,
        group: g,
        period: (g.week && weekPeriods.get(g.week)) || period,
        kpis: evaluateFigures(figures, contract, g, previousRows.get(key), false),
        calibration: calibrationOf(figures, contract),
      });
    }
    rowOut.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  const totalFigures = figuresOf(merged(current), true);
  const totals: ScorecardRow = {
    key: 'TOTAL',
    group: {},
    period,
    kpis: evaluateFigures(totalFigures, contract, {}, previousTotals, true),
    calibration: calibrationOf(totalFigures, contract),
  };
  let previousCredits: ServiceCredits | undefined;
  const prevContract = input.previousContract ?? contract;
  if (prevContract.serviceCredits) {
    const prevKpis = evaluateFigures(
      figuresOf(merged(before), false),
      prevContract,
      {},
      undefined,
      true,
    );
    previousCredits = computeServiceCredits({
      terms: prevContract.serviceCredits,
      kpis: prevKpis,
      feesCents: (prevKpis.volume.actual ?? 0) * prevContract.pricePerCaseCents,
    });
  }
  const serviceCredits = contract.serviceCredits
    ? computeServiceCredits({
        terms: contract.serviceCredits,
        kpis: totals.kpis,
        feesCents: (totals.kpis.volume.actual ?? 0) * contract.pricePerCaseCents,
        ...(previousCredits && { previous: previousCredits }),
      })
    : null;
  return { vendorId, period, groupBy, rows: rowOut, totals, serviceCredits };
}

function emptyCalibration(contract: ContractTerms) {
  const none = { value: null, numerator: 0, denominator: 0, caseIds: [] };
  return {
    gap: none,
    agreement: none,
    threshold: contract.calibrationThreshold ?? 10,
    disagreements: [],
  };
}

function calibrationOf(figures: Record<KpiKey, Figure>, contract: ContractTerms) {
  return {
    gap: figures.calibrationGap,
    agreement: figures.graderAgreement,
    threshold: contract.calibrationThreshold ?? 10,
    disagreements: [],
  };
}

async function liveBacklog(
  tx: TenantTx,
  vendorId: string,
  period: Period,
  contract: ContractTerms,
) {
  const agedBefore = new Date(
    period.end.getTime() - (contract.agedBacklogDays ?? DEFAULT_AGED_BACKLOG_DAYS) * DAY_MS,
  );
  const [row] = await tx.$queryRaw<{ open: bigint; aged: bigint }[]>`
    SELECT count(*) AS open, count(*) FILTER (WHERE "createdAt" < ${agedBefore}) AS aged
      FROM "Case"
     WHERE "vendorId" = ${vendorId}::uuid
       AND status IN ${caseStatusList(VENDOR_WORK_STATUSES)}`;
  const open = Number(row?.open ?? 0);
  const aged = Number(row?.aged ?? 0);
  return {
    backlog: { value: open, numerator: open, denominator: null, caseIds: [] },
    aged: { value: aged, numerator: aged, denominator: null, caseIds: [] },
  };
}
