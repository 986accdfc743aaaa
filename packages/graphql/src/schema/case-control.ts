// Ops control over cases: assign, re-route and recall one case or many (a tracked bulk
// operation with a dry run and progress), the unrouted queue with its reasons, and why each
// assignment went where it went. Resolvers only translate; the rules live in @bvg/domain.
import {
  type AssignmentView,
  assignCase,
  type BulkCaseFilter,
  type BulkCaseOperationInput,
  type BulkCaseOperationView,
  type BulkPreview,
  getBulkCaseOperation,
  listCaseAssignments,
  listUnroutedCases,
  type OutcomeCount,
  previewBulkCaseOperation,
  readCase,
  recallCase,
  rerouteCaseByOps,
  startBulkCaseOperation,
  type UnroutedCaseView,
} from '@bvg/domain';
import type { BulkOperationNotice } from '@bvg/queue';
import { BULK_OPERATIONS_ROUTING_KEY } from '@bvg/queue';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { Case, CaseStatusEnum, PriorityEnum } from './cases.ts';

// The stored decision's shapes, as the domain returns them.
type RuleEvaluation = AssignmentView['rules'][number];
type CandidateEvaluation = AssignmentView['otherCandidates'][number];
type ResidencyCheck = NonNullable<AssignmentView['residencyCheck']>;
type ExclusionReason = CandidateEvaluation['reasons'][number];

const ops = { role: 'ops' } as const;
const explainers = { anyRole: ['ops', 'auditor'] } as const;

function opsActor(ctx: GraphQLContext) {
  const actor = ctx.actor;
  if (actor?.kind !== 'INTERNAL') throw new AppError('FORBIDDEN');
  return actor;
}

// ───────────────────────────── explanations ─────────────────────────────

const ExclusionReasonEnum = builder.enumType('RoutingExclusionReason', {
  description: 'Why a vendor could not take a case.',
  values: {
    UNKNOWN_VENDOR: { description: 'The rule names a vendor that does not exist.' },
    EXCLUDED_BY_CALLER: { description: 'Excluded for this case (it rejected it, or ops said so).' },
    INACTIVE: { description: 'The vendor takes no new work.' },
    RESTRICTED_SCOPE: { description: 'A restricted scope (minor safety) the vendor may not take.' },
    NOT_US_CLEARED: { description: 'US data needs a US-cleared vendor.' },
    NO_GDPR_AGREEMENT: { description: 'EU data needs a GDPR processing agreement.' },
    NOT_CERTIFIED_SCOPE: { description: 'Not certified for the scope.' },
    NOT_CERTIFIED_REGION: { description: 'Certified for the scope, not in this region.' },
    NOT_CERTIFIED_LANGUAGE: { description: "Certified, but not in the case's language." },
    NO_CAPACITY_FOR_SCOPE: { description: 'No contracted capacity for the scope.' },
    AT_OPEN_CEILING: { description: 'At its open-case ceiling for the scope.' },
    AT_DAILY_CAP: { description: 'At its daily intake cap for the scope.' },
    OUTSIDE_BUSINESS_HOURS: { description: 'Closed, and the rule asks for business hours.' },
  } as const,
});

const CandidateRoleEnum = builder.enumType('RoutingCandidateRole', {
  values: {
    TARGET: { description: 'A weighted target of the rule.' },
    FALLBACK: { description: "One of the rule's ordered fallbacks." },
    IN_HOUSE_DEFAULT: { description: 'The in-house team restricted scopes go to by default.' },
    OPS_CHOICE: { description: 'The vendor ops chose by hand.' },
  } as const,
});

const SelectionEnum = builder.enumType('RoutingSelection', {
  values: {
    WEIGHTED: { description: "Picked by the rule's weighted split." },
    FALLBACK: { description: 'A fallback: no weighted target was eligible.' },
    IN_HOUSE_DEFAULT: { description: 'A restricted scope no rule placed went in-house.' },
    OPS_ASSIGNED: { description: 'Ops assigned the case by hand.' },
  } as const,
});

