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
const creditTermsSchema = z.discriminatedUnion('shape', [perPoint, tiered]);

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

/**
 * The contract in force for the period (the latest one starting on or before the period's
 * last day and ending on or after its first) as the core's ContractTerms. A vendor without a
 * contract gets empty terms: figures without targets or credits.
 */
export async function loadContractTerms(
  tx: TenantTx,
  vendorId: string,
  period: Period,
): Promise<ContractTerms> {
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
  if (!contract) return { vendorId, targets: [], pricePerCaseCents: 0 };
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
    vendorId,
    targets,
    pricePerCaseCents: contract.pricePerCaseMinor,
    ...(bounds && { volumeBounds: bounds }),
    ...(credits && { serviceCredits: credits }),
  };
}
