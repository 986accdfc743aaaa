// Service-credit statements and disputes: thin resolvers over the domain's credits entry points.
import {
  type Actor,
  type CreditDisputeView,
  type CreditStatementLineView,
  type CreditStatementView,
  closeCreditStatement,
  disputeCreditLine,
  readCreditStatement,
  readCreditStatements,
  resolveCreditDispute,
} from '@bvg/domain';
import * as core from '@bvg/scorecards';
import { builder } from '../builder.ts';
import { CreditUnitEnum } from './scorecards.ts';

const managers = { role: 'vendor_manager' } as const;
const readers = { vendor: 'scorecards:read', role: 'vendor_manager' } as const;
const disputers = { vendor: 'credits:write' } as const;

const StatementStatus = builder.enumType('CreditStatementStatus', {
  description: 'CURRENT: the month’s latest statement. SUPERSEDED: re-issued as a later version.',
  values: ['CURRENT', 'SUPERSEDED'] as const,
});
const DisputeStatus = builder.enumType('CreditDisputeStatus', {
  description:
    'OPEN until a vendor manager decides: ACCEPTED (the line charges nothing), ADJUSTED (a new amount) or REJECTED (it stands).',
  values: ['OPEN', 'ACCEPTED', 'ADJUSTED', 'REJECTED'] as const,
});
const DisputeDecision = builder.enumType('CreditDisputeDecision', {
  values: ['ACCEPT', 'ADJUST', 'REJECT'] as const,
});

const published = (kpi: string, value: number | null) =>
  core.publishedValue(core.kpiDefinition(kpi as core.KpiKey).unit, value);

const Dispute = builder.objectRef<CreditDisputeView>('CreditDispute').implement({
  description: 'A vendor’s objection to one statement line, and the vendor manager’s decision.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: readers }),
    lineId: t.exposeID('lineId', { authScopes: readers }),
    statementId: t.exposeID('statementId', { authScopes: readers }),
    vendorId: t.exposeID('vendorId', { authScopes: readers }),
    status: t.field({ type: DisputeStatus, authScopes: readers, resolve: (d) => d.status }),
    reason: t.exposeString('reason', { authScopes: readers }),
    openedAt: t.field({ type: 'DateTime', authScopes: readers, resolve: (d) => d.openedAt }),
    resolvedAmountCents: t.int({
      nullable: true,
      description: 'What the line charges after the decision (0 when ACCEPTED).',
      authScopes: readers,
      resolve: (d) => d.resolvedAmountCents,
    }),
    resolutionNote: t.string({
      nullable: true,
      authScopes: readers,
      resolve: (d) => d.resolutionNote,
    }),
    resolvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: readers,
      resolve: (d) => d.resolvedAt,
    }),
  }),
});

const Line = builder.objectRef<CreditStatementLineView>('CreditStatementLine').implement({
  description:
    'One KPI’s credit on a statement: the figures, the arithmetic and the cases behind it.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: readers }),
    statementId: t.exposeID('statementId', { authScopes: readers }),
    kpi: t.exposeString('kpi', { authScopes: readers }),
    unit: t.field({
      type: CreditUnitEnum,
      authScopes: readers,
      resolve: (l) => l.unit as core.CreditUnit,
    }),
    stepSize: t.float({ nullable: true, authScopes: readers, resolve: (l) => l.stepSize }),
    rateBpsPerStep: t.float({
      nullable: true,
      authScopes: readers,
      resolve: (l) => l.rateBpsPerStep,
    }),
    target: t.float({
      nullable: true,
      authScopes: readers,
      resolve: (l) => published(l.kpi, l.target),
    }),
    actual: t.float({
      nullable: true,
      authScopes: readers,
      resolve: (l) => published(l.kpi, l.actual),
    }),
    shortfall: t.float({ nullable: true, authScopes: readers, resolve: (l) => l.shortfall }),
    steps: t.int({ nullable: true, authScopes: readers, resolve: (l) => l.steps }),
    appliedBps: t.exposeFloat('appliedBps', { authScopes: readers }),
    weightPercent: t.exposeFloat('weightPercent', { authScopes: readers }),
    amountCents: t.int({
      description: 'Before the cap.',
      authScopes: readers,
      resolve: (l) => l.amountCents,
    }),
    chargedCents: t.int({
      description: 'After the cap, as closed.',
      authScopes: readers,
      resolve: (l) => l.chargedCents,
    }),
    effectiveChargedCents: t.int({
      description:
        'What the line charges now: the decided amount of an ACCEPTED or ADJUSTED dispute, else chargedCents.',
      authScopes: readers,
      resolve: (l) =>
        l.dispute && (l.dispute.status === 'ACCEPTED' || l.dispute.status === 'ADJUSTED')
          ? (l.dispute.resolvedAmountCents ?? l.chargedCents)
          : l.chargedCents,
    }),
    explanation: t.exposeString('explanation', { authScopes: readers }),
    caseIds: t.idList({
      description: 'The cases the figure was computed from (list them with `case(id)`).',
      authScopes: readers,
      resolve: (l) => l.caseIds,
    }),
    caseCount: t.int({ authScopes: readers, resolve: (l) => l.caseIds.length }),
    dispute: t.field({
      type: Dispute,
      nullable: true,
      authScopes: readers,
      resolve: (l) => l.dispute,
    }),
  }),
});

