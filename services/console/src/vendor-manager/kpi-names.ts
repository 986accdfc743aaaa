// KPIs by the names the scorecard gives them. Contracts name a KPI by its code
// (`SLA_FIRST_RESPONSE`), scorecards and statements by its key (`firstResponseSla`); both are
// read through @bvg/scorecards, the one list of KPIs, so the console never keeps a second one.
import { kpiDefinition, kpiKeyOf } from '@bvg/scorecards';

export type KpiName = {
  /** What the vendor manager reads, e.g. "Average handle time". */
  label: string;
  /** The code or key as the contract, statement or CSV has it, e.g. "AHT_SECONDS". */
  code: string;
  /** The scorecard unit (PERCENT, SECONDS, …); null for a code the scorecard does not know. */
  unit: string | null;
};

/** A KPI code or key → its label; an unknown code stays itself, so nothing is hidden. */
export function kpiName(code: string): KpiName {
  const key = kpiKeyOf(code);
  if (!key) return { label: code, code, unit: null };
  const definition = kpiDefinition(key);
  return { label: definition.label, code, unit: definition.unit };
}

/** A contract weight as a share of the whole (0.25 → "25%", 1 → "100%"); "—" when absent. */
export function formatWeight(weight: number | null | undefined, locale?: string): string {
  if (weight === null || weight === undefined || !Number.isFinite(weight)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    weight,
  );
}
