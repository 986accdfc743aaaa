// Vendor scorecards: KPIs against contract targets, trends, service credits and CSV exports.
import {
  type Actor,
  compareScorecards,
  exportScorecardCsv,
  kpiKeyOf,
  readScorecard,
  type ScorecardSource as Source,
  type VendorScorecard,
} from '@bvg/domain';
import * as core from '@bvg/scorecards';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';

const internalOnly = { role: 'vendor_manager' } as const;
const readers = { vendor: 'scorecards:read', role: 'vendor_manager' } as const;
/** Types shared with the QA calibration listing, which auditors read too. */
export const qaReaders = {
  vendor: 'scorecards:read',
  role: 'vendor_manager',
  $any: { role: 'auditor' },
} as const;

export const PeriodInput = builder.inputType('PeriodInput', {
  description: 'A half-open interval [start, end): start included, end excluded.',
  fields: (t) => ({
    start: t.field({ type: 'DateTime', required: true }),
    end: t.field({ type: 'DateTime', required: true }),
  }),
});

const ScorecardDimension = builder.enumType('ScorecardDimension', {
  values: ['SCOPE', 'REGION', 'WEEK', 'PRIORITY'] as const,
});
const ScorecardSource = builder.enumType('ScorecardSource', {
  description:
    'EXACT: computed from the case events, every figure with its cases. ROLLUP: from the daily rollups, fast at any volume, without case ids (percentiles are histogram bounds).',
  values: ['EXACT', 'ROLLUP'] as const,
});
const KpiStatus = builder.enumType('KpiStatus', {
  values: ['MET', 'MISSED', 'NO_TARGET', 'NO_DATA'] as const,
});
const KpiTrend = builder.enumType('KpiTrend', {
  description: 'Which way the value moved against the previous period (not whether that is good).',
  values: ['UP', 'DOWN', 'FLAT'] as const,
});
const ScorecardCsvKind = builder.enumType('ScorecardCsvKind', {
  values: {
    SCORECARD: { description: 'A record per row × KPI, totals last.' },
    SERVICE_CREDITS: { description: 'Credit lines, earn-back and net, each with its arithmetic.' },
    CASES: {
      description:
        'The cases behind one figure (needs kpi; rowKey defaults to TOTAL), PII redacted.',
    },
  } as const,
});

export const Evidence = builder.objectRef<core.Figure>('KpiEvidence').implement({
  description:
    'How a figure was computed: ratios are 100 × numerator / denominator, means numerator / denominator.',
  authScopes: qaReaders,
  fields: (t) => ({
    value: t.float({ nullable: true, authScopes: qaReaders, resolve: (f) => f.value }),
    numerator: t.float({ authScopes: qaReaders, resolve: (f) => f.numerator }),
    denominator: t.int({ nullable: true, authScopes: qaReaders, resolve: (f) => f.denominator }),
    caseCount: t.int({ authScopes: qaReaders, resolve: (f) => f.caseIds.length }),
    caseIds: t.idList({
      description: 'The population of the figure (empty on rollup scorecards).',
      authScopes: qaReaders,
      resolve: (f) => [...f.caseIds],
    }),
    numeratorCaseIds: t.idList({
      nullable: true,
      description:
        'For ratios, the cases counted; for percentiles, the case whose time is the value.',
      authScopes: qaReaders,
      resolve: (f) => (f.numeratorCaseIds ? [...f.numeratorCaseIds] : null),
    }),
  }),
});

const KpiResult = builder.objectRef<core.KpiResult>('KpiResult').implement({
  authScopes: readers,
  fields: (t) => ({
    kpi: t.string({ authScopes: readers, resolve: (k) => k.kpi }),
    label: t.string({ authScopes: readers, resolve: (k) => k.label }),
    unit: t.string({ authScopes: readers, resolve: (k) => k.unit }),
    actual: t.float({
      nullable: true,
      description:
        'Percentages, scores and points to 2 decimals, minutes to 1, seconds and cases whole (rounded half up); compared with the target at that precision.',
      authScopes: readers,
      resolve: (k) => k.actual,
    }),
    target: t.float({ nullable: true, authScopes: readers, resolve: (k) => k.target }),
    min: t.int({ nullable: true, authScopes: readers, resolve: (k) => k.bounds?.min ?? null }),
    max: t.int({ nullable: true, authScopes: readers, resolve: (k) => k.bounds?.max ?? null }),
    difference: t.float({
      nullable: true,
      description: "actual − target, at the unit's published precision (docs/kpis.md).",
      authScopes: readers,
      resolve: (k) => k.difference,
    }),
    status: t.field({ type: KpiStatus, authScopes: readers, resolve: (k) => k.status }),
    previous: t.float({ nullable: true, authScopes: readers, resolve: (k) => k.previous }),
    trend: t.field({
      type: KpiTrend,
      nullable: true,
      authScopes: readers,
      resolve: (k) => k.trend,
    }),
    evidence: t.field({ type: Evidence, authScopes: readers, resolve: (k) => k.evidence }),
  }),
});

