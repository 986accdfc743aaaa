// Sandbox credentials (ops), synthetic cases and their schedule (the sandbox client itself, or
// ops for it). The sandbox tenant then works its cases with the ordinary partner API.

import {
  type GeneratedSandboxCase,
  generateSandboxCases,
  getSandboxSchedule,
  type IssuedSandboxCredentials,
  issueSandboxCredentials,
  readSandboxTenants,
  type SandboxScheduleView,
  type SandboxTenantSummary,
  STRICT_URL_POLICY,
  setSandboxSchedule,
} from '@bvg/domain';
import { builder } from '../builder.ts';
import { CaseStatusEnum, ChannelEnum, PriorityEnum } from './cases.ts';
import { ApiClient, AuthMethod } from './clients.ts';

const opsOnly = { role: 'ops' } as const;
const opsOrAuditor = { anyRole: ['ops', 'auditor'] } as const;
const generators = { vendor: 'cases:write', role: 'ops' } as const;
const scheduleReaders = { vendor: 'cases:read', anyRole: ['ops', 'auditor'] } as const;

const SandboxTenant = builder.objectRef<SandboxTenantSummary>('SandboxTenant').implement({
  description:
    "A partner's sandbox: a tenant of its own whose cases are synthetic. Routing never sends it real work, and its figures are in no real scorecard.",
  authScopes: opsOrAuditor,
  fields: (t) => ({
    id: t.id({ authScopes: opsOrAuditor, resolve: (s) => s.id }),
    slug: t.string({ authScopes: opsOrAuditor, resolve: (s) => s.slug }),
    name: t.string({ authScopes: opsOrAuditor, resolve: (s) => s.name }),
    partnerVendorId: t.id({
      description: 'The real partner it belongs to.',
      authScopes: opsOrAuditor,
      resolve: (s) => s.partnerVendorId,
    }),
    clientIds: t.stringList({ authScopes: opsOrAuditor, resolve: (s) => s.clientIds }),
    createdAt: t.field({ type: 'DateTime', authScopes: opsOrAuditor, resolve: (s) => s.createdAt }),
  }),
});

type IssuedEndpoint = IssuedSandboxCredentials['webhookEndpoints'][number];
const SandboxWebhookEndpoint = builder
  .objectRef<IssuedEndpoint>('SandboxWebhookEndpoint')
  .implement({
    description: 'A sandbox webhook endpoint with its `whsec_` signing secret, shown once.',
    authScopes: opsOnly,
    fields: (t) => ({
      id: t.id({ authScopes: opsOnly, resolve: (e) => e.id }),
      url: t.string({ authScopes: opsOnly, resolve: (e) => e.url }),
      eventTypes: t.stringList({
        description: 'Event types sent here; empty means all.',
        authScopes: opsOnly,
        resolve: (e) => e.eventTypes,
      }),
      secret: t.string({ authScopes: opsOnly, resolve: (e) => e.secret }),
    }),
  });

const SandboxCredentials = builder
  .objectRef<IssuedSandboxCredentials>('SandboxCredentials')
  .implement({
    description:
      'What a partner needs to try the whole flow in its sandbox. Secrets are shown once: hand them over now.',
    authScopes: opsOnly,
    fields: (t) => ({
      sandbox: t.field({
        type: SandboxTenant,
        authScopes: opsOnly,
        resolve: (c) => ({ ...c.sandbox, clientIds: [c.client.clientId] }),
      }),
      tenantCreated: t.boolean({
        description: 'True when this call made the sandbox tenant; false when it added a client.',
        authScopes: opsOnly,
        resolve: (c) => c.tenantCreated,
      }),
      client: t.field({ type: ApiClient, authScopes: opsOnly, resolve: (c) => c.client }),
      clientSecret: t.string({
        nullable: true,
        description: 'The client secret (client_secret_basic); null for private_key_jwt.',
        authScopes: opsOnly,
        resolve: (c) => c.clientSecret,
      }),
      webhookEndpoints: t.field({
        type: [SandboxWebhookEndpoint],
        authScopes: opsOnly,
        resolve: (c) => c.webhookEndpoints,
      }),
    }),
  });

const GeneratedCase = builder.objectRef<GeneratedSandboxCase>('GeneratedSandboxCase').implement({
  description:
    'A synthetic case, already offered to the sandbox tenant (a `case.assigned` webhook follows).',
  authScopes: generators,
  fields: (t) => ({
    caseId: t.id({ authScopes: generators, resolve: (c) => c.caseId }),
    version: t.int({ authScopes: generators, resolve: (c) => c.version }),
    status: t.field({ type: CaseStatusEnum, authScopes: generators, resolve: (c) => c.status }),
    region: t.string({ authScopes: generators, resolve: (c) => c.region }),
    scope: t.string({ authScopes: generators, resolve: (c) => c.scope }),
    offerExpiresAt: t.field({
      type: 'DateTime',
      description: 'Accept before then, or the offer lapses as a real one would.',
      authScopes: generators,
      resolve: (c) => c.offerExpiresAt,
    }),
  }),
});

