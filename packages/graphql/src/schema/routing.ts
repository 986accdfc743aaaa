// Routing administration for ops: rulesets (draft → published → archived, rollback), the
// simulation of a draft against the published ruleset, shadow runs, and what each vendor is
// certified for and can take. Every change carries a reason that goes into the audit trail.
import { withSystem } from '@bvg/db';
import {
  compareShadow,
  createRoutingRuleset,
  getRoutingRuleset,
  listRoutingRulesets,
  listVendorRouting,
  type PublishResult,
  publishRoutingRuleset,
  type RoutingRulesetView,
  type RoutingRuleView,
  type RuleInput,
  type RulesetProblem,
  type RulesetValidation,
  rollbackRoutingRuleset,
  type ShadowComparison,
  type SimulateRoutingResult,
  type SimulationSource,
  setVendorCapacity,
  setVendorCertifications,
  simulateRouting,
  startShadow,
  updateRoutingRuleset,
  type VendorRoutingView,
  validateRoutingRuleset,
  validationError,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { ChannelEnum, PriorityEnum, TierEnum } from './cases.ts';
import { VendorStateEnum } from './clients.ts';

// Changing routing is for ops; auditors and vendor managers may read how work is routed.
const ops = { role: 'ops' } as const;
const readers = { anyRole: ['ops', 'auditor', 'vendor_manager'] } as const;

function system<T>(ctx: GraphQLContext, why: string, fn: Parameters<typeof withSystem<T>>[2]) {
  return withSystem(ctx.db, `routing: ${why}`, fn);
}

function change(ctx: GraphQLContext, reason: string) {
  return { actor: ctx.actor!, reason, requestId: ctx.requestId };
}

// ───────────────────────────── rulesets ─────────────────────────────

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

const Ruleset = builder.objectRef<RoutingRulesetView>('RoutingRuleset').implement({
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
      resolve: (r, _args, ctx) =>
        system(ctx, 'validate ruleset', (tx) =>
          validateRoutingRuleset(tx, { version: r.version, now: new Date() }),
        ),
    }),
  }),
});

