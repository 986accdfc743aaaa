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
import { type EffectivePeriod, versionInForce, versionsOver } from '../shared/contract-versions.ts';
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

type VersionRow = {
  id: string;
  reference: string;
  version: number;
  currency: string;
  pricePerCaseMinor: number;
  minMonthlyVolume: number | null;
  maxMonthlyVolume: number | null;
  creditTerms: unknown;
  kpiTargets: {
    kpi: string;
    scopeCode: string | null;
    regionCode: string | null;
    target: number;
    weight: number;
  }[];
};

/** The contract version a period's credits are priced under: which one, and its terms as stored. */
export interface ContractInForce {
  contractId: string;
  reference: string;
  version: number;
  currency: string;
  /** The stored credit terms JSON, as it read when the figures were priced. */
  creditTerms: unknown;
  terms: ContractTerms;
}

/**
 * The period's contract terms (as `loadContractTerms` gives them) and the version in force at
 * its last instant — the one a statement for the period is made under, or null without one —
 * from one read of the vendor's versions.
 */
export async function loadPeriodContract(
  tx: TenantTx,
  vendorId: string,
  period: Period,
): Promise<{ terms: ContractTerms; inForce: ContractInForce | null }> {
  const versions = await versionsDuring(tx, vendorId, period);
  const contract = versionInForce(versions, new Date(period.end.getTime() - 1));
  return {
    terms: termsOver(vendorId, versions, period),
    inForce: contract
      ? {
          contractId: contract.id,
          reference: contract.reference,
          version: contract.version,
          currency: contract.currency,
          creditTerms: contract.creditTerms,
          terms: termsOfVersion(vendorId, contract, period),
        }
      : null,
  };
}

/** One contract version's terms over the part of a period it governs. */
export function termsOfVersion(
  vendorId: string,
  contract: VersionRow,
  span: Period,
): ContractTerms {
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
  const bounds = periodBounds(contract.minMonthlyVolume, contract.maxMonthlyVolume, span);
  const credits = parseCreditTerms(contract.creditTerms, weighted);
  return {
    vendorId,
    targets,
    pricePerCaseCents: contract.pricePerCaseMinor,
    ...(bounds && { volumeBounds: bounds }),
    ...(credits && { serviceCredits: credits }),
  };
}

/**
 * The terms of a period split between contract versions, each weighted by the time it
 * governs: a KPI target is the time-weighted mean over the versions that set it, the price
 * likewise, volume bounds the sum of each version's pro-rata bounds over its own days. Credit
 * terms are those of the version governing the period's end (the one the statement is made
 * under).
 */
export function blendTerms(
  vendorId: string,
  parts: readonly { terms: ContractTerms; ms: number }[],
): ContractTerms {
  if (parts.length === 1) return parts[0]!.terms;
  const total = parts.reduce((n, p) => n + p.ms, 0);
  const byKey = new Map<string, { target: KpiTarget; sum: number; ms: number }>();
  for (const { terms, ms } of parts) {
    for (const t of terms.targets) {
      const key = `${t.kpi}\u0000${t.scope ?? ''}\u0000${t.region ?? ''}`;
      const acc = byKey.get(key) ?? { target: t, sum: 0, ms: 0 };
      acc.sum += t.target * ms;
      acc.ms += ms;
      byKey.set(key, acc);
    }
  }
  const targets = [...byKey.values()].map(({ target, sum, ms }) => ({
    ...target,
    target: sum / ms,
  }));
  const price = Math.round(parts.reduce((n, p) => n + p.terms.pricePerCaseCents * p.ms, 0) / total);
  const sumOf = (k: 'min' | 'max') => {
    const set = parts.filter((p) => p.terms.volumeBounds?.[k] !== undefined);
    return set.length === 0 ? undefined : set.reduce((n, p) => n + p.terms.volumeBounds![k]!, 0);
  };
  const min = sumOf('min');
  const max = sumOf('max');
  const last = parts[parts.length - 1]!.terms;
  return {
    vendorId,
    targets,
    pricePerCaseCents: price,
    ...((min !== undefined || max !== undefined) && {
      volumeBounds: { ...(min !== undefined && { min }), ...(max !== undefined && { max }) },
    }),
    ...(last.serviceCredits && { serviceCredits: last.serviceCredits }),
  };
}

/**
 * The contract terms for the period: each version in force during it governs its own part
 * (a month split by an amendment blends both, weighted by time), among contracts whose term
 * reaches the period. A vendor without one gets empty terms: figures without targets or
 * credits.
 */
export async function loadContractTerms(
  tx: TenantTx,
  vendorId: string,
  period: Period,
): Promise<ContractTerms> {
  return termsOver(vendorId, await versionsDuring(tx, vendorId, period), period);
}

/** The vendor's versions in force at some instant of the period, among contracts reaching it. */
function versionsDuring(tx: TenantTx, vendorId: string, period: Period) {
  return tx.contract.findMany({
    where: {
      vendorId,
      effectiveFrom: { lt: period.end },
      OR: [{ effectiveTo: null }, { effectiveTo: { gt: period.start } }],
      periodEnd: { gte: new Date(Math.floor(period.start.getTime() / DAY_MS) * DAY_MS) },
    },
    orderBy: { effectiveFrom: 'asc' },
    include: { kpiTargets: true },
  });
}

function termsOver(
  vendorId: string,
  versions: readonly (VersionRow & EffectivePeriod)[],
  period: Period,
): ContractTerms {
  const spans = versionsOver(versions, period.start, period.end);
  if (spans.length === 0) return { vendorId, targets: [], pricePerCaseCents: 0 };
  return blendTerms(
    vendorId,
    spans.map(({ version, from, to }) => ({
      terms: termsOfVersion(vendorId, version, { ...period, start: from, end: to }),
      ms: to.getTime() - from.getTime(),
    })),
  );
}
