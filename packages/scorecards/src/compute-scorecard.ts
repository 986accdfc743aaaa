import { toHundredths } from './fixed-point.ts';
import { actualHundredths, KPI_DEFINITIONS, type KpiDefinition } from './kpi-definitions.ts';
import { type Calibration, computeKpis } from './kpis.ts';
import { valueAtUnitPrecision } from './precision.ts';
import { computeServiceCredits, type ServiceCredits } from './service-credits.ts';
import type {
  CaseFact,
  ContractTerms,
  Figure,
  KpiKey,
  KpiTarget,
  KpiUnit,
  Period,
  VolumeBounds,
} from './types.ts';
import { weeksOf } from './weeks.ts';

export type GroupDimension = 'SCOPE' | 'REGION' | 'WEEK' | 'PRIORITY';
export type KpiStatus = 'MET' | 'MISSED' | 'NO_TARGET' | 'NO_DATA';
/** Direction of the value against the previous period (not whether that is good). */
export type Trend = 'UP' | 'DOWN' | 'FLAT';

export interface KpiResult {
  kpi: KpiKey;
  label: string;
  unit: KpiUnit;
  actual: number | null;
  target: number | null;
  /** Contracted volume bounds (volume on the totals row only). */
  bounds: VolumeBounds | null;
  /** actual − target at comparison precision (hundredths); null without both. */
  difference: number | null;
  status: KpiStatus;
  previous: number | null;
  trend: Trend | null;
  evidence: Figure;
}

export interface ScorecardGroup {
  scope?: string;
  region?: string;
  priority?: string;
  /** ISO week label, e.g. "2025-W02". */
  week?: string;
}

export interface ScorecardRow {
  /** Stable key of the group, e.g. "SCOPE=APPEALS|WEEK=2025-W02"; "TOTAL" for totals. */
  key: string;
  group: ScorecardGroup;
  period: Period;
  kpis: Record<KpiKey, KpiResult>;
  calibration: Calibration;
}

/** The values of a scorecard row, as kept to compute the next period's trends. */
export type ScorecardTotals = Partial<Record<KpiKey, number | null>>;

export interface Scorecard {
  vendorId: string;
  period: Period;
  groupBy: readonly GroupDimension[];
  rows: ScorecardRow[];
  totals: ScorecardRow;
  /** Present when the contract has service-credit terms. */
  serviceCredits: ServiceCredits | null;
}

export interface ComputeScorecardInput {
  /** Facts of the contract's vendor; facts of other vendors are ignored. */
  facts: readonly CaseFact[];
  contract: ContractTerms;
  period: Period;
  previous?: ScorecardTotals;
  /** Previous period's rows by row key, for trends on grouped rows. */
  previousRows?: ReadonlyMap<string, ScorecardTotals>;
  /** Previous period's service credits, for earn-back. */
  previousCredits?: ServiceCredits;
  groupBy?: readonly GroupDimension[];
}

/** Target for a KPI in a group: the most specific matching target (scope+region > scope > region > general). */
export function findTarget(
  targets: readonly KpiTarget[],
  kpi: KpiKey,
  group: ScorecardGroup,
): number | null {
  let best: KpiTarget | null = null;
  let bestRank = -1;
  for (const t of targets) {
    if (t.kpi !== kpi) continue;
    if (t.scope !== undefined && t.scope !== group.scope) continue;
    if (t.region !== undefined && t.region !== group.region) continue;
    const rank = (t.scope !== undefined ? 2 : 0) + (t.region !== undefined ? 1 : 0);
    if (rank > bestRank) {
      best = t;
      bestRank = rank;
    }
  }
  return best?.target ?? null;
}

function trendOf(definition: KpiDefinition, figure: Figure, previous: number | null): Trend | null {
  const now = actualHundredths(definition, figure);
  if (now === null || previous === null) return null;
  const before = valueAtUnitPrecision(previous, definition.unit);
  return now > before ? 'UP' : now < before ? 'DOWN' : 'FLAT';
}

function volumeStatus(actual: number, bounds: VolumeBounds): KpiStatus {
  if (bounds.min !== undefined && actual < bounds.min) return 'MISSED';
  if (bounds.max !== undefined && actual > bounds.max) return 'MISSED';
  return 'MET';
}

function evaluate(
  definition: KpiDefinition,
  figure: Figure,
  target: number | null,
  bounds: VolumeBounds | null,
  previous: number | null,
): KpiResult {
  const actualH = actualHundredths(definition, figure);
  const base = {
    kpi: definition.key,
    label: definition.label,
    unit: definition.unit,
    actual: figure.value,
    target,
    bounds,
    previous,
    trend: trendOf(definition, figure, previous),
    evidence: figure,
  };
  if (actualH === null) return { ...base, difference: null, status: 'NO_DATA' };
  if (definition.direction === 'WITHIN_BOUNDS' && bounds) {
    return { ...base, difference: null, status: volumeStatus(figure.value!, bounds) };
  }
  if (target === null) return { ...base, difference: null, status: 'NO_TARGET' };
  const diffH = actualH - toHundredths(target);
  const met = definition.direction === 'LOWER_IS_BETTER' ? diffH <= 0 : diffH >= 0;
  return { ...base, difference: diffH / 100, status: met ? 'MET' : 'MISSED' };
}