const PublishPayload = builder.objectRef<PublishResult>('PublishRoutingRulesetPayload').implement({
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

const REASON = 'Why the change is made: recorded in the audit trail.';

builder.queryFields((t) => ({
  routingRulesets: t.field({
    type: [Ruleset],
    description: 'Routing rulesets, newest version first.',
    authScopes: readers,
    args: { status: t.arg({ type: RulesetStatusEnum, required: false }) },
    resolve: (_root, args, ctx) =>
      system(ctx, 'list rulesets', (tx) =>
        listRoutingRulesets(tx, args.status ? { status: args.status } : {}),
      ),
  }),
  routingRuleset: t.field({
    type: Ruleset,
    nullable: true,
    authScopes: readers,
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) =>
      system(ctx, 'read ruleset', (tx) => getRoutingRuleset(tx, args.version)),
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
      system(ctx, 'create ruleset', (tx) =>
        createRoutingRuleset(tx, {
          ...change(ctx, args.reason),
          name: args.input.name,
          ...(args.input.description != null ? { description: args.input.description } : {}),
          ...(args.input.copyFromVersion != null
            ? { copyFromVersion: args.input.copyFromVersion }
            : {}),
          ...(args.input.rules != null ? { rules: toRuleInputs(args.input.rules) } : {}),
        }),
      ),
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
      system(ctx, 'update ruleset', (tx) =>
        updateRoutingRuleset(tx, {
          ...change(ctx, args.reason),
          version: args.input.version,
          ...(args.input.name != null ? { name: args.input.name } : {}),
          ...(args.input.description != null ? { description: args.input.description } : {}),
          rules: toRuleInputs(args.input.rules),
        }),
      ),
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
      system(ctx, 'publish ruleset', (tx) =>
        publishRoutingRuleset(tx, {
          ...change(ctx, args.reason),
          version: args.version,
          now: new Date(),
        }),
      ),
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
      system(ctx, 'roll back ruleset', (tx) =>
        rollbackRoutingRuleset(tx, {
          ...change(ctx, args.reason),
          version: args.version,
          now: new Date(),
        }),
      ),
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
      system(ctx, 'shadow ruleset', (tx) =>
        startShadow(tx, {
          ...change(ctx, args.reason),
          version: args.version,
          until: args.until,
          now: new Date(),
        }),
      ),
  }),
}));

// ───────────────────────────── shadow ─────────────────────────────

const ShadowVendor = builder
  .objectRef<ShadowComparison['byVendor'][number]>('RoutingShadowVendorCount')
  .implement({
    authScopes: readers,
    fields: (t) => ({
      vendorId: t.exposeID('vendorId', {
        nullable: true,
        description: 'Null counts unrouted cases.',
      }),
      shadow: t.exposeInt('shadow'),
      live: t.exposeInt('live'),
    }),
  });

const Shadow = builder.objectRef<ShadowComparison>('RoutingShadowComparison').implement({
  description: 'What a draft in shadow decided on live intake, next to what live routing did.',
  authScopes: readers,
  fields: (t) => ({
    rulesetVersion: t.exposeInt('rulesetVersion'),
    shadowUntil: t.expose('shadowUntil', { type: 'DateTime', nullable: true }),
    cases: t.exposeInt('cases'),
    agreed: t.exposeInt('agreed'),
    byVendor: t.field({ type: [ShadowVendor], resolve: (s) => s.byVendor }),
  }),
});

builder.queryField('routingShadowComparison', (t) =>
  t.field({
    type: Shadow,
    authScopes: readers,
    args: { version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) =>
      system(ctx, 'compare shadow', (tx) => compareShadow(tx, args.version)),
  }),
);

// ───────────────────────────── simulation ─────────────────────────────

type Named = { vendorName: string | null };
type Entry = SimulateRoutingResult['draft']['distribution'][number] & Named;
type Diff = SimulateRoutingResult['differences'][number] & Named;
type Overflow = SimulateRoutingResult['draft']['capacityOverflows'][number] & Named;
type Run = Omit<SimulateRoutingResult['draft'], 'distribution' | 'capacityOverflows'> & {
  distribution: Entry[];
  capacityOverflows: Overflow[];
};

const DistributionEntry = builder.objectRef<Entry>('RoutingDistributionEntry').implement({
  description: 'Cases per vendor × scope × region; a null vendor counts unrouted cases.',
  authScopes: ops,
  fields: (t) => ({
    vendorId: t.exposeID('vendorId', { nullable: true }),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    scope: t.exposeString('scope'),
    region: t.exposeString('region'),
    count: t.exposeInt('count'),
  }),
});

const DistributionDiff = builder.objectRef<Diff>('RoutingDistributionDiff').implement({
  authScopes: ops,
  fields: (t) => ({
    vendorId: t.exposeID('vendorId', { nullable: true }),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    scope: t.exposeString('scope'),
    region: t.exposeString('region'),
    published: t.exposeInt('published'),
    draft: t.exposeInt('draft'),
    change: t.exposeInt('change'),
  }),
});

const CapacityOverflow = builder.objectRef<Overflow>('RoutingCapacityOverflow').implement({
  description: 'A vendor that had to turn work away because a capacity limit was reached.',
  authScopes: ops,
  fields: (t) => ({
    vendorId: t.exposeID('vendorId'),
    vendorName: t.exposeString('vendorName', { nullable: true }),
    scope: t.exposeString('scope'),
    reason: t.exposeString('reason', { description: 'AT_OPEN_CEILING or AT_DAILY_CAP.' }),
    casesTurnedAway: t.exposeInt('casesTurnedAway'),
  }),
});

const SimulationRun = builder.objectRef<Run>('RoutingSimulationRun').implement({
  authScopes: ops,
  fields: (t) => ({
    rulesetVersion: t.exposeInt('rulesetVersion'),
    assigned: t.exposeInt('assigned'),
    unrouted: t.exposeInt('unrouted'),
    distribution: t.field({ type: [DistributionEntry], resolve: (r) => r.distribution }),
    capacityOverflows: t.field({ type: [CapacityOverflow], resolve: (r) => r.capacityOverflows }),
  }),
});

const NewlyUnroutable = builder
  .objectRef<SimulateRoutingResult['newlyUnroutable'][number]>('RoutingNewlyUnroutableCase')
  .implement({
    description: 'A case the published ruleset assigns but the draft would leave unrouted.',
    authScopes: ops,
    fields: (t) => ({
      caseId: t.exposeID('caseId'),
      reason: t.exposeString('reason'),
      publishedVendorId: t.exposeID('publishedVendorId'),
      summary: t.exposeString('summary'),
    }),
  });

interface SimulationView {
  cases: number;
  truncated: boolean;
  published: Run;
  draft: Run;
  differences: Diff[];
  newlyUnroutable: SimulateRoutingResult['newlyUnroutable'];
  reassigned: number;
}

const Simulation = builder.objectRef<SimulationView>('RoutingSimulation').implement({
  description: 'What a draft would do next to the published ruleset. Nothing is changed.',
  authScopes: ops,
  fields: (t) => ({
    cases: t.exposeInt('cases'),
    truncated: t.exposeBoolean('truncated', {
      description: 'The period held more cases than one simulation runs; the earliest were used.',
    }),
    published: t.field({ type: SimulationRun, resolve: (s) => s.published }),
    draft: t.field({ type: SimulationRun, resolve: (s) => s.draft }),
    differences: t.field({ type: [DistributionDiff], resolve: (s) => s.differences }),
    newlyUnroutable: t.field({ type: [NewlyUnroutable], resolve: (s) => s.newlyUnroutable }),
    reassigned: t.exposeInt('reassigned', {
      description: 'Cases the draft sends to another vendor than the published ruleset.',
    }),
  }),
});

const PeriodInput = builder.inputType('RoutingSimulationPeriodInput', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
  }),
});

