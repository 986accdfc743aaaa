// The simulation of a draft against the published ruleset, over past cases or a sample.
import {
  routingAdmin,
  type SimulateRoutingResult,
  type SimulationSource,
  validationError,
} from '@bvg/domain';
import { builder } from '../../builder.ts';
import { ChannelEnum, PriorityEnum, TierEnum } from '../cases.ts';
import { ops } from './access.ts';

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
      const result = await routingAdmin.simulate(ctx.db, ctx.actor!, {
        draftVersion: input.draftVersion,
        source,
        now: new Date(),
        requestId: ctx.requestId,
      });
      return withNames(result);
    },
  }),
);
