// Routing rulesets: draft → published → archived, rollback, and shadow runs of a draft.
import {
  type CheckedPublishResult,
  type CheckedRuleset,
  type RoutingRuleView,
  type RuleInput,
  type RulesetProblem,
  type RulesetValidation,
  routingAdmin,
} from '@bvg/domain';
import { builder } from '../../builder.ts';
import type { GraphQLContext } from '../../context.ts';
import { ChannelEnum, PriorityEnum, TierEnum } from '../cases.ts';
import { ops, REASON, readers } from './access.ts';

function change(ctx: GraphQLContext, reason: string) {
  return { reason, requestId: ctx.requestId };
}

const RulesetStatusEnum = builder.enumType('RoutingRulesetStatus', {
  values: ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const,
});

const RuleMatch = builder.objectRef<RoutingRuleView['match']>('RoutingRuleMatch').implement({
  description:
    'What a rule matches: each listed attribute must be one of its values; absent means any.',
  authScopes: readers,
  fields: (t) => ({
    region: t.stringList({ nullable: true, resolve: (m) => m.region ?? null }),
    scope: t.stringList({ nullable: true, resolve: (m) => m.scope ?? null }),
    channel: t.field({ type: [ChannelEnum], nullable: true, resolve: (m) => m.channel ?? null }),
    language: t.stringList({ nullable: true, resolve: (m) => m.language ?? null }),
    priority: t.field({ type: [PriorityEnum], nullable: true, resolve: (m) => m.priority ?? null }),
    tier: t.field({ type: [TierEnum], nullable: true, resolve: (m) => m.tier ?? null }),
  }),
});

const RuleTarget = builder
  .objectRef<{ vendorId: string; weight: number }>('RoutingRuleTarget')
  .implement({
    description:
      'A vendor a rule splits work to, with its weight (share = weight / sum of weights).',
    authScopes: readers,
    fields: (t) => ({
      vendorId: t.exposeID('vendorId'),
      weight: t.exposeInt('weight'),
    }),
  });

const Rule = builder.objectRef<RoutingRuleView>('RoutingRule').implement({
  description: 'One rule of a ruleset; the first matching rule with an eligible vendor wins.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.exposeInt('position'),
    name: t.exposeString('name'),
    match: t.field({ type: RuleMatch, resolve: (r) => r.match }),
    targets: t.field({ type: [RuleTarget], resolve: (r) => r.targets }),
    fallbackVendorIds: t.idList({
      description: 'Tried in order when no weighted target is eligible.',
      resolve: (r) => r.fallbacks,
    }),
    allowRestricted: t.exposeBoolean('allowRestricted', {
      description: 'Lets restricted scopes (minor safety) go to BPO vendors certified for them.',
    }),
    requireBusinessHours: t.exposeBoolean('requireBusinessHours'),
  }),
});

const Problem = builder.objectRef<RulesetProblem>('RoutingRulesetProblem').implement({
  description: 'Something wrong (error) or worth a look (warning) in a ruleset.',
  authScopes: readers,
  fields: (t) => ({
    code: t.exposeString('code'),
    path: t.exposeString('path', {
      description: '`rules.<index>` or `coverage.<region>.<scope>`.',
    }),
    message: t.exposeString('message'),
    ruleId: t.exposeID('ruleId', { nullable: true }),
    vendorId: t.exposeID('vendorId', { nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    scope: t.exposeString('scope', { nullable: true }),
  }),
});

const Validation = builder.objectRef<RulesetValidation>('RoutingRulesetValidation').implement({
  description: 'Errors refuse publishing; warnings do not.',
  authScopes: readers,
  fields: (t) => ({
    errors: t.field({ type: [Problem], resolve: (v) => v.errors }),
    warnings: t.field({ type: [Problem], resolve: (v) => v.warnings }),
  }),
});

const Ruleset = builder.objectRef<CheckedRuleset>('RoutingRuleset').implement({
  description: 'A versioned, ordered list of routing rules.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    status: t.field({ type: RulesetStatusEnum, resolve: (r) => r.status }),
    shadowUntil: t.expose('shadowUntil', {
      type: 'DateTime',
      nullable: true,
      description: 'A draft in shadow records what it would decide on live intake until then.',
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    publishedBy: t.exposeString('publishedBy', { nullable: true }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    rules: t.field({ type: [Rule], resolve: (r) => r.rules }),
    validation: t.field({
      type: Validation,
      description: "Checked against today's vendors, certifications and reference data.",
      // One load of today's data for every ruleset of the answer (see routingAdmin).
      resolve: (r) => r.validation(),
    }),
  }),
});

const PublishPayload = builder
  .objectRef<CheckedPublishResult>('PublishRoutingRulesetPayload')
  .implement({
    authScopes: ops,
    fields: (t) => ({
      ruleset: t.field({ type: Ruleset, resolve: (p) => p.ruleset }),
      archivedVersion: t.exposeInt('archivedVersion', { nullable: true }),
      warnings: t.field({ type: [Problem], resolve: (p) => p.warnings }),
    }),
  });

const RuleMatchInput = builder.inputType('RoutingRuleMatchInput', {
  fields: (t) => ({
    region: t.stringList({ required: false }),
    scope: t.stringList({ required: false }),
    channel: t.field({ type: [ChannelEnum], required: false }),
    language: t.stringList({ required: false }),
    priority: t.field({ type: [PriorityEnum], required: false }),
    tier: t.field({ type: [TierEnum], required: false }),
  }),
});

const RuleTargetInput = builder.inputType('RoutingRuleTargetInput', {
  fields: (t) => ({
    vendorId: t.id({ required: true }),
    weight: t.int({
      required: true,
      description: 'A whole number above zero; 60 and 40 for 60/40.',
    }),
  }),
});

const RuleInputType = builder.inputType('RoutingRuleInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    match: t.field({ type: RuleMatchInput, required: true }),
    targets: t.field({ type: [RuleTargetInput], required: true }),
    fallbackVendorIds: t.idList({ required: false }),
    allowRestricted: t.boolean({ required: false }),
    requireBusinessHours: t.boolean({ required: false }),
  }),
});

