// What a draft in shadow decided on live intake, next to what live routing did.
import { routingAdmin, type ShadowComparison } from '@bvg/domain';
import { builder } from '../../builder.ts';
import { readers } from './access.ts';

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
    resolve: (_root, args, ctx) => routingAdmin.compareShadow(ctx.db, ctx.actor!, args.version),
  }),
);
