// Contracts and their versions: vendor managers write (create, amend, set grants), staff read
// all, a partner reads its own (row-level security: another vendor's contract is NOT_FOUND).
import {
  amendContract,
  CASE_DATA_FIELDS,
  type ContractTermsInput,
  type ContractVersionView,
  type ContractView,
  createContract,
  getContract,
  listContracts,
  setDataAccessGrants,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import { PriorityEnum } from './cases.ts';

const managers = { role: 'vendor_manager' } as const;
const readers = {
  anyRole: ['vendor_manager', 'ops', 'auditor'],
  vendor: 'scorecards:read',
} as const;
const REASON = 'Why (required, recorded in the audit trail with the terms before and after).';

const CaseDataFieldEnum = builder.enumType('CaseDataField', {
  description: 'A part of a case a contract may grant to its vendor.',
  // The domain's one list; a test in the domain holds it equal to the data model's enum.
  values: CASE_DATA_FIELDS,
});

type Terms = ContractTermsInput;

const SlaTargetTerm = builder
  .objectRef<Terms['slaTargets'][number]>('ContractSlaTarget')
  .implement({
    description: 'Due times for cases of a scope / region / priority (null: any).',
    authScopes: readers,
    fields: (t) => ({
      scopeCode: t.string({ nullable: true, resolve: (r) => r.scopeCode ?? null }),
      regionCode: t.string({ nullable: true, resolve: (r) => r.regionCode ?? null }),
      priority: t.field({ type: PriorityEnum, nullable: true, resolve: (r) => r.priority ?? null }),
      firstResponseMinutes: t.exposeInt('firstResponseMinutes'),
      resolutionMinutes: t.exposeInt('resolutionMinutes'),
      businessHoursOnly: t.boolean({ resolve: (r) => r.businessHoursOnly ?? true }),
    }),
  });
const KpiTargetTerm = builder
  .objectRef<Terms['kpiTargets'][number]>('ContractKpiTarget')
  .implement({
    authScopes: readers,
    fields: (t) => ({
      kpi: t.exposeString('kpi'),
      scopeCode: t.string({ nullable: true, resolve: (r) => r.scopeCode ?? null }),
      regionCode: t.string({ nullable: true, resolve: (r) => r.regionCode ?? null }),
      target: t.exposeFloat('target'),
      weight: t.float({ resolve: (r) => r.weight ?? 1 }),
    }),
  });
const GrantTerm = builder
  .objectRef<Terms['dataAccess'][number]>('ContractDataAccessGrant')
  .implement({
    description: 'Case data the vendor may read for cases of a region / scope (null: any).',
    authScopes: readers,
    fields: (t) => ({
      regionCode: t.string({ nullable: true, resolve: (r) => r.regionCode ?? null }),
      scopeCode: t.string({ nullable: true, resolve: (r) => r.scopeCode ?? null }),
      fields: t.field({ type: [CaseDataFieldEnum], resolve: (r) => r.fields }),
    }),
  });
const ContractTerms = builder.objectRef<Terms>('ContractTerms').implement({
  authScopes: readers,
  fields: (t) => ({
    currency: t.exposeString('currency'),
    pricePerCaseMinor: t.exposeInt('pricePerCaseMinor'),
    minMonthlyVolume: t.exposeInt('minMonthlyVolume', { nullable: true }),
    maxMonthlyVolume: t.exposeInt('maxMonthlyVolume', { nullable: true }),
    slaTargets: t.field({ type: [SlaTargetTerm], resolve: (r) => r.slaTargets }),
    kpiTargets: t.field({ type: [KpiTargetTerm], resolve: (r) => r.kpiTargets }),
    dataAccess: t.field({ type: [GrantTerm], resolve: (r) => r.dataAccess }),
    creditTerms: t.field({
      type: 'JSON',
      description: 'Service-credit terms as stored; {} for none.',
      resolve: (r) => r.creditTerms,
    }),
  }),
});
const ContractVersion = builder.objectRef<ContractVersionView>('ContractVersion').implement({
  description:
    'One version of a contract, in force from effectiveFrom until effectiveTo (the next version or the end of the contract; null while nothing follows). Its terms never change once in force.',
  authScopes: readers,
  fields: (t) => ({
    version: t.exposeInt('version'),
    effectiveFrom: t.field({ type: 'DateTime', resolve: (v) => v.effectiveFrom }),
    effectiveTo: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.effectiveTo }),
    reason: t.exposeString('reason', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
    terms: t.field({ type: ContractTerms, resolve: (v) => v.terms }),
  }),
});
const Contract = builder.objectRef<ContractView>('Contract').implement({
  description: "A vendor's contract and its versions (effective-dated terms).",
  authScopes: readers,
  fields: (t) => ({
    reference: t.exposeString('reference'),
    vendorId: t.exposeID('vendorId'),
    periodStart: t.field({ type: 'DateTime', resolve: (c) => c.periodStart }),
    periodEnd: t.field({
      type: 'DateTime',
      description: 'The last day of the term (its start, UTC).',
      resolve: (c) => c.periodEnd,
    }),
    versions: t.field({
      type: [ContractVersion],
      description: 'Oldest first.',
      resolve: (c) => c.versions,
    }),
    current: t.field({
      type: ContractVersion,
      nullable: true,
      description: 'The version in force now.',
      resolve: (c) => c.current,
    }),
  }),
});