type RuleArg = typeof RuleInputType.$inferInput;

function toRuleInputs(rules: readonly RuleArg[]): RuleInput[] {
  return rules.map((r) => {
    const match: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(r.match)) {
      if (values !== null && values !== undefined) match[key] = values as string[];
    }
    return {
      name: r.name,
      match: match as RuleInput['match'],
      targets: r.targets.map((t) => ({ vendorId: String(t.vendorId), weight: t.weight })),
      fallbacks: (r.fallbackVendorIds ?? []).map(String),
      allowRestricted: r.allowRestricted ?? false,
      requireBusinessHours: r.requireBusinessHours ?? false,
    };
  });
}

const CreateRulesetInput = builder.inputType('CreateRoutingRulesetInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string({ required: false }),
    copyFromVersion: t.int({
      required: false,
      description: 'Start from the rules of this version.',
    }),
    rules: t.field({ type: [RuleInputType], required: false }),
  }),
});

const UpdateRulesetInput = builder.inputType('UpdateRoutingRulesetInput', {
  fields: (t) => ({
    version: t.int({ required: true }),
    name: t.string({ required: false }),
    description: t.string({ required: false }),
    rules: t.field({
      type: [RuleInputType],
      required: true,
      description: 'Replaces every rule of the draft, in this order.',
    }),
  }),
});

builder.queryFields((t) => ({
  routingRulesets: t.field({
    type: [Ruleset],
    description: 'Routing rulesets, newest version first.',
    authScopes: readers,
    args: { status: t.arg({ type: RulesetStatusEnum, required: false }) },
    resolve: (_root, args, ctx) =>
      routingAdmin.listRulesets(ctx.db, ctx.actor!, args.status ? { status: args.status } : {}),
  }),
  routingRuleset: t.field({
    type: Ruleset,
    nullable: true,
    authScopes: readers,
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => routingAdmin.getRuleset(ctx.db, ctx.actor!, args.version),
  }),
}));

builder.mutationFields((t) => ({
  createRoutingRuleset: t.field({
    type: Ruleset,
    description:
      'A new draft with the next version number, empty, with rules, or copied from a version.',
    authScopes: ops,
    args: {
      input: t.arg({ type: CreateRulesetInput, required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      routingAdmin.createRuleset(ctx.db, ctx.actor!, {
        ...change(ctx, args.reason),
        name: args.input.name,
        ...(args.input.description != null ? { description: args.input.description } : {}),
        ...(args.input.copyFromVersion != null
          ? { copyFromVersion: args.input.copyFromVersion }
          : {}),
        ...(args.input.rules != null ? { rules: toRuleInputs(args.input.rules) } : {}),
      }),
  }),
  updateRoutingRuleset: t.field({
    type: Ruleset,
    description: 'Replaces the rules of a draft. Published and archived versions never change.',
    authScopes: ops,
    args: {
      input: t.arg({ type: UpdateRulesetInput, required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      routingAdmin.updateRuleset(ctx.db, ctx.actor!, {
        ...change(ctx, args.reason),
        version: args.input.version,
        ...(args.input.name != null ? { name: args.input.name } : {}),
        ...(args.input.description != null ? { description: args.input.description } : {}),
        rules: toRuleInputs(args.input.rules),
      }),
  }),
  publishRoutingRuleset: t.field({
    type: PublishPayload,
    description:
      'Validates a draft and publishes it, archiving the published one. Refused with VALIDATION and every problem in `extensions.problems` when the draft has errors.',
    authScopes: ops,
    args: {
      version: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      routingAdmin.publishRuleset(ctx.db, ctx.actor!, {
        ...change(ctx, args.reason),
        version: args.version,
        now: new Date(),
      }),
  }),
  rollbackRoutingRuleset: t.field({
    type: PublishPayload,
    description:
      'Goes back to an archived version by publishing a copy of it as a new version (validated like any draft).',
    authScopes: ops,
    args: {
      version: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      routingAdmin.rollbackRuleset(ctx.db, ctx.actor!, {
        ...change(ctx, args.reason),
        version: args.version,
        now: new Date(),
      }),
  }),
  startRoutingShadow: t.field({
    type: Ruleset,
    description:
      'Runs a draft in shadow beside the published ruleset on live intake until `until` (a past time stops it).',
    authScopes: ops,
    args: {
      version: t.arg.int({ required: true }),
      until: t.arg({ type: 'DateTime', required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      routingAdmin.startShadow(ctx.db, ctx.actor!, {
        ...change(ctx, args.reason),
        version: args.version,
        until: args.until,
        now: new Date(),
      }),
  }),
}));