const SampleKindInput = builder.inputType('RoutingSimulationSampleKindInput', {
  fields: (t) => ({
    region: t.string({ required: true }),
    scope: t.string({ required: true }),
    channel: t.field({ type: ChannelEnum, required: true }),
    language: t.string({ required: true }),
    priority: t.field({ type: PriorityEnum, required: true }),
    tier: t.field({ type: TierEnum, required: false }),
    weight: t.float({ required: true, description: 'Relative share of the sample.' }),
  }),
});

const SampleInput = builder.inputType('RoutingSimulationSampleInput', {
  fields: (t) => ({
    count: t.int({ required: true }),
    proportions: t.field({ type: [SampleKindInput], required: true }),
  }),
});

const SimulateInput = builder.inputType('SimulateRoutingInput', {
  description: 'The draft to try and the cases to try it on: past cases of a period, or a sample.',
  fields: (t) => ({
    draftVersion: t.int({ required: true }),
    period: t.field({ type: PeriodInput, required: false }),
    sample: t.field({ type: SampleInput, required: false }),
  }),
});

function withNames(result: SimulateRoutingResult): SimulationView {
  const name = (id: string | null) => (id === null ? null : (result.vendorNames[id] ?? null));
  const run = (r: SimulateRoutingResult['draft']): Run => ({
    ...r,
    distribution: r.distribution.map((e) => ({ ...e, vendorName: name(e.vendorId) })),
    capacityOverflows: r.capacityOverflows.map((o) => ({ ...o, vendorName: name(o.vendorId) })),
  });
  return {
    cases: result.cases,
    truncated: result.truncated,
    published: run(result.published),
    draft: run(result.draft),
    differences: result.differences.map((d) => ({ ...d, vendorName: name(d.vendorId) })),
    newlyUnroutable: result.newlyUnroutable,
    reassigned: result.reassigned,
  };
}