const SlaTargetInput = builder.inputType('ContractSlaTargetInput', {
  fields: (t) => ({
    scopeCode: t.string({ required: false }),
    regionCode: t.string({ required: false }),
    priority: t.field({ type: PriorityEnum, required: false }),
    firstResponseMinutes: t.int({ required: true }),
    resolutionMinutes: t.int({ required: true }),
    businessHoursOnly: t.boolean({ required: false, defaultValue: true }),
  }),
});
const KpiTargetInput = builder.inputType('ContractKpiTargetInput', {
  fields: (t) => ({
    kpi: t.string({ required: true, description: 'A KPI code, e.g. SLA_FIRST_RESPONSE.' }),
    scopeCode: t.string({ required: false }),
    regionCode: t.string({ required: false }),
    target: t.float({ required: true }),
    weight: t.float({ required: false, defaultValue: 1 }),
  }),
});
const GrantInput = builder.inputType('ContractDataAccessGrantInput', {
  fields: (t) => ({
    regionCode: t.string({ required: false }),
    scopeCode: t.string({ required: false }),
    fields: t.field({ type: [CaseDataFieldEnum], required: true }),
  }),
});
const TermsInput = builder.inputType('ContractTermsInput', {
  description:
    'Terms of a version. In an amendment, a field left out is carried over from the version amended.',
  fields: (t) => ({
    currency: t.string({
      required: false,
      description: 'ISO 4217; USD when a new contract leaves it out.',
    }),
    pricePerCaseMinor: t.int({ required: false }),
    minMonthlyVolume: t.int({ required: false }),
    maxMonthlyVolume: t.int({ required: false }),
    slaTargets: t.field({ type: [SlaTargetInput], required: false }),
    kpiTargets: t.field({ type: [KpiTargetInput], required: false }),
    dataAccess: t.field({ type: [GrantInput], required: false }),
    creditTerms: t.field({ type: 'JSON', required: false }),
  }),
});
type TermsArg = typeof TermsInput.$inferInput;

/** The terms given, only the fields present (an amendment carries the rest over). */
function termsFrom(input: TermsArg): Partial<Terms> {
  const out: Partial<Terms> = {};
  if (input.currency != null) out.currency = input.currency;
  if (input.pricePerCaseMinor != null) out.pricePerCaseMinor = input.pricePerCaseMinor;
  if (input.minMonthlyVolume !== undefined) out.minMonthlyVolume = input.minMonthlyVolume ?? null;
  if (input.maxMonthlyVolume !== undefined) out.maxMonthlyVolume = input.maxMonthlyVolume ?? null;
  if (input.slaTargets != null) {
    out.slaTargets = input.slaTargets.map((s) => ({
      ...s,
      businessHoursOnly: s.businessHoursOnly ?? true,
    }));
  }
  if (input.kpiTargets != null) {
    out.kpiTargets = input.kpiTargets.map((k) => ({ ...k, weight: k.weight ?? 1 }));
  }
  if (input.dataAccess != null) out.dataAccess = input.dataAccess;
  if (input.creditTerms !== undefined) out.creditTerms = input.creditTerms ?? {};
  return out;
}

