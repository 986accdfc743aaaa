import type { TenantTx } from '@bvg/db';
import type {
  ContractTerms,
  KpiKey,
  KpiTarget,
  Period,
  ServiceCreditTerms,
  VolumeBounds,
} from '@bvg/scorecards';
import { z } from 'zod';
import { versionsOver } from '../shared/contract-versions.ts';
import { kpiKeyOf } from './kpi-codes.ts';

const earnBack = z
  .object({
    enabled: z.boolean().optional(),
    share: z.number().min(0).max(1).optional(),
    sharePercent: z.number().min(0).max(100).optional(),
    marginPoints: z.number().min(0).optional(),
  })
  .optional();

// The stored JSON (Contract.creditTerms) comes in two spellings: the core's own lines, or the
// compact form contracts are written in (rate per point for every KPI target, one tier table).
const perPoint = z.object({
  shape: z.literal('PER_POINT'),
  ratePerPointPct: z.number().min(0).optional(),
  capPct: z.number().min(0).optional(),
  capBps: z.number().min(0).optional(),
  lines: z
    .array(
      z.object({
        kpi: z.string(),
        rateBpsPerPoint: z.number().min(0),
        weightPercent: z.number().min(0).optional(),
      }),
    )
    .optional(),
  earnBack,
});
const tier = z.object({
  threshold: z.number().optional(),
  from: z.number().optional(),
  creditBps: z.number().min(0).optional(),
  creditPct: z.number().min(0).optional(),
});
const tiered = z.object({
  shape: z.literal('TIERED'),
  kpi: z.string().optional(),
  tiers: z.array(tier).optional(),
  capPct: z.number().min(0).optional(),
  capBps: z.number().min(0).optional(),
  lines: z
    .array(
      z.object({
        kpi: z.string(),
        tiers: z.array(tier),
        weightPercent: z.number().min(0).optional(),
      }),
    )
    .optional(),
  earnBack,
});
export const creditTermsSchema = z.discriminatedUnion('shape', [perPoint, tiered]);

const bps = (pct: number) => Math.round(pct * 100);

function toEarnBack(e: z.infer<typeof earnBack>) {
  if (!e || e.enabled === false) return undefined;
  const sharePercent = e.sharePercent ?? (e.share !== undefined ? e.share * 100 : undefined);
  if (sharePercent === undefined || sharePercent === 0) return undefined;
  return { sharePercent, ...(e.marginPoints !== undefined && { marginPoints: e.marginPoints }) };
}

function toTiers(tiers: z.infer<typeof tier>[]) {
  return tiers.map((t) => ({
    threshold: t.threshold ?? t.from ?? 0,
    creditBps: t.creditBps ?? bps(t.creditPct ?? 0),
  }));
}

/**
 * The core's credit terms from a contract's stored JSON; per-point terms without explicit
 * lines charge every KPI target at the contract's rate, weighted by the target's weight.
 */
export function parseCreditTerms(
  json: unknown,
  targets: readonly { kpi: KpiKey; weight: number }[],
): ServiceCreditTerms | undefined {
  const parsed = creditTermsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  const capBps = t.capBps ?? bps(t.capPct ?? 0);
  const eb = toEarnBack(t.earnBack);
  if (t.shape === 'PER_POINT') {
    const lines = t.lines
      ? t.lines.flatMap((l) => {
          const kpi = kpiKeyOf(l.kpi);
          return kpi ? [{ ...l, kpi }] : [];
        })
      : targets.map((target) => ({
          kpi: target.kpi,
          rateBpsPerPoint: bps(t.ratePerPointPct ?? 0),
          weightPercent: Math.round(target.weight * 100),
        }));
    return { shape: 'PER_POINT', lines, capBps, ...(eb && { earnBack: eb }) };
  }
  const lines = t.lines
    ? t.lines.flatMap((l) => {
        const kpi = kpiKeyOf(l.kpi);
        return kpi ? [{ kpi, tiers: toTiers(l.tiers), weightPercent: l.weightPercent ?? 100 }] : [];
      })
    : t.kpi && kpiKeyOf(t.kpi)
      ? [{ kpi: kpiKeyOf(t.kpi)!, tiers: toTiers(t.tiers ?? []) }]
      : [];
  return { shape: 'TIERED', lines, capBps, ...(eb && { earnBack: eb }) };
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
  const versions = await tx.contract.findMany({
    where: {
      vendorId,
      effectiveFrom: { lt: period.end },
      OR: [{ effectiveTo: null }, { effectiveTo: { gt: period.start } }],
      periodEnd: { gte: new Date(Math.floor(period.start.getTime() / DAY_MS) * DAY_MS) },
    },
    orderBy: { effectiveFrom: 'asc' },
    include: { kpiTargets: true },
  });
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