const ScorecardGroup = builder.objectRef<core.ScorecardGroup>('ScorecardGroup').implement({
  authScopes: readers,
  fields: (t) => ({
    scope: t.string({ nullable: true, authScopes: readers, resolve: (g) => g.scope ?? null }),
    region: t.string({ nullable: true, authScopes: readers, resolve: (g) => g.region ?? null }),
    priority: t.string({ nullable: true, authScopes: readers, resolve: (g) => g.priority ?? null }),
    week: t.string({ nullable: true, authScopes: readers, resolve: (g) => g.week ?? null }),
  }),
});

export const CalibrationDisagreementType = builder
  .objectRef<core.CalibrationDisagreement>('CalibrationDisagreement')
  .implement({
    authScopes: qaReaders,
    fields: (t) => ({
      caseId: t.id({ authScopes: qaReaders, resolve: (d) => d.caseId }),
      vendorScore: t.float({
        authScopes: qaReaders,
        resolve: (d) => core.publishedValue('POINTS', d.vendorScore),
      }),
      internalScore: t.float({
        authScopes: qaReaders,
        resolve: (d) => core.publishedValue('POINTS', d.internalScore),
      }),
      gap: t.float({
        authScopes: qaReaders,
        resolve: (d) => core.publishedValue('POINTS', d.gap),
      }),
    }),
  });

const RowCalibration = builder.objectRef<core.Calibration>('ScorecardCalibration').implement({
  authScopes: readers,
  fields: (t) => ({
    threshold: t.float({ authScopes: readers, resolve: (c) => c.threshold }),
    gap: t.field({
      type: Evidence,
      authScopes: readers,
      resolve: (c) => core.publishFigure('POINTS', c.gap),
    }),
    agreement: t.field({
      type: Evidence,
      authScopes: readers,
      resolve: (c) => core.publishFigure('PERCENT', c.agreement),
    }),
    disagreements: t.field({
      type: [CalibrationDisagreementType],
      authScopes: readers,
      resolve: (c) => c.disagreements,
    }),
  }),
});

const ScorecardRow = builder.objectRef<core.ScorecardRow>('ScorecardRow').implement({
  authScopes: readers,
  fields: (t) => ({
    key: t.string({
      description: 'e.g. "SCOPE=APPEALS|WEEK=2026-W28"; TOTAL for totals.',
      authScopes: readers,
      resolve: (r) => r.key,
    }),
    group: t.field({ type: ScorecardGroup, authScopes: readers, resolve: (r) => r.group }),
    periodStart: t.field({ type: 'DateTime', authScopes: readers, resolve: (r) => r.period.start }),
    periodEnd: t.field({ type: 'DateTime', authScopes: readers, resolve: (r) => r.period.end }),
    kpis: t.field({
      type: [KpiResult],
      authScopes: readers,
      // Published precision (docs/kpis.md), the same numbers as the CSV export.
      resolve: (r) => Object.values(r.kpis).map(core.publishKpi),
    }),
    kpi: t.field({
      type: KpiResult,
      nullable: true,
      description: 'One KPI by key (e.g. firstResponseSla) or contract code (SLA_FIRST_RESPONSE).',
      args: { key: t.arg.string({ required: true }) },
      authScopes: readers,
      resolve: (r, { key }) => {
        const k = kpiKeyOf(key);
        return k ? core.publishKpi(r.kpis[k]) : null;
      },
    }),
    calibration: t.field({
      type: RowCalibration,
      authScopes: readers,
      resolve: (r) => r.calibration,
    }),
  }),
});

