// The live operations board (ops): open work per vendor × scope × region and the last day's
// backlog. Boards refreshing every few seconds share one read per gateway (2 s cache).
import type { PrismaClient } from '@bvg/db';
import {
  type BacklogPoint,
  createOverviewCache,
  type OperationsOverview,
  type OverviewCell,
} from '@bvg/domain';
import { builder } from '../builder.ts';

const opsOnly = { role: 'ops' } as const;

// One cache per database client (one per gateway process).
const caches = new WeakMap<PrismaClient, ReturnType<typeof createOverviewCache>>();
const overviewOf = (db: PrismaClient) => {
  let cache = caches.get(db);
  if (!cache) {
    cache = createOverviewCache(db);
    caches.set(db, cache);
  }
  return cache;
};

const StatusCount = builder.objectRef<{ status: string; count: number }>('StatusCount').implement({
  authScopes: opsOnly,
  fields: (t) => ({
    status: t.exposeString('status', { authScopes: opsOnly }),
    count: t.exposeInt('count', { authScopes: opsOnly }),
  }),
});

const Cell = builder.objectRef<OverviewCell>('OperationsCell').implement({
  description: 'Open work of one vendor (null: unrouted) in one scope and region.',
  authScopes: opsOnly,
  fields: (t) => ({
    vendorId: t.id({ nullable: true, authScopes: opsOnly, resolve: (c) => c.vendorId }),
    scope: t.exposeString('scope', { authScopes: opsOnly }),
    region: t.exposeString('region', { authScopes: opsOnly }),
    open: t.exposeInt('open', { authScopes: opsOnly }),
    byStatus: t.field({
      type: [StatusCount],
      authScopes: opsOnly,
      resolve: (c) => Object.entries(c.byStatus).map(([status, count]) => ({ status, count })),
    }),
    oldestWaitingSince: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Creation of the oldest case whose user waits on support: not taken yet (unrouted, offered, …), or accepted or reopened and not answered since.',
      authScopes: opsOnly,
      resolve: (c) => c.oldestWaitingSince,
    }),
    oldestOpenSince: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: opsOnly,
      resolve: (c) => c.oldestOpenSince,
    }),
    slaAtRisk: t.exposeInt('slaAtRisk', {
      description: 'Running clocks due within the window.',
      authScopes: opsOnly,
    }),
    slaBreached: t.exposeInt('slaBreached', {
      description: 'Running clocks already past due (paused ones excluded).',
      authScopes: opsOnly,
    }),
    capacityUsed: t.int({
      nullable: true,
      description:
        "The vendor's open cases in this scope across the regions shown (all, unless filtered): what its ceiling counts.",
      authScopes: opsOnly,
      resolve: (c) => c.capacityUsed,
    }),
    capacityCeiling: t.int({
      nullable: true,
      authScopes: opsOnly,
      resolve: (c) => c.capacityCeiling,
    }),
  }),
});

const Backlog = builder.objectRef<BacklogPoint>('BacklogPoint').implement({
  authScopes: opsOnly,
  fields: (t) => ({
    hour: t.field({ type: 'DateTime', authScopes: opsOnly, resolve: (p) => p.hour }),
    backlog: t.exposeInt('backlog', {
      description: 'Open at the start of the hour.',
      authScopes: opsOnly,
    }),
    arrivals: t.exposeInt('arrivals', { authScopes: opsOnly }),
    resolutions: t.exposeInt('resolutions', { authScopes: opsOnly }),
  }),
});

const Totals = builder.objectRef<OperationsOverview['totals']>('OperationsTotals').implement({
  authScopes: opsOnly,
  fields: (t) => ({
    open: t.exposeInt('open', { authScopes: opsOnly }),
    unrouted: t.exposeInt('unrouted', { authScopes: opsOnly }),
    slaAtRisk: t.exposeInt('slaAtRisk', { authScopes: opsOnly }),
    slaBreached: t.exposeInt('slaBreached', { authScopes: opsOnly }),
  }),
});

const Overview = builder.objectRef<OperationsOverview>('OperationsOverview').implement({
  description: 'The live board. Cells come most breached first, then most at risk, then largest.',
  authScopes: opsOnly,
  fields: (t) => ({
    generatedAt: t.field({ type: 'DateTime', authScopes: opsOnly, resolve: (o) => o.generatedAt }),
    atRiskWithinMinutes: t.exposeInt('atRiskWithinMinutes', { authScopes: opsOnly }),
    totals: t.field({ type: Totals, authScopes: opsOnly, resolve: (o) => o.totals }),
    cells: t.field({ type: [Cell], authScopes: opsOnly, resolve: (o) => o.cells }),
    backlog: t.field({
      type: [Backlog],
      description: 'The last 24 hours, oldest first, hour by hour.',
      authScopes: opsOnly,
      resolve: (o) => o.backlog,
    }),
  }),
});

builder.queryField('operationsOverview', (t) =>
  t.field({
    type: Overview,
    description:
      'Open work per vendor × scope × region and the backlog over the last day, for a board refreshing every few seconds (answers may be up to 2 s old).',
    authScopes: opsOnly,
    args: {
      atRiskWithinMinutes: t.arg.int({ required: false, defaultValue: 30 }),
      vendorId: t.arg.id({ required: false }),
      scope: t.arg.stringList({ required: false }),
      region: t.arg.stringList({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      overviewOf(ctx.db)({
        atRiskWithinMinutes: args.atRiskWithinMinutes ?? 30,
        vendorId: args.vendorId ? String(args.vendorId) : null,
        scope: args.scope ?? null,
        region: args.region ?? null,
      }),
  }),
);