const Statement = builder.objectRef<CreditStatementView>('CreditStatement').implement({
  description:
    'A billing month’s service credits for one vendor, closed by a vendor manager; never changed, only superseded by the next version. Money in minor units (cents) of `currency`.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: readers }),
    vendorId: t.exposeID('vendorId', { authScopes: readers }),
    period: t.exposeString('period', { description: 'YYYY-MM (UTC).', authScopes: readers }),
    periodStart: t.field({ type: 'DateTime', authScopes: readers, resolve: (s) => s.periodStart }),
    periodEnd: t.field({ type: 'DateTime', authScopes: readers, resolve: (s) => s.periodEnd }),
    version: t.exposeInt('version', { authScopes: readers }),
    status: t.field({ type: StatementStatus, authScopes: readers, resolve: (s) => s.status }),
    supersededById: t.id({
      nullable: true,
      authScopes: readers,
      resolve: (s) => s.supersededById,
    }),
    supersededAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: readers,
      resolve: (s) => s.supersededAt,
    }),
    contractId: t.id({
      nullable: true,
      description: 'The contract whose credit terms priced the lines.',
      authScopes: readers,
      resolve: (s) => s.contractId,
    }),
    contractReference: t.string({
      nullable: true,
      authScopes: readers,
      resolve: (s) => s.contractReference,
    }),
    contractVersion: t.int({
      nullable: true,
      description: 'The version of that contract (the terms in force at the end of the month).',
      authScopes: readers,
      resolve: (s) => s.contractVersion,
    }),
    creditTerms: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The credit terms as they read when the month was closed.',
      authScopes: readers,
      resolve: (s) => s.creditTerms,
    }),
    currency: t.exposeString('currency', { authScopes: readers }),
    feesCents: t.exposeInt('feesCents', { authScopes: readers }),
    subtotalCents: t.exposeInt('subtotalCents', { authScopes: readers }),
    capCents: t.exposeInt('capCents', { authScopes: readers }),
    totalCents: t.exposeInt('totalCents', { authScopes: readers }),
    earnBackCents: t.exposeInt('earnBackCents', { authScopes: readers }),
    netCents: t.exposeInt('netCents', { authScopes: readers }),
    explanation: t.exposeString('explanation', { authScopes: readers }),
    reason: t.exposeString('reason', { authScopes: readers }),
    closedAt: t.field({ type: 'DateTime', authScopes: readers, resolve: (s) => s.closedAt }),
    lines: t.field({ type: [Line], authScopes: readers, resolve: (s) => s.lines }),
  }),
});

builder.queryField('creditStatements', (t) =>
  t.field({
    type: [Statement],
    description:
      'Credit statements, newest month first, every version: a partner its own, a vendor manager any vendor’s (or all).',
    authScopes: readers,
    args: {
      vendorId: t.arg.id({ required: false }),
      period: t.arg.string({ required: false, description: 'YYYY-MM' }),
    },
    resolve: (_root, args, ctx) =>
      readCreditStatements(ctx.db, ctx.actor as Actor, {
        vendorId: args.vendorId == null ? null : String(args.vendorId),
        period: args.period ?? null,
      }),
  }),
);

builder.queryField('creditStatement', (t) =>
  t.field({
    type: Statement,
    description: 'One credit statement with its lines.',
    authScopes: readers,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      readCreditStatement(ctx.db, ctx.actor as Actor, { id: String(args.id) }),
  }),
);

builder.mutationField('closeCreditStatement', (t) =>
  t.field({
    type: Statement,
    description:
      'Closes a past month’s service credits for a vendor into a statement; closing it again issues the next version and supersedes the last.',
    authScopes: managers,
    args: {
      vendorId: t.arg.id({ required: true }),
      period: t.arg.string({ required: true, description: 'YYYY-MM' }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      closeCreditStatement(ctx.db, ctx.actor as Actor, {
        vendorId: String(args.vendorId),
        period: args.period,
        reason: args.reason,
      }),
  }),
);

builder.mutationField('disputeCreditLine', (t) =>
  t.field({
    type: Dispute,
    description: 'Disputes one line of your current credit statement, with your reason.',
    authScopes: disputers,
    args: { lineId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      disputeCreditLine(ctx.db, ctx.actor as Actor, {
        lineId: String(args.lineId),
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
);

builder.mutationField('resolveCreditDispute', (t) =>
  t.field({
    type: Dispute,
    description:
      'Decides an open dispute: ACCEPT (the line charges nothing), ADJUST (amountCents required) or REJECT; final.',
    authScopes: managers,
    args: {
      disputeId: t.arg.id({ required: true }),
      decision: t.arg({ type: DisputeDecision, required: true }),
      amountCents: t.arg.int({ required: false }),
      note: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      resolveCreditDispute(ctx.db, ctx.actor as Actor, {
        disputeId: String(args.disputeId),
        decision: args.decision,
        amountCents: args.amountCents ?? null,
        note: args.note,
        requestId: ctx.requestId,
      }),
  }),
);
