import type { TenantTx } from '@bvg/db';
import {
  type ContractTerms,
  type CreditUnit,
  creditUnitOf,
  type KpiKey,
  type KpiTarget,
  kpiDefinition,
  type Period,
  type ServiceCreditTerms,
  type VolumeBounds,
  validateCreditTerms,
} from '@bvg/scorecards';
import { kpiKeyOf } from './kpi-codes.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * How a term written "per point" before terms stated their unit reads in the KPI's own unit.
 * Percentages and scores keep their figures (hundredth-of-a-point steps at a hundredth of the
 * rate); seconds, minutes and counts were never points: the rate applies per full 10 s, per
 * full minute, per full case. The migration `credit_terms_units` rewrote stored terms by the
 * same rule; this reads any written since in the old form.
 */
export function legacyStep(unit: CreditUnit, rateBpsPerPoint: number) {
  if (unit === 'PERCENTAGE_POINTS' || unit === 'SCORE_POINTS') {
    return { stepSize: 0.01, rateBpsPerStep: rateBpsPerPoint / 100 };
  }
  return { stepSize: unit === 'SECONDS' ? 10 : 1, rateBpsPerStep: rateBpsPerPoint };
}

function legacyEarnBack(e: unknown) {
  if (!isObj(e) || e.enabled === false) return undefined;
  const share = num(e.sharePercent) ?? (num(e.share) !== undefined ? num(e.share)! * 100 : 0);
  if (!share) return undefined;
  return {
    sharePercent: share,
    ...(num(e.marginPoints) !== undefined && { marginPoints: e.marginPoints }),
  };
}

const legacyTiers = (tiers: unknown) =>
  (Array.isArray(tiers) ? tiers : []).filter(isObj).map((t) => ({
    threshold: num(t.threshold) ?? num(t.from) ?? 0,
    creditBps: num(t.creditBps) ?? Math.round((num(t.creditPct) ?? 0) * 100),
  }));

/** Terms in the old spellings (`PER_POINT`, compact tier tables) in today's shape. */
function upgradeLegacy(json: Json, targets: readonly { kpi: KpiKey; weight: number }[]): unknown {
  if (json.shape !== 'PER_POINT' && !(json.shape === 'TIERED' && !Array.isArray(json.lines))) {
    return json;
  }
  const capBps = num(json.capBps) ?? Math.round((num(json.capPct) ?? 0) * 100);
  const eb = legacyEarnBack(json.earnBack);
  const common = { capBps, ...(eb && { earnBack: eb }) };
  if (json.shape === 'TIERED') {
    const kpi = typeof json.kpi === 'string' ? kpiKeyOf(json.kpi) : null;
    const lines = kpi ? [{ kpi, unit: creditUnitOf(kpi), tiers: legacyTiers(json.tiers) }] : [];
    return { shape: 'TIERED', lines, ...common };
  }
  const written = Array.isArray(json.lines)
    ? json.lines.filter(isObj).flatMap((l) => {
        const kpi = typeof l.kpi === 'string' ? kpiKeyOf(l.kpi) : null;
        if (!kpi) return [];
        const weight = num(l.weightPercent);
        return [{ kpi, rate: num(l.rateBpsPerPoint) ?? 0, weight }];
      })
    : targets.map((t) => ({
        kpi: t.kpi,
        rate: Math.round((num(json.ratePerPointPct) ?? 0) * 100),
        weight: Math.round(t.weight * 100),
      }));
  const lines = written
    .filter((l) => kpiDefinition(l.kpi).direction !== 'WITHIN_BOUNDS')
    .map((l) => ({
      kpi: l.kpi,
      unit: creditUnitOf(l.kpi),
      ...legacyStep(creditUnitOf(l.kpi), l.rate),
      capBps,
      ...(l.weight !== undefined && { weightPercent: l.weight }),
    }));
  return { shape: 'PER_STEP', lines, ...common };
}

