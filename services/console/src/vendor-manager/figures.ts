// KPI figures as the vendor manager reads them, and the comparison table's rows: every vendor
// (per scope or region when grouped) with each KPI against its target.

export type KpiStatus = 'MET' | 'MISSED' | 'NO_DATA' | 'NO_TARGET';

export type Figure = {
  kpi: string;
  label: string;
  unit: string;
  actual?: number | null;
  target?: number | null;
  min?: number | null;
  max?: number | null;
  difference?: number | null;
  status: KpiStatus;
};

const SUFFIX: Record<string, string> = {
  PERCENT: '%',
  MINUTES: ' min',
  SECONDS: ' s',
  POINTS: ' pts',
};

/** The published figure with its unit (the API already rounds to the unit's precision). */
export function formatFigure(value: number | null | undefined, unit: string, locale?: string) {
  if (value === null || value === undefined) return '—';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  return `${n}${SUFFIX[unit] ?? ''}`;
}

/** The target as the contract states it: a figure, or a volume band. */
export function formatTarget(f: Figure, locale?: string) {
  if (f.min != null || f.max != null) {
    return `${f.min != null ? formatFigure(f.min, f.unit, locale) : '—'} to ${f.max != null ? formatFigure(f.max, f.unit, locale) : '—'}`;
  }
  return formatFigure(f.target, f.unit, locale);
}

/** actual − target, signed. */
export function formatGap(f: Figure, locale?: string) {
  if (f.difference === null || f.difference === undefined) return '—';
  const n = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(f.difference);
  return `${n}${SUFFIX[f.unit] ?? ''}`;
}

export const STATUS_LABEL: Record<KpiStatus, string> = {
  MET: 'Met',
  MISSED: 'Missed',
  NO_DATA: 'No data',
  NO_TARGET: 'No target',
};

export type Group = { scope?: string | null; region?: string | null };

export type ScorecardLike = {
  vendorId: string;
  vendorName: string;
  totals: { key: string; kpis: readonly Figure[] };
  rows: readonly { key: string; group: Group; kpis: readonly Figure[] }[];
};

/** One line of the comparison: a KPI (in a scope or region when grouped), every vendor beside. */
export type CompareLine = {
  kpi: string;
  label: string;
  unit: string;
  /** The scope or region; null when not grouped. */
  group: string | null;
  /** Per vendor id: the figure and the scorecard row key it comes from (for its cases). */
  cells: Map<string, { figure: Figure; rowKey: string }>;
};

export type GroupBy = 'SCOPE' | 'REGION';

export type Vendor = { vendorId: string; vendorName: string };

/**
 * The chosen vendors (all when none chosen), in name order, and one line per KPI — per KPI ×
 * group when grouped — in the contract's KPI order; `withTargetOnly` keeps the KPIs the
 * contract sets a target or band for at least one of them.
 */
export function compareLines(
  cards: readonly ScorecardLike[],
  options: { groupBy?: GroupBy | undefined; only?: readonly string[]; withTargetOnly?: boolean },
): { vendors: Vendor[]; lines: CompareLine[] } {
  const chosen = cards
    .filter((c) => !options.only?.length || options.only.includes(c.vendorId))
    .sort((a, b) => a.vendorName.localeCompare(b.vendorName));
  const lines = new Map<string, CompareLine>();
  for (const card of chosen) {
    const rows = options.groupBy ? card.rows : [{ ...card.totals, group: {} as Group }];
    for (const row of rows) {
      const group =
        options.groupBy === 'SCOPE'
          ? (row.group.scope ?? null)
          : options.groupBy === 'REGION'
            ? (row.group.region ?? null)
            : null;
      for (const f of row.kpis) {
        const id = `${group ?? ''}|${f.kpi}`;
        let line = lines.get(id);
        if (!line) {
          line = { kpi: f.kpi, label: f.label, unit: f.unit, group, cells: new Map() };
          lines.set(id, line);
        }
        line.cells.set(card.vendorId, { figure: f, rowKey: row.key });
      }
    }
  }
  const order = new Map<string, number>();
  for (const card of chosen)
    for (const f of card.totals.kpis) if (!order.has(f.kpi)) order.set(f.kpi, order.size);
  const hasTarget = (l: CompareLine) =>
    [...l.cells.values()].some(
      (c) => c.figure.target != null || c.figure.min != null || c.figure.max != null,
    );
  const out = [...lines.values()]
    .filter((l) => !options.withTargetOnly || hasTarget(l))
    .sort(
      (a, b) =>
        (a.group ?? '').localeCompare(b.group ?? '') ||
        (order.get(a.kpi) ?? 0) - (order.get(b.kpi) ?? 0),
    );
  return {
    vendors: chosen.map((c) => ({ vendorId: c.vendorId, vendorName: c.vendorName })),
    lines: out,
  };
}

/**
 * The margin to target whatever the KPI's direction: how far a met figure cleared its target
 * (positive) or a missed one fell short (negative); null without a gap (no data, no target).
 */
export function margin(f: Figure | undefined): number | null {
  if (!f || f.difference == null) return null;
  const size = Math.abs(f.difference);
  return f.status === 'MISSED' ? -size : size;
}

/**
 * Lines by a vendor's margin to target, worst first ascending (the largest miss, then the
 * narrowest pass); a figure without a gap always last. Without a vendor: the contract order.
 */
export function sortLines(
  lines: readonly CompareLine[],
  byVendor: string | undefined,
  dir: 'asc' | 'desc',
) {
  if (!byVendor) return [...lines];
  const sign = dir === 'asc' ? 1 : -1;
  return [...lines].sort((a, b) => {
    const x = margin(a.cells.get(byVendor)?.figure);
    const y = margin(b.cells.get(byVendor)?.figure);
    if (x == null && y == null) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    return sign * (x - y);
  });
}

/** The comparison as CSV records: a record per line × vendor, the numbers as published. */
export function compareRecords(vendors: readonly Vendor[], lines: readonly CompareLine[]) {
  const records: (string | number | null)[][] = [
    ['group', 'kpi', 'unit', 'vendor', 'actual', 'target', 'min', 'max', 'gap', 'status'],
  ];
  for (const l of lines) {
    for (const v of vendors) {
      const f = l.cells.get(v.vendorId)?.figure;
      if (!f) continue;
      records.push([
        l.group,
        l.label,
        l.unit,
        v.vendorName,
        f.actual ?? null,
        f.target ?? null,
        f.min ?? null,
        f.max ?? null,
        f.difference ?? null,
        f.status,
      ]);
    }
  }
  return records;
}

export type Trend = 'UP' | 'DOWN' | 'FLAT';

/** The previous quarter's figure as the scorecard shows it, and which way the value moved. */
export type PreviousFigure = { text: string; trend: Trend | null };

/**
 * The previous quarter beside this one's figure: "no data" (and no trend) when there is no
 * previous figure — none published, or a quarter in which the vendor handled no case at all
 * (its counts read 0 then, which is an absence, not a figure to move up from).
 */
export function previousFigure(
  kpi: { unit: string; previous?: number | null; trend?: string | null },
  previousVolume: number | null | undefined,
  locale?: string,
): PreviousFigure {
  if (kpi.previous == null || !previousVolume) return { text: 'no data', trend: null };
  const trend =
    kpi.trend === 'UP' || kpi.trend === 'DOWN' || kpi.trend === 'FLAT' ? kpi.trend : null;
  return { text: formatFigure(kpi.previous, kpi.unit, locale), trend };
}
