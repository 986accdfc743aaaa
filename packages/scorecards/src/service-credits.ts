import type { KpiResult } from './compute-scorecard.ts';
import {
  divRoundHalfUp,
  formatBps,
  formatCents,
  formatHundredths,
  toHundredths,
} from './fixed-point.ts';
import { actualHundredths, kpiDefinition } from './kpi-definitions.ts';
import type {
  CreditUnit,
  KpiKey,
  ServiceCreditTerms,
  StepCreditLine,
  TieredCreditLine,
} from './types.ts';

export interface CreditLine {
  kpi: KpiKey;
  /** The unit the term counts in (the KPI's own). */
  unit: CreditUnit;
  /** PER_STEP: one step in `unit`; null for a tier table. */
  stepSize: number | null;
  /** PER_STEP: basis points of fees per full step; null for a tier table. */
  rateBpsPerStep: number | null;
  actual: number | null;
  target: number | null;
  /** How far the actual misses the target, in `unit` (PER_STEP); null when not measured. */
  shortfall: number | null;
  /** Full steps of shortfall (PER_STEP); null when not measured or for a tier table. */
  steps: number | null;
  /** Basis points of fees applied (rate × steps for PER_STEP, the tier's rate for TIERED). */
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

// Rates may carry hundredths of a basis point (e.g. 1.5 bps per 0.01 point): kept as integers.
const rateHundredths = (bps: number) => Math.round(bps * 100);

function formatRate(rateH: number): string {
  if (rateH % 100 === 0) return formatBps(rateH / 100);
  return `${(rateH / 10_000).toFixed(4)}%`;
}

const UNIT_TEXT: Record<CreditUnit, string> = {
  PERCENTAGE_POINTS: 'points',
  SECONDS: 's',
  MINUTES: 'min',
  COUNT: 'cases',
  SCORE_POINTS: 'score points',
};

/** "28.16 s" / "3.80 points": a quantity in a credit unit, from hundredths. */
export const formatInUnit = (h: number, unit: CreditUnit) =>
  `${formatHundredths(h)} ${UNIT_TEXT[unit]}`;

function stepLine(line: StepCreditLine, result: KpiResult, feesCents: number): CreditLine {
  const weightPercent = line.weightPercent ?? 100;
  const { actualH, actualText } = describe(result);
  const unit = kpiDefinition(line.kpi).unit;
  const base = {
    kpi: line.kpi,
    unit: line.unit,
    stepSize: line.stepSize,
    rateBpsPerStep: line.rateBpsPerStep,
    actual: result.actual,
    target: result.target,
    weightPercent,
  };
  if (actualH === null || result.target === null) {
    const why = actualH === null ? 'no data' : 'no target';
    return {
      ...base,
      shortfall: null,
      steps: null,
      appliedBps: 0,
      amountCents: 0,
      chargedCents: 0,
      explanation: `${actualText}: ${why}, no credit`,
    };
  }
  const shortH = shortfallHundredths(line.kpi, actualH, result.target);
  const stepH = toHundredths(line.stepSize);
  // Only full steps count: 281.61 s over with 10 s steps is 28 steps.
  const steps = Math.floor(shortH / stepH);
  const rateH = rateHundredths(line.rateBpsPerStep);
  // fees × (rate hundredths of bps / 1,000,000) × steps × (weight / 100)
  const raw = divRoundHalfUp(
    BigInt(feesCents) * BigInt(rateH) * BigInt(steps) * BigInt(weightPercent),
    100n * 10_000n * 100n,
  );
  const lineCap = divRoundHalfUp(BigInt(feesCents) * BigInt(line.capBps), 10_000n);
  const amount = Math.min(Number(raw), Number(lineCap));
  const vs = `${actualText} vs target ${pct(toHundredths(result.target), unit)}`;
  const capText =
    raw > lineCap
      ? `, line capped at ${formatBps(line.capBps)} of fees = ${formatCents(lineCap)}`
      : '';
  return {
    ...base,
    shortfall: shortH / 100,
    steps,
    appliedBps: (rateH * steps) / 100,
    amountCents: amount,
    chargedCents: amount,
    explanation:
      shortH === 0
        ? `${vs}: target met, no credit`
        : steps === 0
          ? `${vs}: ${formatInUnit(shortH, line.unit)} short, less than one full step of ${formatInUnit(stepH, line.unit)}, no credit`
          : `${vs}: ${formatInUnit(shortH, line.unit)} short = ${steps} full step${steps === 1 ? '' : 's'} of ${formatInUnit(stepH, line.unit)} × ${formatRate(rateH)} × fees ${formatCents(feesCents)}${weightText(weightPercent)} = ${formatCents(Number(raw))}${capText}`,
  };
}

function tieredLine(line: TieredCreditLine, result: KpiResult, feesCents: number): CreditLine {
  const weightPercent = line.weightPercent ?? 100;
  const { actualH, actualText } = describe(result);
  const definition = kpiDefinition(line.kpi);
  const base = {
    kpi: line.kpi,
    unit: line.unit,
    stepSize: null,
    rateBpsPerStep: null,
    actual: result.actual,
    target: result.target,
    shortfall: null,
    steps: null,
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
 * Service credits a contract's terms produce for one period: per-KPI lines (each within its own
 * cap), the overall cap, and
 * earn-back of the previous period's credits. All money in integer cents, each line rounded
 * half up once; the cap is shared pro rata so charged lines add up to the total exactly.
 */
export function computeServiceCredits(input: ComputeServiceCreditsInput): ServiceCredits {
  const { terms, kpis, feesCents } = input;
  const lines: CreditLine[] =
    terms.shape === 'PER_STEP'
      ? terms.lines.map((l) => stepLine(l, kpis[l.kpi], feesCents))
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