const Candidate = builder.objectRef<CandidateEvaluation>('RoutingCandidate').implement({
  description: 'A vendor a decision looked at, and whether (and why not) it could take the case.',
  authScopes: explainers,
  fields: (t) => ({
    vendorId: t.exposeID('vendorId'),
    role: t.field({ type: CandidateRoleEnum, resolve: (c) => c.role }),
    weight: t.int({ nullable: true, resolve: (c) => c.weight ?? null }),
    eligible: t.exposeBoolean('eligible'),
    reasons: t.field({
      type: [ExclusionReasonEnum],
      description: 'Every reason it was excluded; for an ops choice, the capacity overridden.',
      resolve: (c) => [...c.reasons],
    }),
  }),
});

const Mismatch = builder
  .objectRef<NonNullable<RuleEvaluation['mismatch']>>('RoutingRuleMismatch')
  .implement({
    description: 'The first attribute on which the case falls outside a rule.',
    authScopes: explainers,
    fields: (t) => ({
      attribute: t.exposeString('attribute'),
      expected: t.stringList({ resolve: (m) => [...m.expected] }),
      actual: t.exposeString('actual'),
    }),
  });

const RuleEvaluationRef = builder.objectRef<RuleEvaluation>('RoutingRuleEvaluation').implement({
  description: 'One rule as the decision evaluated it.',
  authScopes: explainers,
  fields: (t) => ({
    ruleId: t.exposeString('ruleId'),
    ruleName: t.exposeString('ruleName'),
    matched: t.exposeBoolean('matched'),
    mismatch: t.field({ type: Mismatch, nullable: true, resolve: (r) => r.mismatch }),
    outcome: t.exposeString('outcome', {
      description: 'NOT_MATCHED, NO_ELIGIBLE_VENDOR or SELECTED.',
    }),
    candidates: t.field({ type: [Candidate], resolve: (r) => [...r.candidates] }),
  }),
});

const Residency = builder.objectRef<ResidencyCheck>('ResidencyCheck').implement({
  description: 'The data-residency check the assignment passed, as recorded when it was made.',
  authScopes: explainers,
  fields: (t) => ({
    region: t.exposeString('region'),
    requirement: t.exposeString('requirement', {
      description: 'NONE, US_CLEARANCE, GDPR_AGREEMENT or US_CLEARANCE_AND_GDPR_AGREEMENT.',
    }),
    vendorUsDataCleared: t.exposeBoolean('vendorUsDataCleared'),
    vendorGdprAgreement: t.exposeBoolean('vendorGdprAgreement'),
    passed: t.exposeBoolean('passed'),
  }),
});

const Split = builder.objectRef<AssignmentView['split']>('RoutingSplitPosition').implement({
  description: 'Where the chosen vendor stood in the rule that chose it.',
  authScopes: explainers,
  fields: (t) => ({
    selection: t.field({ type: SelectionEnum, resolve: (s) => s.selection }),
    weight: t.exposeInt('weight', { nullable: true }),
    eligibleWeight: t.exposeInt('eligibleWeight', {
      nullable: true,
      description: "Sum of the eligible targets' weights: the split the pick was made in.",
    }),
    share: t.exposeFloat('share', {
      nullable: true,
      description: "The chosen target's share of that split (0–1).",
    }),
    fallbackPosition: t.exposeInt('fallbackPosition', {
      nullable: true,
      description: "1-based position among the rule's fallbacks.",
    }),
    candidatesConsidered: t.exposeInt('candidatesConsidered'),
  }),
});

