// Ops: reference data — vendors (create, edit, offboard), their sites, regions with their data
// rules and scopes with their sensitivity. Every change is audited with its reason.
import {
  createRegion,
  createScope,
  createVendor,
  createVendorSite,
  getVendor,
  listRegions,
  listScopes,
  listVendorSites,
  offboardVendor,
  SENSITIVITIES,
  updateRegion,
  updateScope,
  updateVendor,
  updateVendorSite,
  VENDOR_KINDS,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import { Vendor } from './clients.ts';

const opsOnly = { role: 'ops' } as const;
const staffReaders = { anyRole: ['ops', 'vendor_manager', 'auditor'] } as const;
const REASON = 'Why (required, recorded in the audit trail with the fields before and after).';

const VendorKindEnum = builder.enumType('VendorKind', { values: VENDOR_KINDS });
const SensitivityEnum = builder.enumType('Sensitivity', {
  description: 'How sensitive a scope is: RESTRICTED detail stays with cleared teams.',
  values: SENSITIVITIES,
});

interface RegionShape {
  code: string;
  name: string;
  requiresUsClearance: boolean;
  requiresGdprAgreement: boolean;
  defaultTimeZone: string;
}
interface ScopeShape {
  code: string;
  name: string;
  sensitivity: (typeof SENSITIVITIES)[number];
  active: boolean;
}
interface SiteShape {
  id: string;
  vendorId: string;
  name: string;
  countryCode: string;
  city: string;
  timeZone: string;
  headcount: number;
}

const Region = builder.objectRef<RegionShape>('Region').implement({
  description: "A market and its data rules: which vendors may receive its cases' data.",
  authScopes: staffReaders,
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    requiresUsClearance: t.exposeBoolean('requiresUsClearance', {
      description: 'Cases go only to vendors cleared for US data.',
    }),
    requiresGdprAgreement: t.exposeBoolean('requiresGdprAgreement', {
      description: 'Cases go only to vendors with a GDPR data-processing agreement.',
    }),
    defaultTimeZone: t.exposeString('defaultTimeZone'),
  }),
});

const Scope = builder.objectRef<ScopeShape>('Scope').implement({
  description: 'A kind of support work.',
  authScopes: staffReaders,
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    sensitivity: t.field({ type: SensitivityEnum, resolve: (s) => s.sensitivity }),
    active: t.exposeBoolean('active', { description: 'Routing takes cases of active scopes.' }),
  }),
});

const VendorSite = builder.objectRef<SiteShape>('VendorSite').implement({
  description: "One of a vendor's delivery sites.",
  authScopes: staffReaders,
  fields: (t) => ({
    id: t.exposeID('id'),
    vendorId: t.exposeID('vendorId'),
    name: t.exposeString('name'),
    countryCode: t.exposeString('countryCode'),
    city: t.exposeString('city'),
    timeZone: t.exposeString('timeZone'),
    headcount: t.exposeInt('headcount'),
  }),
});

const CreateVendorInput = builder.inputType('CreateVendorInput', {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: VendorKindEnum, required: true }),
    usDataCleared: t.boolean({ required: false }),
    gdprAgreement: t.boolean({ required: false }),
    timeZone: t.string({ required: false, description: 'IANA time zone; UTC when not given.' }),
    reason: t.string({ required: true, description: REASON }),
  }),
});
const UpdateVendorInput = builder.inputType('UpdateVendorInput', {
  fields: (t) => ({
    vendorId: t.id({ required: true }),
    name: t.string({ required: false }),
    usDataCleared: t.boolean({ required: false }),
    gdprAgreement: t.boolean({ required: false }),
    timeZone: t.string({ required: false }),
    calendarCode: t.string({
      required: false,
      description:
        "The business calendar (its code) the vendor's SLA clocks count on from now; cases already offered keep their due times.",
    }),
    reason: t.string({ required: true, description: REASON }),
  }),
});
const CreateSiteInput = builder.inputType('CreateVendorSiteInput', {
  fields: (t) => ({
    vendorId: t.id({ required: true }),
    name: t.string({ required: true }),
    countryCode: t.string({ required: true, description: 'ISO 3166 alpha-2.' }),
    city: t.string({ required: true }),
    timeZone: t.string({ required: true }),
    headcount: t.int({ required: false }),
    reason: t.string({ required: true, description: REASON }),
  }),
});
const UpdateSiteInput = builder.inputType('UpdateVendorSiteInput', {
  fields: (t) => ({
    siteId: t.id({ required: true }),
    name: t.string({ required: false }),
    countryCode: t.string({ required: false }),
    city: t.string({ required: false }),
    timeZone: t.string({ required: false }),
    headcount: t.int({ required: false }),
    reason: t.string({ required: true, description: REASON }),
  }),
});
const RegionInput = builder.inputType('RegionInput', {
  description: 'A region to create (name required) or edit (fields left out stay as they are).',
  fields: (t) => ({
    code: t.string({ required: true }),
    name: t.string({ required: false }),
    requiresUsClearance: t.boolean({ required: false }),
    requiresGdprAgreement: t.boolean({ required: false }),
    defaultTimeZone: t.string({ required: false }),
    reason: t.string({ required: true, description: REASON }),
  }),
});
const ScopeInput = builder.inputType('ScopeInput', {
  description: 'A scope to create (name required) or edit (fields left out stay as they are).',
  fields: (t) => ({
    code: t.string({ required: true }),
    name: t.string({ required: false }),
    sensitivity: t.field({ type: SensitivityEnum, required: false }),
    active: t.boolean({ required: false }),
    reason: t.string({ required: true, description: REASON }),
  }),
});