export const CreditUnitEnum = builder.enumType('CreditUnit', {
  description:
    'The unit a service-credit term counts a shortfall in: percentage points, seconds, minutes, a count of cases, or points of a score.',
  values: core.CREDIT_UNITS,
});

const CreditLine = builder.objectRef<core.CreditLine>('ServiceCreditLine').implement({
  authScopes: readers,
  fields: (t) => ({
    kpi: t.string({ authScopes: readers, resolve: (l) => l.kpi }),
    actual: t.float({
      nullable: true,
      authScopes: readers,
      resolve: (l) => core.publishedValue(core.kpiDefinition(l.kpi).unit, l.actual),
    }),
    target: t.float({
      nullable: true,
      authScopes: readers,
      resolve: (l) => core.publishedValue(core.kpiDefinition(l.kpi).unit, l.target),
    }),
    unit: t.field({
      type: CreditUnitEnum,
      description: 'The unit the shortfall is counted in: the KPI’s own.',
      authScopes: readers,
      resolve: (l) => l.unit,
    }),
    stepSize: t.float({
      nullable: true,
      description: 'One step of shortfall in `unit` (PER_STEP); only full steps are credited.',
      authScopes: readers,
      resolve: (l) => l.stepSize,
    }),
    rateBpsPerStep: t.float({
      nullable: true,
      description: 'Basis points of fees per full step (PER_STEP).',
      authScopes: readers,
      resolve: (l) => l.rateBpsPerStep,
    }),
    shortfall: t.float({
      nullable: true,
      description: 'How far the actual misses the target, in `unit` (PER_STEP).',
      authScopes: readers,
      resolve: (l) => l.shortfall,
    }),
    steps: t.int({
      nullable: true,
      description: 'Full steps of shortfall credited (PER_STEP).',
      authScopes: readers,
      resolve: (l) => l.steps,
    }),
    shortfallPoints: t.float({
      nullable: true,
      deprecationReason: 'Use shortfall and unit: a shortfall in seconds is not points.',
      authScopes: readers,
      resolve: (l) =>
        l.unit === 'PERCENTAGE_POINTS' || l.unit === 'SCORE_POINTS' ? l.shortfall : null,
    }),
    appliedBps: t.float({ authScopes: readers, resolve: (l) => l.appliedBps }),
    weightPercent: t.float({ authScopes: readers, resolve: (l) => l.weightPercent }),
    amountCents: t.float({
      description: 'Before the cap.',
      authScopes: readers,
      resolve: (l) => l.amountCents,
    }),
    chargedCents: t.float({
      description: 'After the cap.',
      authScopes: readers,
      resolve: (l) => l.chargedCents,
    }),
    explanation: t.string({ authScopes: readers, resolve: (l) => l.explanation }),
  }),
});

const EarnBackLine = builder.objectRef<core.EarnBackLine>('ServiceCreditEarnBack').implement({
  authScopes: readers,
  fields: (t) => ({
    kpi: t.string({ authScopes: readers, resolve: (l) => l.kpi }),
    previousChargedCents: t.float({ authScopes: readers, resolve: (l) => l.previousChargedCents }),
    returnedCents: t.float({ authScopes: readers, resolve: (l) => l.returnedCents }),
    explanation: t.string({ authScopes: readers, resolve: (l) => l.explanation }),
  }),
});

const ServiceCredits = builder.objectRef<core.ServiceCredits>('ServiceCredits').implement({
  description: 'Money in minor units (cents) of the contract currency.',
  authScopes: readers,
  fields: (t) => ({
    shape: t.string({ authScopes: readers, resolve: (c) => c.shape }),
    feesCents: t.float({ authScopes: readers, resolve: (c) => c.feesCents }),
    lines: t.field({ type: [CreditLine], authScopes: readers, resolve: (c) => c.lines }),
    subtotalCents: t.float({ authScopes: readers, resolve: (c) => c.subtotalCents }),
    capCents: t.float({ authScopes: readers, resolve: (c) => c.capCents }),
    capped: t.boolean({ authScopes: readers, resolve: (c) => c.capped }),
    totalCents: t.float({ authScopes: readers, resolve: (c) => c.totalCents }),
    earnBack: t.field({ type: [EarnBackLine], authScopes: readers, resolve: (c) => c.earnBack }),
    earnBackCents: t.float({ authScopes: readers, resolve: (c) => c.earnBackCents }),
    netCents: t.float({
      description: 'total − earn-back; negative is money returned to the vendor.',
      authScopes: readers,
      resolve: (c) => c.netCents,
    }),
    explanation: t.string({ authScopes: readers, resolve: (c) => c.explanation }),
  }),
});