const SandboxSchedule = builder.objectRef<SandboxScheduleView>('SandboxSchedule').implement({
  description: 'Synthetic cases that arrive on their own: `casesPerRun` every `everyMinutes`.',
  authScopes: scheduleReaders,
  fields: (t) => ({
    vendorId: t.id({ authScopes: scheduleReaders, resolve: (s) => s.vendorId }),
    casesPerRun: t.int({ authScopes: scheduleReaders, resolve: (s) => s.casesPerRun }),
    everyMinutes: t.int({ authScopes: scheduleReaders, resolve: (s) => s.everyMinutes }),
    scope: t.string({ nullable: true, authScopes: scheduleReaders, resolve: (s) => s.scopeCode }),
    region: t.string({
      nullable: true,
      authScopes: scheduleReaders,
      resolve: (s) => s.regionCode,
    }),
    nextRunAt: t.field({
      type: 'DateTime',
      authScopes: scheduleReaders,
      resolve: (s) => s.nextRunAt,
    }),
  }),
});

const EndpointInput = builder.inputType('SandboxWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    eventTypes: t.stringList({ required: false, description: 'Empty or absent: all events.' }),
    description: t.string({ required: false }),
  }),
});

const IssueInput = builder.inputType('IssueSandboxCredentialsInput', {
  fields: (t) => ({
    partnerVendorId: t.id({ required: true, description: 'The real BPO partner.' }),
    clientId: t.string({ required: true, description: 'The sandbox client id to create.' }),
    clientName: t.string({ required: false }),
    authMethod: t.field({ type: AuthMethod, required: true }),
    jwks: t.field({
      type: 'JSON',
      required: false,
      description: 'PRIVATE_KEY_JWT: the public JWK set (or give jwksUri).',
    }),
    jwksUri: t.string({ required: false, description: 'PRIVATE_KEY_JWT: an https JWK set URL.' }),
    scopes: t.stringList({ required: false, description: 'Defaults to every partner scope.' }),
    webhookEndpoints: t.field({ type: [EndpointInput], required: false }),
    reason: t.string({ required: true }),
  }),
});

const GenerateInput = builder.inputType('GenerateSandboxCasesInput', {
  fields: (t) => ({
    vendorId: t.id({
      required: false,
      description: 'Ops: the sandbox tenant. A sandbox client passes none (its own).',
    }),
    count: t.int({ required: true, description: 'How many, 1 to 50.' }),
    scope: t.string({
      required: false,
      description: "Picked from the partner's certifications when absent.",
    }),
    region: t.string({
      required: false,
      description: "Picked from the partner's certifications when absent.",
    }),
    channel: t.field({ type: ChannelEnum, required: false }),
    language: t.string({ required: false }),
    priority: t.field({ type: PriorityEnum, required: false }),
  }),
});

const ScheduleInput = builder.inputType('SetSandboxScheduleInput', {
  fields: (t) => ({
    vendorId: t.id({
      required: false,
      description: 'Ops: the sandbox tenant. A sandbox client passes none (its own).',
    }),
    casesPerRun: t.int({ required: true, description: '0 turns the schedule off; at most 50.' }),
    everyMinutes: t.int({ required: true, description: '1 to 10080 (a week).' }),
    scope: t.string({ required: false }),
    region: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  sandboxTenants: t.field({
    type: [SandboxTenant],
    description: "Partners' sandbox tenants (one partner's when given).",
    authScopes: opsOrAuditor,
    args: { partnerVendorId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      readSandboxTenants(ctx.db, ctx.actor!, {
        partnerVendorId: args.partnerVendorId ? String(args.partnerVendorId) : null,
      }),
  }),
  sandboxSchedule: t.field({
    type: SandboxSchedule,
    nullable: true,
    description: "A sandbox tenant's schedule (a sandbox client reads its own); null when none.",
    authScopes: scheduleReaders,
    args: { vendorId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      getSandboxSchedule(ctx.db, ctx.actor!, {
        vendorId: args.vendorId ? String(args.vendorId) : null,
      }),
  }),
}));

builder.mutationFields((t) => ({
  issueSandboxCredentials: t.field({
    type: SandboxCredentials,
    description:
      "Gives a partner sandbox credentials: its sandbox tenant (made on first issue, with the partner's data rules, calendar and contract terms), a client authenticated like a real one, and webhook endpoints. All or nothing.",
    authScopes: opsOnly,
    args: { input: t.arg({ type: IssueInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      issueSandboxCredentials(
        ctx.db,
        ctx.actor!,
        {
          ...input,
          partnerVendorId: String(input.partnerVendorId),
          requestId: ctx.requestId,
        },
        ctx.webhookUrlPolicy ?? STRICT_URL_POLICY,
      ),
  }),
  generateSandboxCases: t.field({
    type: [GeneratedCase],
    description:
      'Makes synthetic cases offered to a sandbox tenant, with plainly fake subjects (`@example.invalid`). A real partner client is FORBIDDEN.',
    authScopes: generators,
    args: { input: t.arg({ type: GenerateInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      generateSandboxCases(ctx.db, ctx.actor!, {
        ...input,
        vendorId: input.vendorId ? String(input.vendorId) : null,
        requestId: ctx.requestId,
      }),
  }),
  setSandboxSchedule: t.field({
    type: SandboxSchedule,
    nullable: true,
    description:
      'Sets (or with casesPerRun 0 removes) when synthetic cases arrive on their own. Null when removed.',
    authScopes: generators,
    args: { input: t.arg({ type: ScheduleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      setSandboxSchedule(ctx.db, ctx.actor!, {
        ...input,
        vendorId: input.vendorId ? String(input.vendorId) : null,
        requestId: ctx.requestId,
      }),
  }),
}));