builder.queryFields((t) => ({
  contracts: t.field({
    type: [Contract],
    description:
      "Contracts with their versions: a partner's own, or (staff) every vendor's or one vendor's.",
    authScopes: readers,
    args: { vendorId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      listContracts(ctx.db, ctx.actor!, { vendorId: args.vendorId ? String(args.vendorId) : null }),
  }),
  contract: t.field({
    type: Contract,
    description: "One contract by reference; another vendor's is NOT_FOUND.",
    authScopes: readers,
    args: { reference: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => getContract(ctx.db, ctx.actor!, args.reference),
  }),
}));

builder.mutationFields((t) => ({
  createContract: t.field({
    type: Contract,
    description:
      "Enters a contract as its version 1, in force from effectiveFrom (the start of periodStart when left out). A version of the vendor's still in force then ends at that instant (not in the past). Every problem is answered at once (VALIDATION). Audited.",
    authScopes: managers,
    args: {
      vendorId: t.arg.id({ required: true }),
      reference: t.arg.string({ required: true }),
      periodStart: t.arg({ type: 'DateTime', required: true }),
      periodEnd: t.arg({
        type: 'DateTime',
        required: true,
        description: 'The last day of the term.',
      }),
      effectiveFrom: t.arg({ type: 'DateTime', required: false }),
      terms: t.arg({ type: TermsInput, required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) => {
      const given = termsFrom(args.terms);
      return createContract(ctx.db, ctx.actor!, {
        vendorId: String(args.vendorId),
        reference: args.reference,
        periodStart: args.periodStart,
        periodEnd: args.periodEnd,
        effectiveFrom: args.effectiveFrom ?? null,
        terms: {
          currency: 'USD',
          pricePerCaseMinor: 0,
          minMonthlyVolume: null,
          maxMonthlyVolume: null,
          slaTargets: [],
          kpiTargets: [],
          dataAccess: [],
          creditTerms: {},
          ...given,
        },
        reason: args.reason,
        requestId: ctx.requestId,
      });
    },
  }),
  amendContract: t.field({
    type: Contract,
    description:
      'Amends a contract: a new version in force from effectiveFrom (not in the past), which ends the version before it at that instant. Terms left out are carried over. Every problem is answered at once (VALIDATION). Audited with the terms before and after.',
    authScopes: managers,
    args: {
      reference: t.arg.string({ required: true }),
      effectiveFrom: t.arg({ type: 'DateTime', required: true }),
      terms: t.arg({ type: TermsInput, required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      amendContract(ctx.db, ctx.actor!, {
        reference: args.reference,
        effectiveFrom: args.effectiveFrom,
        terms: termsFrom(args.terms),
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
  setDataAccessGrants: t.field({
    type: Contract,
    description:
      "Replaces a contract's data-access grants from effectiveFrom: an amendment whose only change is the grants. Audited.",
    authScopes: managers,
    args: {
      reference: t.arg.string({ required: true }),
      effectiveFrom: t.arg({ type: 'DateTime', required: true }),
      grants: t.arg({ type: [GrantInput], required: true }),
      reason: t.arg.string({ required: true, description: REASON }),
    },
    resolve: (_root, args, ctx) =>
      setDataAccessGrants(ctx.db, ctx.actor!, {
        reference: args.reference,
        effectiveFrom: args.effectiveFrom,
        grants: args.grants,
        reason: args.reason,
        requestId: ctx.requestId,
      }),
  }),
}));