builder.queryField('simulateRouting', (t) =>
  t.field({
    type: Simulation,
    description:
      'Runs a draft and the published ruleset over the same cases and compares them. Changes nothing.',
    authScopes: ops,
    args: { input: t.arg({ type: SimulateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      let source: SimulationSource;
      if (input.period && !input.sample) {
        source = { period: input.period };
      } else if (input.sample && !input.period) {
        source = {
          sample: {
            count: input.sample.count,
            proportions: input.sample.proportions.map((p) => ({
              attrs: {
                region: p.region,
                scope: p.scope,
                channel: p.channel,
                language: p.language,
                priority: p.priority,
                tier: p.tier ?? 'T1',
              },
              weight: p.weight,
            })),
          },
        };
      } else {
        throw validationError([{ path: 'input', message: 'give exactly one of period or sample' }]);
      }
      const result = await system(ctx, 'simulate', (tx) =>
        simulateRouting(tx, {
          draftVersion: input.draftVersion,
          source,
          now: new Date(),
          actor: ctx.actor!,
          requestId: ctx.requestId,
        }),
      );
      return withNames(result);
    },
  }),
);

// ───────────────────────────── vendors ─────────────────────────────

const VendorKindEnum = builder.enumType('RoutingVendorKind', {
  values: ['BPO', 'IN_HOUSE'] as const,
});

const Certification = builder
  .objectRef<VendorRoutingView['certifications'][number]>('VendorRoutingCertification')
  .implement({
    description: 'The vendor may handle this scope for users of this region in this language.',
    authScopes: readers,
    fields: (t) => ({
      region: t.exposeString('region'),
      scope: t.exposeString('scope'),
      language: t.exposeString('language'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    }),
  });

const Capacity = builder
  .objectRef<VendorRoutingView['capacity'][number]>('VendorRoutingCapacity')
  .implement({
    description: 'What the vendor can take for one scope, and what it holds now.',
    authScopes: readers,
    fields: (t) => ({
      scope: t.exposeString('scope'),
      openCaseCeiling: t.exposeInt('openCaseCeiling'),
      dailyIntakeCap: t.exposeInt('dailyIntakeCap'),
      openCases: t.exposeInt('openCases'),
      intakeToday: t.exposeInt('intakeToday', { description: "In the vendor's time zone." }),
    }),
  });

const VendorRouting = builder.objectRef<VendorRoutingView>('VendorRouting').implement({
  description: 'A vendor as routing sees it: clearances, certifications and capacity.',
  authScopes: readers,
  fields: (t) => ({
    id: t.exposeID('id'),
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    kind: t.field({ type: VendorKindEnum, resolve: (v) => v.kind }),
    state: t.field({ type: VendorStateEnum, resolve: (v) => v.state }),
    active: t.exposeBoolean('active', {
      description: 'Whether routing gives it new work (state ACTIVE).',
    }),
    usDataCleared: t.exposeBoolean('usDataCleared'),
    gdprAgreement: t.exposeBoolean('gdprAgreement'),
    timeZone: t.exposeString('timeZone'),
    certifications: t.field({ type: [Certification], resolve: (v) => v.certifications }),
    capacity: t.field({ type: [Capacity], resolve: (v) => v.capacity }),
  }),
});

async function vendorView(ctx: GraphQLContext, vendorId: string): Promise<VendorRoutingView> {
  const [view] = await system(ctx, 'read vendor', (tx) =>
    listVendorRouting(tx, { now: new Date(), vendorId }),
  );
  if (view === undefined) throw new AppError('NOT_FOUND');
  return view;
}

builder.queryField('routingVendors', (t) =>
  t.field({
    type: [VendorRouting],
    description: "Every vendor's certifications, capacity and current use.",
    authScopes: readers,
    resolve: (_root, _args, ctx) =>
      system(ctx, 'list vendors', (tx) => listVendorRouting(tx, { now: new Date() })),
  }),
);

const CapacityInput = builder.inputType('VendorCapacityInput', {
  fields: (t) => ({
    scope: t.string({ required: true }),
    openCaseCeiling: t.int({ required: true }),
    dailyIntakeCap: t.int({ required: true }),
  }),
});

const CertificationInput = builder.inputType('VendorCertificationInput', {
  fields: (t) => ({
    region: t.string({ required: true }),
    scope: t.string({ required: true }),
    languages: t.stringList({ required: true }),
    expiresAt: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.mutationFields((t) => ({
  setVendorCapacity: t.field({
    type: VendorRouting,
    description: "Sets the vendor's open-case ceiling and daily intake cap for the scopes listed.",
    authScopes: ops,
    args: {
      vendorId: t.arg.id({ required: true }),
      capacities: t.arg({ type: [CapacityInput], required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: async (_root, args, ctx) => {
      const vendorId = String(args.vendorId);
      await system(ctx, 'set capacity', (tx) =>
        setVendorCapacity(tx, {
          ...change(ctx, args.reason),
          vendorId,
          capacities: args.capacities,
        }),
      );
      return vendorView(ctx, vendorId);
    },
  }),
  setVendorCertifications: t.field({
    type: VendorRouting,
    description: "Replaces the vendor's certifications: what is not listed is withdrawn.",
    authScopes: ops,
    args: {
      vendorId: t.arg.id({ required: true }),
      certifications: t.arg({ type: [CertificationInput], required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: async (_root, args, ctx) => {
      const vendorId = String(args.vendorId);
      await system(ctx, 'set certifications', (tx) =>
        setVendorCertifications(tx, {
          ...change(ctx, args.reason),
          vendorId,
          certifications: args.certifications.map((c) => ({
            region: c.region,
            scope: c.scope,
            languages: c.languages,
            expiresAt: c.expiresAt ?? null,
          })),
        }),
      );
      return vendorView(ctx, vendorId);
    },
  }),
}));