const Scorecard = builder.objectRef<VendorScorecard>('Scorecard').implement({
  authScopes: readers,
  fields: (t) => ({
    vendorId: t.id({ authScopes: readers, resolve: (s) => s.vendorId }),
    vendorName: t.string({ authScopes: readers, resolve: (s) => s.vendorName }),
    periodStart: t.field({ type: 'DateTime', authScopes: readers, resolve: (s) => s.period.start }),
    periodEnd: t.field({ type: 'DateTime', authScopes: readers, resolve: (s) => s.period.end }),
    groupBy: t.field({
      type: [ScorecardDimension],
      authScopes: readers,
      resolve: (s) => [...s.groupBy],
    }),
    source: t.field({ type: ScorecardSource, authScopes: readers, resolve: (s) => s.source }),
    rows: t.field({ type: [ScorecardRow], authScopes: readers, resolve: (s) => s.rows }),
    totals: t.field({ type: ScorecardRow, authScopes: readers, resolve: (s) => s.totals }),
    serviceCredits: t.field({
      type: ServiceCredits,
      nullable: true,
      authScopes: readers,
      resolve: (s) => s.serviceCredits,
    }),
  }),
});

function requestOf(
  ctx: GraphQLContext,
  args: {
    vendorId?: string | null;
    period: { start: Date; end: Date };
    groupBy?: readonly core.GroupDimension[] | null;
    source?: Source | null;
  },
) {
  return {
    vendorId: args.vendorId ?? null,
    period: { start: args.period.start, end: args.period.end },
    groupBy: args.groupBy ?? [],
    source: args.source ?? 'EXACT',
    requestId: ctx.requestId,
  };
}

builder.queryField('scorecard', (t) =>
  t.field({
    type: Scorecard,
    description: "A vendor's scorecard: a partner reads its own, a vendor manager any vendor's.",
    authScopes: readers,
    args: {
      vendorId: t.arg.id({ required: false }),
      period: t.arg({ type: PeriodInput, required: true }),
      groupBy: t.arg({ type: [ScorecardDimension], required: false }),
      source: t.arg({ type: ScorecardSource, required: false, defaultValue: 'EXACT' }),
    },
    resolve: (_root, args, ctx) => readScorecard(ctx.db, ctx.actor as Actor, requestOf(ctx, args)),
  }),
);

builder.queryField('scorecards', (t) =>
  t.field({
    type: [Scorecard],
    description: 'Every active vendor, side by side.',
    authScopes: internalOnly,
    args: {
      period: t.arg({ type: PeriodInput, required: true }),
      groupBy: t.arg({ type: [ScorecardDimension], required: false }),
      source: t.arg({ type: ScorecardSource, required: false, defaultValue: 'EXACT' }),
    },
    resolve: (_root, args, ctx) =>
      compareScorecards(ctx.db, ctx.actor as Actor, requestOf(ctx, args)),
  }),
);

builder.queryField('scorecardCsv', (t) =>
  t.string({
    description:
      'CSV (RFC 4180) of a scorecard, of its service credits, or of the cases behind one figure (PII redacted).',
    authScopes: readers,
    args: {
      vendorId: t.arg.id({ required: false }),
      period: t.arg({ type: PeriodInput, required: true }),
      groupBy: t.arg({ type: [ScorecardDimension], required: false }),
      source: t.arg({ type: ScorecardSource, required: false, defaultValue: 'EXACT' }),
      kind: t.arg({ type: ScorecardCsvKind, required: false, defaultValue: 'SCORECARD' }),
      kpi: t.arg.string({ required: false }),
      rowKey: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      exportScorecardCsv(ctx.db, ctx.actor as Actor, {
        ...requestOf(ctx, args),
        kind: args.kind ?? 'SCORECARD',
        kpi: args.kpi ?? null,
        rowKey: args.rowKey ?? null,
      }),
  }),
);
