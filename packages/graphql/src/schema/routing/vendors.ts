// What each vendor is certified for and can take, as routing sees it.
import { routingAdmin, type VendorRoutingView } from '@bvg/domain';
import { builder } from '../../builder.ts';
import { VendorStateEnum } from '../clients.ts';
import { ops, REASON, readers } from './access.ts';

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

builder.queryField('routingVendors', (t) =>
  t.field({
    type: [VendorRouting],
    description: "Every vendor's certifications, capacity and current use.",
    authScopes: readers,
    resolve: (_root, _args, ctx) => routingAdmin.listVendors(ctx.db, ctx.actor!),
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
    resolve: (_root, args, ctx) =>
      routingAdmin.setCapacity(ctx.db, ctx.actor!, {
        reason: args.reason,
        requestId: ctx.requestId,
        vendorId: String(args.vendorId),
        capacities: args.capacities,
      }),
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
    resolve: (_root, args, ctx) =>
      routingAdmin.setCertifications(ctx.db, ctx.actor!, {
        reason: args.reason,
        requestId: ctx.requestId,
        vendorId: String(args.vendorId),
        certifications: args.certifications.map((c) => ({
          region: c.region,
          scope: c.scope,
          languages: c.languages,
          expiresAt: c.expiresAt ?? null,
        })),
      }),
  }),
}));