export function rowKey(group: ScorecardGroup): string {
  const parts: string[] = [];
  if (group.scope !== undefined) parts.push(`SCOPE=${group.scope}`);
  if (group.region !== undefined) parts.push(`REGION=${group.region}`);
  if (group.priority !== undefined) parts.push(`PRIORITY=${group.priority}`);
  if (group.week !== undefined) parts.push(`WEEK=${group.week}`);
  return parts.length === 0 ? 'TOTAL' : parts.join('|');
}

function buildRow(
  facts: readonly CaseFact[],
  period: Period,
  group: ScorecardGroup,
  contract: ContractTerms,
  previous: ScorecardTotals | undefined,
  isTotals: boolean,
): ScorecardRow {
  const { figures, calibration } = computeKpis(facts, period, {
    ...(contract.agedBacklogDays !== undefined && { agedBacklogDays: contract.agedBacklogDays }),
    ...(contract.calibrationThreshold !== undefined && {
      calibrationThreshold: contract.calibrationThreshold,
    }),
  });
  const kpis = evaluateFigures(figures, contract, group, previous, isTotals);
  return { key: rowKey(group), group, period, kpis, calibration };
}

/**
 * Every KPI of a row against the contract: target, difference, status and trend. Exposed so
 * figures read from rollups are judged exactly as figures computed from facts.
 */
export function evaluateFigures(
  figures: Record<KpiKey, Figure>,
  contract: ContractTerms,
  group: ScorecardGroup,
  previous: ScorecardTotals | undefined,
  isTotals: boolean,
): Record<KpiKey, KpiResult> {
  const kpis = {} as Record<KpiKey, KpiResult>;
  for (const definition of KPI_DEFINITIONS) {
    const bounds = definition.key === 'volume' && isTotals ? (contract.volumeBounds ?? null) : null;
    kpis[definition.key] = evaluate(
      definition,
      figures[definition.key],
      findTarget(contract.targets, definition.key, group),
      bounds,
      previous?.[definition.key] ?? null,
    );
  }
  return kpis;
}

type AttributeDimension = Exclude<GroupDimension, 'WEEK'>;
const ATTRIBUTE: Record<AttributeDimension, (f: CaseFact) => string> = {
  SCOPE: (f) => f.scope,
  REGION: (f) => f.region,
  PRIORITY: (f) => f.priority,
};
const GROUP_FIELD: Record<AttributeDimension, keyof ScorecardGroup> = {
  SCOPE: 'scope',
  REGION: 'region',
  PRIORITY: 'priority',
};

/**
 * A vendor's scorecard for a period: one row per group (attributes present in the facts ×
 * ISO weeks of the period), each with every KPI against its target, plus the totals row and
 * the service credits the contract's terms produce from the totals.
 */
export function computeScorecard(input: ComputeScorecardInput): Scorecard {
  const { contract, period } = input;
  const groupBy = input.groupBy ?? [];
  const facts = input.facts.filter((f) => f.vendorId === contract.vendorId);

  const attributes = groupBy.filter((d): d is AttributeDimension => d !== 'WEEK');
  const partitions = new Map<string, { group: ScorecardGroup; facts: CaseFact[] }>();
  for (const fact of facts) {
    const group: ScorecardGroup = {};
    for (const d of attributes) group[GROUP_FIELD[d]] = ATTRIBUTE[d](fact);
    const key = rowKey(group);
    const slot = partitions.get(key) ?? { group, facts: [] };
    slot.facts.push(fact);
    partitions.set(key, slot);
  }
  const slices = groupBy.includes('WEEK') ? weeksOf(period) : [null];

  const rows: ScorecardRow[] = [];
  if (groupBy.length > 0) {
    for (const { group, facts: part } of partitions.values()) {
      for (const slice of slices) {
        const g = slice ? { ...group, week: slice.label } : group;
        rows.push(
          buildRow(
            part,
            slice?.period ?? period,
            g,
            contract,
            input.previousRows?.get(rowKey(g)),
            false,
          ),
        );
      }
    }
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  const totals = buildRow(facts, period, {}, contract, input.previous, true);
  const serviceCredits = contract.serviceCredits
    ? computeServiceCredits({
        terms: contract.serviceCredits,
        kpis: totals.kpis,
        feesCents: (totals.kpis.volume.actual ?? 0) * contract.pricePerCaseCents,
        ...(input.previousCredits && { previous: input.previousCredits }),
      })
    : null;
  return { vendorId: contract.vendorId, period, groupBy, rows, totals, serviceCredits };
}

/** A row's values, to pass as `previous` when computing the next period. */
export function scorecardTotals(row: ScorecardRow): ScorecardTotals {
  const out: ScorecardTotals = {};
  for (const [key, result] of Object.entries(row.kpis) as [KpiKey, KpiResult][]) {
    out[key] = result.actual;
  }
  return out;
}
