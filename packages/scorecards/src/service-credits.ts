import type { KpiResult } from './compute-scorecard.ts';
import {
  divRoundHalfUp,
  formatBps,
  formatCents,
  formatHundredths,
  toHundredths,
} from './fixed-point.ts';
import { actualHundredths, kpiDefinition } from './kpi-definitions.ts';
import type { KpiKey, ServiceCreditTerms, TieredCreditLine } from './types.ts';

export interface CreditLine {
  kpi: KpiKey;
  actual: number | null;
  target: number | null;
  /** Points below target (PER_POINT), in the KPI's unit; null when not measured. */
  shortfallPoints: number | null;
  /** Basis points of fees applied (rate × shortfall for PER_POINT, the tier's rate for TIERED). */
  appliedBps: number;
  weightPercent: number;
  /** Before the cap. */
  amountCents: number;
  /** After the cap, allocated pro rata to the lines. */
  chargedCents: number;
  explanation: string;
}

export interface EarnBackLine {
  kpi: KpiKey;
  previousChargedCents: number;
  returnedCents: number;
  explanation: string;
}

export interface ServiceCredits {
  shape: ServiceCreditTerms['shape'];
  feesCents: number;
  lines: CreditLine[];
  subtotalCents: number;
  capCents: number;
  capped: boolean;
  /** Credit owed by the vendor for this period (≤ cap). */
  totalCents: number;
  earnBack: EarnBackLine[];
  earnBackCents: number;
  /** totalCents − earnBackCents; negative means money returned to the vendor. */
  netCents: number;
  explanation: string;
}

export interface ComputeServiceCreditsInput {
  terms: ServiceCreditTerms;
  /** The totals row's KPI results (actual and target per KPI). */
  kpis: Record<KpiKey, KpiResult>;
  feesCents: number;
  /** The previous period's credits, for earn-back. */
  previous?: ServiceCredits;
}

const pct = (h: number | null, unit: string) =>
  h === null ? 'n/a' : `${formatHundredths(h)}${unit === 'PERCENT' ? '%' : ''}`;

function describe(result: KpiResult): { actualH: number | null; actualText: string } {
  const definition = kpiDefinition(result.kpi);
  const actualH = actualHundredths(definition, result.evidence);
  return { actualH, actualText: `${definition.label} ${pct(actualH, definition.unit)}` };
}

/** How many hundredths of a point the actual falls short of the target (≥ 0). */
function shortfallHundredths(kpi: KpiKey, actualH: number, target: number): number {
  const targetH = toHundredths(target);
  const gap =
    kpiDefinition(kpi).direction === 'LOWER_IS_BETTER' ? actualH - targetH : targetH - actualH;
  return Math.max(0, gap);
}

function meets(kpi: KpiKey, actualH: number, threshold: number): boolean {
  const t = toHundredths(threshold);
  return kpiDefinition(kpi).direction === 'LOWER_IS_BETTER' ? actualH <= t : actualH >= t;
}

const weightText = (w: number) => (w === 100 ? '' : ` × weight ${w}%`);

function perPointLine(
  line: { kpi: KpiKey; rateBpsPerPoint: number; weightPercent?: number },
  result: KpiResult,
  feesCents: number,
): CreditLine {
  const weightPercent = line.weightPercent ?? 100;
  const { actualH, actualText } = describe(result);
  const unit = kpiDefinition(line.kpi).unit;
  const base = { kpi: line.kpi, actual: result.actual, target: result.target, weightPercent };
  if (actualH === null || result.target === null) {
    const why = actualH === null ? 'no data' : 'no target';
    return {
      ...base,
      shortfallPoints: null,
      appliedBps: 0,
      amountCents: 0,
      chargedCents: 0,
      explanation: `${actualText}: ${why}, no credit`,
    };
  }
  const shortH = shortfallHundredths(line.kpi, actualH, result.target);
  // fees × (rate bps / 10,000) × (shortfall hundredths / 100) × (weight / 100)
  const amount = Number(
    divRoundHalfUp(
      BigInt(feesCents) * BigInt(line.rateBpsPerPoint) * BigInt(shortH) * BigInt(weightPercent),
      10_000n * 100n * 100n,
    ),
  );
  const vs = `${actualText} vs target ${pct(toHundredths(result.target), unit)}`;
  return {
    ...base,
    shortfallPoints: shortH / 100,
    appliedBps: (line.rateBpsPerPoint * shortH) / 100,
    amountCents: amount,
    chargedCents: amount,
    explanation:
      shortH === 0
        ? `${vs}: target met, no credit`
        : `${vs}: ${formatHundredths(shortH)} points × ${formatBps(line.rateBpsPerPoint)} × fees ${formatCents(feesCents)}${weightText(weightPercent)} = ${formatCents(amount)}`,
  };
}

function tieredLine(line: TieredCreditLine, result: KpiResult, feesCents: number): CreditLine {
  const weightPercent = line.weightPercent ?? 100;
  const { actualH, actualText } = describe(result);
  const definition = kpiDefinition(line.kpi);
  const base = {
    kpi: line.kpi,
    actual: result.actual,
    target: result.target,
    shortfallPoints: null,
    weightPercent,
  };
  const tier =
    actualH === null ? undefined : line.tiers.find((t) => meets(line.kpi, actualH, t.threshold));
  if (actualH === null || tier === undefined) {
    return {
      ...base,
      appliedBps: 0,
      amountCents: 0,
      chargedCents: 0,
      explanation: `${actualText}: ${actualH === null ? 'no data' : 'no tier applies'}, no credit`,
    };
  }
  const amount = Number(
    divRoundHalfUp(
      BigInt(feesCents) * BigInt(tier.creditBps) * BigInt(weightPercent),
      10_000n * 100n,
    ),
  );
  const sign = definition.direction === 'LOWER_IS_BETTER' ? '≤' : '≥';
  return {
    ...base,
    appliedBps: tier.creditBps,
    amountCents: amount,
    chargedCents: amount,
    explanation: `${actualText} falls in tier ${sign} ${pct(toHundredths(tier.threshold), definition.unit)}: ${formatBps(tier.creditBps)} × fees ${formatCents(feesCents)}${weightText(weightPercent)} = ${formatCents(amount)}`,
  };
}