const Assignment = builder.objectRef<AssignmentView>('Assignment').implement({
  description:
    'A decision that put the case with a vendor, as recorded when it was made, and what became of the offer.',
  authScopes: explainers,
  fields: (t) => ({
    id: t.exposeID('id'),
    vendorId: t.exposeID('vendorId'),
    vendorName: t.exposeString('vendorName'),
    attempt: t.exposeInt('attempt'),
    status: t.exposeString('status', {
      description: 'OFFERED, ACCEPTED, REJECTED, EXPIRED, RECALLED, ESCALATED or COMPLETED.',
    }),
    offeredAt: t.field({ type: 'DateTime', resolve: (a) => a.offeredAt }),
    leaseExpiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.leaseExpiresAt }),
    acceptedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.acceptedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.endedAt }),
    endReason: t.exposeString('endReason', { nullable: true }),
    rulesetVersion: t.exposeInt('rulesetVersion', {
      nullable: true,
      description: 'The ruleset version that decided; null when ops assigned by hand.',
    }),
    ruleId: t.exposeID('ruleId', { nullable: true }),
    ruleName: t.exposeString('ruleName', { nullable: true }),
    summary: t.exposeString('summary', { description: 'The decision in one sentence.' }),
    residencyCheck: t.field({ type: Residency, nullable: true, resolve: (a) => a.residencyCheck }),
    rulesConsidered: t.field({
      type: [RuleEvaluationRef],
      description: 'Every rule looked at, in order, with its candidates and their exclusions.',
      resolve: (a) => a.rules,
    }),
    otherCandidates: t.field({
      type: [Candidate],
      description: 'Candidates outside the rules: the in-house default, or the vendor ops chose.',
      resolve: (a) => a.otherCandidates,
    }),
    split: t.field({ type: Split, resolve: (a) => a.split }),
  }),
});

builder.objectField(Case, 'assignments', (t) =>
  t.field({
    type: [Assignment],
    description:
      'Every assignment of the case with its explanation (ops and auditors only), oldest first.',
    authScopes: explainers,
    resolve: (view, _args, ctx) =>
      listCaseAssignments(ctx.db, ctx.actor!, { caseId: view.row.id, requestId: ctx.requestId }),
  }),
);

// ───────────────────────────── one case ─────────────────────────────

const REASON = 'Why (required, recorded in the audit trail).';

const AssignCaseInput = builder.inputType('AssignCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({
      required: true,
      description: 'The case version you read; stale is CONFLICT.',
    }),
    vendorId: t.id({
      required: true,
      description: 'The vendor or in-house team to take the case.',
    }),
    overrideCapacity: t.boolean({
      required: false,
      description:
        "Exceed the vendor's capacity for the scope. Residency, restricted scopes and certifications are never overridden.",
    }),
    reason: t.string({ required: true, description: REASON }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const RerouteCaseInput = builder.inputType('RerouteCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({
      required: true,
      description: 'The case version you read; stale is CONFLICT.',
    }),
    excludeVendorIds: t.idList({
      required: false,
      description: 'Vendors the router must not choose; the current holder is excluded anyway.',
    }),
    reason: t.string({ required: true, description: REASON }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const RecallCaseInput = builder.inputType('RecallCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    version: t.int({
      required: true,
      description: 'The case version you read; stale is CONFLICT.',
    }),
    reason: t.string({ required: true, description: REASON }),
    idempotencyKey: t.string({ required: false }),
  }),
});

const caseAfter = (ctx: GraphQLContext, caseId: string) =>
  readCase(ctx.db, ctx.actor!, { caseId, requestId: ctx.requestId });

