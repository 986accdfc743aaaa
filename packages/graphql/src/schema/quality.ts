// Quality data in (QA evaluations, CSAT answers) and the QA calibration review list.
import {
  type Actor,
  type CsatResult,
  type QaCalibration,
  type QaEvaluationResult,
  recordCsat,
  recordQaEvaluation,
  reviewQaCalibration,
} from '@bvg/domain';
import { publishFigure } from '@bvg/scorecards';
import { builder } from '../builder.ts';
import { CalibrationDisagreementType, Evidence, PeriodInput } from './scorecards.ts';

const qaWriters = { vendor: 'qa:write', role: 'auditor' } as const;
const csatWriters = { role: 'intake' } as const;
const calibrationReaders = { role: 'vendor_manager', $any: { role: 'auditor' } } as const;

const RubricItemInput = builder.inputType('QaRubricItemInput', {
  fields: (t) => ({
    item: t.string({ required: true }),
    weight: t.float({ required: true, description: 'Relative weight, above 0.' }),
    score: t.float({ required: true, description: '0–100.' }),
  }),
});

const SubmitQaEvaluationInput = builder.inputType('SubmitQaEvaluationInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    evaluatorId: t.string({
      required: false,
      description: 'The grader (e.g. a QA analyst id); defaults to the caller.',
    }),
    rubric: t.field({ type: [RubricItemInput], required: true }),
    score: t.float({
      required: false,
      description: 'Checked against the weighted rubric (to one decimal) when given.',
    }),
    criticalError: t.boolean({ required: true }),
    blind: t.boolean({ required: false }),
    comment: t.string({ required: false }),
    evaluatedAt: t.field({ type: 'DateTime', required: false }),
  }),
});

const RubricItem = builder
  .objectRef<{ item: string; weight: number; score: number }>('QaRubricItem')
  .implement({
    authScopes: qaWriters,
    fields: (t) => ({
      item: t.string({ authScopes: qaWriters, resolve: (r) => r.item }),
      weight: t.float({ authScopes: qaWriters, resolve: (r) => r.weight }),
      score: t.float({ authScopes: qaWriters, resolve: (r) => r.score }),
    }),
  });

const EvaluatorKind = builder.enumType('QaEvaluatorKind', {
  values: ['VENDOR', 'INTERNAL'] as const,
});

const QaEvaluation = builder.objectRef<QaEvaluationResult>('QaEvaluation').implement({
  authScopes: qaWriters,
  fields: (t) => ({
    id: t.id({ authScopes: qaWriters, resolve: (e) => e.id }),
    caseId: t.id({ authScopes: qaWriters, resolve: (e) => e.caseId }),
    vendorId: t.id({ authScopes: qaWriters, resolve: (e) => e.vendorId }),
    evaluatorKind: t.field({
      type: EvaluatorKind,
      authScopes: qaWriters,
      resolve: (e) => e.evaluatorKind,
    }),
    evaluatorId: t.string({ authScopes: qaWriters, resolve: (e) => e.evaluatorId }),
    rubric: t.field({ type: [RubricItem], authScopes: qaWriters, resolve: (e) => e.rubric }),
    score: t.float({ authScopes: qaWriters, resolve: (e) => e.score }),
    criticalError: t.boolean({ authScopes: qaWriters, resolve: (e) => e.criticalError }),
    blind: t.boolean({ authScopes: qaWriters, resolve: (e) => e.blind }),
    comment: t.string({ nullable: true, authScopes: qaWriters, resolve: (e) => e.comment }),
    evaluatedAt: t.field({
      type: 'DateTime',
      authScopes: qaWriters,
      resolve: (e) => e.evaluatedAt,
    }),
    replayed: t.boolean({
      description: 'True when this evaluation had been submitted before and nothing was written.',
      authScopes: qaWriters,
      resolve: (e) => e.replayed,
    }),
  }),
});