// GraphQL nulls mean "left out" for optional edits.
const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

builder.queryFields((t) => ({
  regions: t.field({
    type: [Region],
    authScopes: staffReaders,
    resolve: (_root, _args, ctx) => listRegions(ctx.db, ctx.actor!),
  }),
  scopes: t.field({
    type: [Scope],
    authScopes: staffReaders,
    resolve: (_root, _args, ctx) => listScopes(ctx.db, ctx.actor!),
  }),
  vendorSites: t.field({
    type: [VendorSite],
    authScopes: staffReaders,
    args: { vendorId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => listVendorSites(ctx.db, ctx.actor!, String(args.vendorId)),
  }),
}));

builder.mutationFields((t) => ({
  createVendor: t.field({
    type: Vendor,
    description:
      'A new vendor (ACTIVE, no contract yet: it gets no case data until it has one). Audited.',
    authScopes: opsOnly,
    args: { input: t.arg({ type: CreateVendorInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const v = await createVendor(ctx.db, ctx.actor!, {
        slug: input.slug,
        name: input.name,
        kind: input.kind,
        usDataCleared: opt(input.usDataCleared),
        gdprAgreement: opt(input.gdprAgreement),
        timeZone: opt(input.timeZone),
        reason: input.reason,
        requestId: ctx.requestId,
      });
      return getVendor(ctx.db, ctx.actor!, v.id);
    },
  }),
  updateVendor: t.field({
    type: Vendor,
    description:
      "Edits a vendor's name, data clearances, time zone or business calendar. Audited with before and after.",
    authScopes: opsOnly,
    args: { input: t.arg({ type: UpdateVendorInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const v = await updateVendor(ctx.db, ctx.actor!, {
        vendorId: String(input.vendorId),
        name: opt(input.name),
        usDataCleared: opt(input.usDataCleared),
        gdprAgreement: opt(input.gdprAgreement),
        timeZone: opt(input.timeZone),
        calendarCode: opt(input.calendarCode),
        reason: input.reason,
        requestId: ctx.requestId,
      });
      return getVendor(ctx.db, ctx.actor!, v.id);
    },
  }),
  offboardVendor: t.field({
    type: Vendor,
    description:
      'Offboards a vendor: DRAINING, every open case it holds is recalled (case.recalled, reason FAILOVER) and routed to others, the contract version in force ends now and versions not yet in force are withdrawn. Its API clients are left to setApiClientActive. Audited.',
    authScopes: opsOnly,
    args: {
      vendorId: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: async (_root, args, ctx) => {
      const r = await offboardVendor(ctx.db, ctx.actor!, {
        vendorId: String(args.vendorId),
        reason: args.reason,
        requestId: ctx.requestId,
      });
      return getVendor(ctx.db, ctx.actor!, r.vendor.id);
    },
  }),
  createVendorSite: t.field({
    type: VendorSite,
    authScopes: opsOnly,
    args: { input: t.arg({ type: CreateSiteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createVendorSite(ctx.db, ctx.actor!, {
        vendorId: String(input.vendorId),
        name: input.name,
        countryCode: input.countryCode,
        city: input.city,
        timeZone: input.timeZone,
        headcount: opt(input.headcount),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
  updateVendorSite: t.field({
    type: VendorSite,
    authScopes: opsOnly,
    args: { input: t.arg({ type: UpdateSiteInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateVendorSite(ctx.db, ctx.actor!, {
        siteId: String(input.siteId),
        name: opt(input.name),
        countryCode: opt(input.countryCode),
        city: opt(input.city),
        timeZone: opt(input.timeZone),
        headcount: opt(input.headcount),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
  createRegion: t.field({
    type: Region,
    description: 'A new region with its data rules. Audited.',
    authScopes: opsOnly,
    args: { input: t.arg({ type: RegionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createRegion(ctx.db, ctx.actor!, {
        code: input.code,
        name: input.name ?? '',
        requiresUsClearance: opt(input.requiresUsClearance),
        requiresGdprAgreement: opt(input.requiresGdprAgreement),
        defaultTimeZone: opt(input.defaultTimeZone),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
  updateRegion: t.field({
    type: Region,
    description:
      'Edits a region; its data rules bind routing from the next decision. Audited with before and after.',
    authScopes: opsOnly,
    args: { input: t.arg({ type: RegionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateRegion(ctx.db, ctx.actor!, {
        code: input.code,
        name: opt(input.name),
        requiresUsClearance: opt(input.requiresUsClearance),
        requiresGdprAgreement: opt(input.requiresGdprAgreement),
        defaultTimeZone: opt(input.defaultTimeZone),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
  createScope: t.field({
    type: Scope,
    description: 'A new scope. Audited.',
    authScopes: opsOnly,
    args: { input: t.arg({ type: ScopeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createScope(ctx.db, ctx.actor!, {
        code: input.code,
        name: input.name ?? '',
        sensitivity: opt(input.sensitivity),
        active: opt(input.active),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
  updateScope: t.field({
    type: Scope,
    description:
      'Edits a scope; its sensitivity decides redaction from the next read. Audited with before and after.',
    authScopes: opsOnly,
    args: { input: t.arg({ type: ScopeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      updateScope(ctx.db, ctx.actor!, {
        code: input.code,
        name: opt(input.name),
        sensitivity: opt(input.sensitivity),
        active: opt(input.active),
        reason: input.reason,
        requestId: ctx.requestId,
      }),
  }),
}));