/**
 * The core's credit terms from a contract's stored JSON (`validateCreditTerms`), or undefined
 * when they are not valid: a contract with broken terms prices no credits rather than wrong
 * ones. Terms in the old per-point spelling are read through `legacyStep`.
 */
export function parseCreditTerms(
  json: unknown,
  targets: readonly { kpi: KpiKey; weight: number }[],
): ServiceCreditTerms | undefined {
  if (!isObj(json)) return undefined;
  const result = validateCreditTerms(upgradeLegacy(json, targets));
  return result.ok ? result.terms : undefined;
}

const DAY_MS = 86_400_000;

/** Monthly bounds over the period: whole calendar months count as such, otherwise pro rata. */
export function periodBounds(
  min: number | null,
  max: number | null,
  period: Period,
): VolumeBounds | undefined {
  if (min === null && max === null) return undefined;
  const s = period.start;
  const e = period.end;
  const monthStart = (d: Date) => d.getUTCDate() === 1 && d.getTime() % DAY_MS === 0;
  const months =
    monthStart(s) && monthStart(e)
      ? (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth()
      : (e.getTime() - s.getTime()) / DAY_MS / 30.4375;
  return {
    ...(min !== null && { min: Math.floor(min * months) }),
    ...(max !== null && { max: Math.ceil(max * months) }),
  };
}

/** The contract a period's credits are priced under: which one, and its terms as stored. */
export interface ContractInForce {
  contractId: string;
  reference: string;
  currency: string;
  /** The stored credit terms JSON, as it read when the figures were priced. */
  creditTerms: unknown;
  terms: ContractTerms;
}

/**
 * The contract in force for the period (the latest one starting on or before the period's
 * last day and ending on or after its first) with its terms, or null without one.
 */
export async function loadContractInForce(
  tx: TenantTx,
  vendorId: string,
  period: Period,
): Promise<ContractInForce | null> {
  const lastDay = new Date(period.end.getTime() - 1);
  const contract = await tx.contract.findFirst({
    where: {
      vendorId,
      periodStart: { lte: lastDay },
      periodEnd: { gte: new Date(Math.floor(period.start.getTime() / DAY_MS) * DAY_MS) },
    },
    orderBy: { periodStart: 'desc' },
    include: { kpiTargets: true },
  });
  if (!contract) return null;
  const weighted: { kpi: KpiKey; weight: number }[] = [];
  const targets: KpiTarget[] = [];
  for (const t of contract.kpiTargets) {
    const kpi = kpiKeyOf(t.kpi);
    if (!kpi) continue;
    targets.push({
      kpi,
      target: t.target,
      ...(t.scopeCode !== null && { scope: t.scopeCode }),
      ...(t.regionCode !== null && { region: t.regionCode }),
    });
    if (t.scopeCode === null && t.regionCode === null) weighted.push({ kpi, weight: t.weight });
  }
  const bounds = periodBounds(contract.minMonthlyVolume, contract.maxMonthlyVolume, period);
  const credits = parseCreditTerms(contract.creditTerms, weighted);
  return {
    contractId: contract.id,
    reference: contract.reference,
    currency: contract.currency,
    creditTerms: contract.creditTerms,
    terms: {
      vendorId,
      targets,
      pricePerCaseCents: contract.pricePerCaseMinor,
      ...(bounds && { volumeBounds: bounds }),
      ...(credits && { serviceCredits: credits }),
    },
  };
}

/**
 * The contract in force for the period as the core's ContractTerms. A vendor without a
 * contract gets empty terms: figures without targets or credits.
 */
export async function loadContractTerms(
  tx: TenantTx,
  vendorId: string,
  period: Period,
): Promise<ContractTerms> {
  const contract = await loadContractInForce(tx, vendorId, period);
  return contract?.terms ?? { vendorId, targets: [], pricePerCaseCents: 0 };
}