builder.mutationField('submitQaEvaluation', (t) =>
  t.field({
    type: QaEvaluation,
    description:
      "A QA evaluation of a handled case: by a partner's QA (its own cases only) or an internal auditor. Idempotent per case, evaluator kind and evaluator.",
    authScopes: qaWriters,
    args: { input: t.arg({ type: SubmitQaEvaluationInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const actor = ctx.actor as Actor;
      return recordQaEvaluation(ctx.db, actor, {
        caseId: String(input.caseId),
        ...(input.evaluatorId != null && { evaluatorId: input.evaluatorId }),
        rubric: input.rubric,
        score: input.score ?? null,
        criticalError: input.criticalError,
        ...(input.blind != null && { blind: input.blind }),
        comment: input.comment ?? null,
        ...(input.evaluatedAt != null && { evaluatedAt: input.evaluatedAt }),
        requestId: ctx.requestId,
      });
    },
  }),
);

const SubmitCsatInput = builder.inputType('SubmitCsatInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    score: t.int({ required: true, description: '1–5.' }),
    comment: t.string({ required: false }),
    respondedAt: t.field({ type: 'DateTime', required: false }),
  }),
});

const Csat = builder.objectRef<CsatResult>('CsatResponse').implement({
  authScopes: csatWriters,
  fields: (t) => ({
    id: t.id({ authScopes: csatWriters, resolve: (c) => c.id }),
    caseId: t.id({ authScopes: csatWriters, resolve: (c) => c.caseId }),
    score: t.int({ authScopes: csatWriters, resolve: (c) => c.score }),
    comment: t.string({ nullable: true, authScopes: csatWriters, resolve: (c) => c.comment }),
    respondedAt: t.field({
      type: 'DateTime',
      authScopes: csatWriters,
      resolve: (c) => c.respondedAt,
    }),
    replayed: t.boolean({ authScopes: csatWriters, resolve: (c) => c.replayed }),
  }),
});

builder.mutationField('submitCsat', (t) =>
  t.field({
    type: Csat,
    description: "The user's 1–5 survey answer for a resolved case. One per case; idempotent.",
    authScopes: csatWriters,
    args: { input: t.arg({ type: SubmitCsatInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      return recordCsat(ctx.db, ctx.actor as Actor, {
        caseId: String(input.caseId),
        score: input.score,
        comment: input.comment ?? null,
        ...(input.respondedAt != null && { respondedAt: input.respondedAt }),
        requestId: ctx.requestId,
      });
    },
  }),
);

const Calibration = builder.objectRef<QaCalibration>('QaCalibration').implement({
  description: "Grader agreement between a vendor's QA and internal QA on the same cases.",
  authScopes: calibrationReaders,
  fields: (t) => ({
    vendorId: t.id({ authScopes: calibrationReaders, resolve: (c) => c.vendorId }),
    periodStart: t.field({
      type: 'DateTime',
      authScopes: calibrationReaders,
      resolve: (c) => c.period.start,
    }),
    periodEnd: t.field({
      type: 'DateTime',
      authScopes: calibrationReaders,
      resolve: (c) => c.period.end,
    }),
    threshold: t.float({ authScopes: calibrationReaders, resolve: (c) => c.threshold }),
    calibratedCases: t.int({ authScopes: calibrationReaders, resolve: (c) => c.calibratedCases }),
    gap: t.field({
      type: Evidence,
      authScopes: calibrationReaders,
      resolve: (c) => publishFigure('POINTS', c.gap),
    }),
    agreement: t.field({
      type: Evidence,
      authScopes: calibrationReaders,
      resolve: (c) => publishFigure('PERCENT', c.agreement),
    }),
    disagreements: t.field({
      type: [CalibrationDisagreementType],
      description: 'Cases further apart than the threshold, largest gap first.',
      authScopes: calibrationReaders,
      resolve: (c) => c.disagreements,
    }),
  }),
});

builder.queryField('qaCalibration', (t) =>
  t.field({
    type: Calibration,
    authScopes: calibrationReaders,
    args: {
      vendorId: t.arg.id({ required: true }),
      period: t.arg({ type: PeriodInput, required: true }),
      threshold: t.arg.float({ required: false, description: 'QA points; 10 by default.' }),
    },
    resolve: (_root, args, ctx) =>
      reviewQaCalibration(ctx.db, ctx.actor as Actor, {
        vendorId: String(args.vendorId),
        period: { start: args.period.start, end: args.period.end },
        ...(args.threshold != null && { threshold: args.threshold }),
      }),
  }),
);