builder.mutationFields((t) => ({
  assignCase: t.field({
    type: Case,
    description:
      'Assign a case to a vendor or in-house team of your choosing (also an UNROUTED one). The vendor losing it gets case.recalled, the one gaining it case.assigned.',
    authScopes: ops,
    args: { input: t.arg({ type: AssignCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await assignCase(ctx.db, opsActor(ctx), {
        caseId: String(input.caseId),
        version: input.version,
        vendorId: String(input.vendorId),
        overrideCapacity: input.overrideCapacity ?? false,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey ?? null,
        requestId: ctx.requestId,
      });
      return caseAfter(ctx, result.caseId);
    },
  }),
  rerouteCase: t.field({
    type: Case,
    description:
      'Route a case again through the published rules without the vendors named (nor its current holder). UNROUTED when nobody else may take it.',
    authScopes: ops,
    args: { input: t.arg({ type: RerouteCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await rerouteCaseByOps(ctx.db, opsActor(ctx), {
        caseId: String(input.caseId),
        version: input.version,
        excludeVendorIds: (input.excludeVendorIds ?? []).map(String),
        reason: input.reason,
        idempotencyKey: input.idempotencyKey ?? null,
        requestId: ctx.requestId,
      });
      return caseAfter(ctx, result.caseId);
    },
  }),
  recallCase: t.field({
    type: Case,
    description:
      'Take a case back from the vendor holding it (offered or being worked). It waits, UNROUTED and held for ops, until assigned or re-routed.',
    authScopes: ops,
    args: { input: t.arg({ type: RecallCaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await recallCase(ctx.db, opsActor(ctx), {
        caseId: String(input.caseId),
        version: input.version,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey ?? null,
        requestId: ctx.requestId,
      });
      return caseAfter(ctx, result.caseId);
    },
  }),
}));

// ───────────────────────────── bulk ─────────────────────────────

const BulkKindEnum = builder.enumType('BulkCaseOperationKind', {
  values: {
    REROUTE: { description: 'Route each case again without the vendors named (nor its holder).' },
    RECALL: { description: 'Take each case back from its vendor; it waits for ops, unrouted.' },
    ASSIGN: { description: 'Assign each case to one vendor or in-house team.' },
  } as const,
});

const BulkStatusEnum = builder.enumType('BulkCaseOperationStatus', {
  values: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const,
});

const BulkFilterInput = builder.inputType('BulkCaseFilterInput', {
  description: 'Which cases: every criterion given must hold; at least one is required.',
  fields: (t) => ({
    vendorId: t.id({ required: false, description: 'Cases held by this vendor.' }),
    scope: t.stringList({ required: false }),
    region: t.stringList({ required: false }),
    status: t.field({ type: [CaseStatusEnum], required: false }),
    createdBefore: t.field({ type: 'DateTime', required: false }),
  }),
});

const BulkInput = builder.inputType('BulkCaseOperationInput', {
  fields: (t) => ({
    kind: t.field({ type: BulkKindEnum, required: true }),
    filter: t.field({ type: BulkFilterInput, required: true }),
    targetVendorId: t.id({ required: false, description: 'ASSIGN: the vendor taking the cases.' }),
    excludeVendorIds: t.idList({ required: false, description: 'REROUTE: vendors not to choose.' }),
    overrideCapacity: t.boolean({
      required: false,
      description: "ASSIGN: exceed the target's capacity (hard constraints still apply).",
    }),
    reason: t.string({ required: true, description: REASON }),
    idempotencyKey: t.string({ required: false }),
  }),
});

type BulkInputShape = typeof BulkInput.$inferInput;

function bulkInput(input: BulkInputShape, ctx: GraphQLContext): BulkCaseOperationInput {
  return {
    kind: input.kind,
    filter: {
      vendorId: input.filter.vendorId ? String(input.filter.vendorId) : null,
      scope: input.filter.scope ?? null,
      region: input.filter.region ?? null,
      status: input.filter.status ?? null,
      createdBefore: input.filter.createdBefore ?? null,
    },
    targetVendorId: input.targetVendorId ? String(input.targetVendorId) : null,
    excludeVendorIds: (input.excludeVendorIds ?? []).map(String),
    overrideCapacity: input.overrideCapacity ?? false,
    reason: input.reason,
    idempotencyKey: input.idempotencyKey ?? null,
    requestId: ctx.requestId,
  };
}

const OutcomeCountRef = builder.objectRef<OutcomeCount>('BulkCaseOutcomeCount').implement({
  description:
    'Cases per outcome: a vendor taking them (`vendorId` set), UNROUTED, RECALLED, or SKIPPED:<why> (NOT_HELD, NOT_MOVABLE, ALREADY_WITH_VENDOR, HARD_CONSTRAINT, OVER_CAPACITY, CHANGED).',
  authScopes: ops,
  fields: (t) => ({
    key: t.exposeString('key'),
    vendorId: t.exposeID('vendorId', { nullable: true }),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

const Preview = builder.objectRef<BulkPreview>('BulkCaseOperationPreview').implement({
  description: 'A dry run: what the operation would do now. Nothing is changed.',
  authScopes: ops,
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Cases the filter matches.' }),
    outcomes: t.field({ type: [OutcomeCountRef], resolve: (p) => p.outcomes }),
  }),
});

const BulkFilter = builder.objectRef<BulkCaseFilter>('BulkCaseFilter').implement({
  authScopes: ops,
  fields: (t) => ({
    vendorId: t.id({ nullable: true, resolve: (f) => f.vendorId ?? null }),
    scope: t.stringList({ nullable: true, resolve: (f) => (f.scope ? [...f.scope] : null) }),
    region: t.stringList({ nullable: true, resolve: (f) => (f.region ? [...f.region] : null) }),
    status: t.field({
      type: [CaseStatusEnum],
      nullable: true,
      resolve: (f) => (f.status ? [...f.status] : null),
    }),
    createdBefore: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (f) => f.createdBefore ?? null,
    }),
  }),
});

const BulkOperation = builder.objectRef<BulkCaseOperationView>('BulkCaseOperation').implement({
  description:
    'A bulk operation on the cases a filter matched when it started, run by a worker a chunk at a time. Poll it, or subscribe to bulkCaseOperationProgress.',
  authScopes: ops,
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: BulkKindEnum, resolve: (o) => o.kind }),
    status: t.field({ type: BulkStatusEnum, resolve: (o) => o.status }),
    reason: t.exposeString('reason'),
    requestedBy: t.exposeString('requestedBy'),
    filter: t.field({ type: BulkFilter, resolve: (o) => o.filter }),
    targetVendorId: t.exposeID('targetVendorId', { nullable: true }),
    excludeVendorIds: t.idList({ resolve: (o) => o.excludeVendorIds }),
    total: t.exposeInt('total'),
    processed: t.exposeInt('processed', { description: 'Cases looked at so far.' }),
    succeeded: t.exposeInt('succeeded', {
      description: 'Cases moved (offered, unrouted or recalled).',
    }),
    skipped: t.exposeInt('skipped', { description: 'Cases left as they were; see outcomes.' }),
    failed: t.exposeInt('failed'),
    outcomes: t.field({ type: [OutcomeCountRef], resolve: (o) => o.outcomes }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.finishedAt }),
  }),
});

const Progress = builder.objectRef<BulkOperationNotice>('BulkCaseOperationProgress').implement({
  authScopes: ops,
  fields: (t) => ({
    operationId: t.exposeID('operationId'),
    status: t.field({
      type: BulkStatusEnum,
      resolve: (n) => n.status as BulkCaseOperationView['status'],
    }),
    processed: t.exposeInt('processed'),
    total: t.exposeInt('total'),
  }),
});

builder.queryFields((t) => ({
  previewBulkCaseOperation: t.field({
    type: Preview,
    description:
      'The dry run of a bulk operation: how many cases the filter matches and where they would go. Changes nothing.',
    authScopes: ops,
    args: { input: t.arg({ type: BulkInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      previewBulkCaseOperation(ctx.db, opsActor(ctx), bulkInput(input, ctx)),
  }),
  bulkCaseOperation: t.field({
    type: BulkOperation,
    description: 'A bulk operation and its progress.',
    authScopes: ops,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => getBulkCaseOperation(ctx.db, opsActor(ctx), String(args.id)),
  }),
}));

builder.mutationField('startBulkCaseOperation', (t) =>
  t.field({
    type: BulkOperation,
    description:
      'Starts a bulk operation over the cases the filter matches now (at most 50,000). Each case is checked again under its lock as it is moved; one changed meanwhile is skipped.',
    authScopes: ops,
    args: { input: t.arg({ type: BulkInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const enqueue = ctx.enqueueBulkCaseOperation;
      if (!enqueue) throw new AppError('UNAVAILABLE', 'Bulk operations are not available here');
      return startBulkCaseOperation(ctx.db, opsActor(ctx), bulkInput(input, ctx), { enqueue });
    },
  }),
);

builder.subscriptionField('bulkCaseOperationProgress', (t) =>
  t.field({
    type: Progress,
    description: "A bulk operation's progress as each chunk commits (server-sent events).",
    authScopes: ops,
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      // The scope rule guards each notice; refuse here too, so no one else holds a stream open.
      if (ctx.principal?.kind !== 'internal' || !ctx.principal.roles.includes('ops')) {
        throw new AppError(ctx.principal ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      }
      if (!ctx.pubSub)
        throw new AppError('UNAVAILABLE', 'Subscriptions are not available on this gateway');
      return ctx.pubSub.subscribe(
        BULK_OPERATIONS_ROUTING_KEY,
        String(args.id),
      ) as AsyncIterable<BulkOperationNotice>;
    },
    resolve: (notice) => notice,
  }),
);

// ───────────────────────────── unrouted queue ─────────────────────────────

const Exclusion = builder
  .objectRef<UnroutedCaseView['exclusions'][number]>('UnroutedExclusion')
  .implement({
    description: 'A vendor the decision looked at and could not use, and every reason why.',
    authScopes: ops,
    fields: (t) => ({
      vendorId: t.exposeID('vendorId'),
      vendorName: t.exposeString('vendorName', { nullable: true }),
      ruleId: t.exposeString('ruleId', { nullable: true }),
      ruleName: t.exposeString('ruleName', { nullable: true }),
      role: t.field({
        type: CandidateRoleEnum,
        resolve: (e) => e.role as CandidateEvaluation['role'],
      }),
      reasons: t.field({
        type: [ExclusionReasonEnum],
        resolve: (e) => e.reasons as ExclusionReason[],
      }),
    }),
  });

const UnroutedCase = builder
  .objectRef<UnroutedCaseView & { cursor: string }>('UnroutedCase')
  .implement({
    description: 'A case nobody holds, with why, and when it is tried again.',
    authScopes: ops,
    fields: (t) => ({
      caseId: t.exposeID('caseId'),
      version: t.exposeInt('version'),
      priority: t.field({ type: PriorityEnum, resolve: (c) => c.priority as 'P1' }),
      region: t.exposeString('region'),
      scope: t.exposeString('scope'),
      language: t.exposeString('language'),
      tier: t.exposeString('tier'),
      createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
      unroutedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.unroutedAt }),
      routingAttempts: t.exposeInt('routingAttempts'),
      nextRetryAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it is routed again automatically; null while held for ops (recalled).',
        resolve: (c) => c.nextRetryAt,
      }),
      reason: t.exposeString('reason', {
        description:
          'NO_ELIGIBLE_VENDOR, NO_MATCHING_RULE, UNKNOWN_REGION, UNKNOWN_SCOPE, or RECALLED_BY_OPS.',
      }),
      summary: t.exposeString('summary'),
      rulesetVersion: t.exposeInt('rulesetVersion', { nullable: true }),
      excludedVendorIds: t.idList({
        description: 'Vendors excluded for this case (they stay excluded on retries).',
        resolve: (c) => c.excludedVendorIds,
      }),
      exclusions: t.field({ type: [Exclusion], resolve: (c) => c.exclusions }),
      cursor: t.exposeString('cursor', { description: 'Pass as `after` for the next page.' }),
    }),
  });

const UnroutedPage = builder
  .objectRef<{ cases: (UnroutedCaseView & { cursor: string })[]; hasNextPage: boolean }>(
    'UnroutedCasePage',
  )
  .implement({
    authScopes: ops,
    fields: (t) => ({
      cases: t.field({ type: [UnroutedCase], resolve: (p) => p.cases }),
      hasNextPage: t.exposeBoolean('hasNextPage'),
    }),
  });

const UnroutedFilterInput = builder.inputType('UnroutedCaseFilter', {
  fields: (t) => ({
    priority: t.field({ type: [PriorityEnum], required: false }),
    scope: t.stringList({ required: false }),
    region: t.stringList({ required: false }),
  }),
});

builder.queryField('unroutedCases', (t) =>
  t.field({
    type: UnroutedPage,
    description:
      'Cases nobody holds, most urgent first (P1, then oldest), each with the reason: which constraint excluded which vendor.',
    authScopes: ops,
    args: {
      first: t.arg.int({ required: false, description: 'At most 200; 50 by default.' }),
      after: t.arg.string({ required: false }),
      filter: t.arg({ type: UnroutedFilterInput, required: false }),
    },
    resolve: (_root, args, ctx) =>
      listUnroutedCases(ctx.db, opsActor(ctx), {
        first: args.first ?? 50,
        after: args.after ?? null,
        filter: {
          ...(args.filter?.priority ? { priority: args.filter.priority } : {}),
          ...(args.filter?.scope ? { scope: args.filter.scope } : {}),
          ...(args.filter?.region ? { region: args.filter.region } : {}),
        },
        requestId: ctx.requestId,
      }),
  }),
);