/**
 * Share `cap` among lines pro rata to their amounts, in whole cents that add up exactly:
 * floor shares, then the leftover cents to the largest remainders (earlier lines on ties).
 */
function allocateCap(lines: CreditLine[], subtotal: number, cap: number): void {
  const shares = lines.map((l, i) => {
    const exact = BigInt(l.amountCents) * BigInt(cap);
    return { i, floor: exact / BigInt(subtotal), remainder: exact % BigInt(subtotal) };
  });
  let left = BigInt(cap) - shares.reduce((s, x) => s + x.floor, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1,
  );
  for (const s of order) {
    if (left === 0n) break;
    s.floor += 1n;
    left -= 1n;
  }
  for (const s of shares) lines[s.i]!.chargedCents = Number(s.floor);
}

/** The level a KPI must reach to earn back: its target, or for a tier table the best tier. */
function earnBackLevel(terms: ServiceCreditTerms, result: KpiResult): number | null {
  if (result.target !== null) return result.target;
  if (terms.shape === 'TIERED') {
    return terms.lines.find((l) => l.kpi === result.kpi)?.tiers[0]?.threshold ?? null;
  }
  return null;
}

function earnBackLines(
  terms: ServiceCreditTerms,
  kpis: Record<KpiKey, KpiResult>,
  previous: ServiceCredits | undefined,
): EarnBackLine[] {
  const earnBack = terms.earnBack;
  if (!earnBack || !previous) return [];
  const margin = earnBack.marginPoints ?? 0;
  const out: EarnBackLine[] = [];
  for (const prev of previous.lines) {
    if (prev.chargedCents <= 0) continue;
    const result = kpis[prev.kpi];
    const { actualH, actualText } = describe(result);
    const level = earnBackLevel(terms, result);
    const unit = kpiDefinition(prev.kpi).unit;
    const lowerBetter = kpiDefinition(prev.kpi).direction === 'LOWER_IS_BETTER';
    const required = level === null ? null : lowerBetter ? level - margin : level + margin;
    const requirement =
      level === null
        ? 'no target'
        : `target ${pct(toHundredths(level), unit)}${margin ? ` ${lowerBetter ? '-' : '+'} margin ${formatHundredths(toHundredths(margin))}` : ''}`;
    const earned = actualH !== null && required !== null && meets(prev.kpi, actualH, required);
    const returned = earned
      ? Number(divRoundHalfUp(BigInt(prev.chargedCents) * BigInt(earnBack.sharePercent), 100n))
      : 0;
    out.push({
      kpi: prev.kpi,
      previousChargedCents: prev.chargedCents,
      returnedCents: returned,
      explanation: earned
        ? `Earn-back: ${actualText} meets ${requirement}: ${earnBack.sharePercent}% of last period's ${formatCents(prev.chargedCents)} = ${formatCents(returned)} returned`
        : `No earn-back: ${actualText} does not meet ${requirement}; last period's ${formatCents(prev.chargedCents)} stands`,
    });
  }
  return out;
}

/**
 * Service credits a contract's terms produce for one period: per-KPI lines, the cap, and
 * earn-back of the previous period's credits. All money in integer cents, each line rounded
 * half up once; the cap is shared pro rata so charged lines add up to the total exactly.
 */
export function computeServiceCredits(input: ComputeServiceCreditsInput): ServiceCredits {
  const { terms, kpis, feesCents } = input;
  const lines: CreditLine[] =
    terms.shape === 'PER_POINT'
      ? terms.lines.map((l) => perPointLine(l, kpis[l.kpi], feesCents))
      : terms.lines.map((l) => tieredLine(l, kpis[l.kpi], feesCents));
  const subtotal = lines.reduce((s, l) => s + l.amountCents, 0);
  const capCents = Number(divRoundHalfUp(BigInt(feesCents) * BigInt(terms.capBps), 10_000n));
  const capped = subtotal > capCents;
  if (capped) {
    allocateCap(lines, subtotal, capCents);
    for (const l of lines) {
      if (l.amountCents > 0) {
        l.explanation += `; capped at ${formatBps(terms.capBps)} of fees, this line's share ${formatCents(l.chargedCents)}`;
      }
    }
  }
  const totalCents = capped ? capCents : subtotal;
  const earnBack = earnBackLines(terms, kpis, input.previous);
  const earnBackCents = earnBack.reduce((s, l) => s + l.returnedCents, 0);
  const capText = capped
    ? `; capped at ${formatBps(terms.capBps)} of fees ${formatCents(feesCents)} = ${formatCents(capCents)}`
    : ` (cap ${formatBps(terms.capBps)} of fees = ${formatCents(capCents)} not reached)`;
  const earnText =
    earnBack.length > 0
      ? `; earn-back ${formatCents(earnBackCents)}; net ${formatCents(totalCents - earnBackCents)}`
      : '';
  return {
    shape: terms.shape,
    feesCents,
    lines,
    subtotalCents: subtotal,
    capCents,
    capped,
    totalCents,
    earnBack,
    earnBackCents,
    netCents: totalCents - earnBackCents,
    explanation: `Credits ${formatCents(subtotal)}${capText}; total ${formatCents(totalCents)}${earnText}`,
  };
}
