// Ops: vendors and their partner API clients (create, rotate secret, register keys, disable).

import {
  createApiClient,
  getVendor,
  listApiClients,
  listVendors,
  RATE_LIMIT_TIERS,
  registerClientJwks,
  rotateClientSecret,
  setApiClientActive,
  setApiClientRateLimitTier,
  setVendorActive,
} from '@bvg/domain';
import { builder } from '../builder.ts';

const opsOnly = { role: 'ops' } as const;
const opsOrAuditor = { anyRole: ['ops', 'auditor'] } as const;

interface VendorShape {
  id: string;
  slug: string;
  name: string;
  kind: string;
  state: 'ACTIVE' | 'PAUSED' | 'DRAINING';
  stateReason: string | null;
  stateChangedAt: Date | null;
  usDataCleared: boolean;
  gdprAgreement: boolean;
  timeZone: string;
  sandboxOfId: string | null;
}
interface ApiClientShape {
  clientId: string;
  vendorId: string;
  name: string;
  authMethod: string;
  allowedScopes: string[];
  active: boolean;
  jwksUri: string | null;
  rateLimitTier: string;
  createdAt: Date;
}

export const VendorStateEnum = builder.enumType('VendorState', {
  description: "Whether routing gives the vendor new work. API access is its clients' `active`.",
  values: {
    ACTIVE: { description: 'Takes new work.' },
    PAUSED: { description: 'No new work; keeps its cases and its API access.' },
    DRAINING: {
      description:
        'No new work; its unaccepted offers are recalled and routed elsewhere, accepted work stays.',
    },
  } as const,
});

export const Vendor = builder.objectRef<VendorShape>('Vendor').implement({
  description: 'A BPO partner (a tenant) or an in-house team.',
  authScopes: opsOrAuditor,
  fields: (t) => ({
    id: t.exposeID('id', { authScopes: opsOrAuditor }),
    slug: t.exposeString('slug', { authScopes: opsOrAuditor }),
    name: t.exposeString('name', { authScopes: opsOrAuditor }),
    kind: t.exposeString('kind', { authScopes: opsOrAuditor }),
    state: t.field({ type: VendorStateEnum, authScopes: opsOrAuditor, resolve: (v) => v.state }),
    stateReason: t.exposeString('stateReason', { nullable: true, authScopes: opsOrAuditor }),
    stateChangedAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: opsOrAuditor,
      resolve: (v) => v.stateChangedAt,
    }),
    active: t.boolean({
      description: 'Whether the vendor takes new work (state ACTIVE).',
      deprecationReason: 'Use state.',
      authScopes: opsOrAuditor,
      resolve: (v) => v.state === 'ACTIVE',
    }),
    usDataCleared: t.exposeBoolean('usDataCleared', { authScopes: opsOrAuditor }),
    gdprAgreement: t.exposeBoolean('gdprAgreement', { authScopes: opsOrAuditor }),
    timeZone: t.exposeString('timeZone', { authScopes: opsOrAuditor }),
    sandboxOf: t.id({
      nullable: true,
      description:
        'Set on a sandbox tenant: the real partner it belongs to. Sandbox tenants get synthetic cases only.',
      authScopes: opsOrAuditor,
      resolve: (v) => v.sandboxOfId,
    }),
  }),
});

const RateLimitTier = builder.enumType('RateLimitTier', {
  description:
    "A partner client's GraphQL rate limit: query-cost points per window, set per tier in the gateway's configuration.",
  values: RATE_LIMIT_TIERS,
});

export const ApiClient = builder.objectRef<ApiClientShape>('ApiClient').implement({
  description: "A partner system's OAuth client. Secrets are never shown again after issue.",
  authScopes: opsOrAuditor,
  fields: (t) => ({
    clientId: t.exposeString('clientId', { authScopes: opsOrAuditor }),
    vendorId: t.exposeID('vendorId', { authScopes: opsOrAuditor }),
    name: t.exposeString('name', { authScopes: opsOrAuditor }),
    authMethod: t.exposeString('authMethod', { authScopes: opsOrAuditor }),
    allowedScopes: t.exposeStringList('allowedScopes', { authScopes: opsOrAuditor }),
    active: t.exposeBoolean('active', { authScopes: opsOrAuditor }),
    jwksUri: t.exposeString('jwksUri', { nullable: true, authScopes: opsOrAuditor }),
    rateLimitTier: t.field({
      type: RateLimitTier,
      description: 'Which rate limit applies to this client (see the RateLimit-Policy header).',
      authScopes: opsOrAuditor,
      resolve: (c) => c.rateLimitTier as (typeof RATE_LIMIT_TIERS)[number],
    }),
    createdAt: t.field({ type: 'DateTime', authScopes: opsOrAuditor, resolve: (c) => c.createdAt }),
  }),
});

interface IssuedSecret {
  clientId: string;
  clientSecret: string;
  previousSecretsExpireAt: Date;
}
const IssuedClientSecret = builder.objectRef<IssuedSecret>('IssuedClientSecret').implement({
  description: 'A new client secret. Shown once: store it now; only its hash is kept.',
  authScopes: opsOnly,
  fields: (t) => ({
    clientId: t.exposeString('clientId', { authScopes: opsOnly }),
    clientSecret: t.exposeString('clientSecret', { authScopes: opsOnly }),
    previousSecretsExpireAt: t.field({
      type: 'DateTime',
      description: 'Until then the earlier secrets keep working.',
      authScopes: opsOnly,
      resolve: (s) => s.previousSecretsExpireAt,
    }),
  }),
});

export const AuthMethod = builder.enumType('ClientAuthMethod', {
  values: ['CLIENT_SECRET_BASIC', 'PRIVATE_KEY_JWT'] as const,
});

builder.queryFields((t) => ({
  vendors: t.field({
    type: [Vendor],
    authScopes: opsOrAuditor,
    resolve: (_root, _args, ctx) => listVendors(ctx.db, ctx.actor!),
  }),
  apiClients: t.field({
    type: [ApiClient],
    authScopes: opsOrAuditor,
    args: { vendorId: t.arg.id({ required: false }) },
    resolve: (_root, args, ctx) =>
      listApiClients(ctx.db, ctx.actor!, {
        vendorId: args.vendorId ? String(args.vendorId) : null,
      }),
  }),
}));

builder.mutationFields((t) => ({
  createApiClient: t.field({
    type: ApiClient,
    authScopes: opsOnly,
    args: {
      vendorId: t.arg.id({ required: true }),
      clientId: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      authMethod: t.arg({ type: AuthMethod, required: true }),
      scopes: t.arg.stringList({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      createApiClient(
        ctx.db,
        ctx.actor!,
        { ...args, vendorId: String(args.vendorId) },
        ctx.requestId,
      ),
  }),
  rotateClientSecret: t.field({
    type: IssuedClientSecret,
    authScopes: opsOnly,
    args: {
      clientId: t.arg.string({ required: true }),
      overlapHours: t.arg.int({ required: false, defaultValue: 24 }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      rotateClientSecret(
        ctx.db,
        ctx.actor!,
        { clientId: args.clientId, overlapHours: args.overlapHours ?? 24, reason: args.reason },
        ctx.requestId,
      ),
  }),
  registerClientJwks: t.field({
    type: ApiClient,
    description:
      'Switches the client to private_key_jwt with an inline JWK set or an https JWK set URL.',
    authScopes: opsOnly,
    args: {
      clientId: t.arg.string({ required: true }),
      jwks: t.arg({ type: 'JSON', required: false }),
      jwksUri: t.arg.string({ required: false }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) => registerClientJwks(ctx.db, ctx.actor!, args, ctx.requestId),
  }),
  setApiClientActive: t.field({
    type: ApiClient,
    authScopes: opsOnly,
    args: {
      clientId: t.arg.string({ required: true }),
      active: t.arg.boolean({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const client = await setApiClientActive(ctx.db, ctx.actor!, args, ctx.requestId);
      await ctx.announceAccessChange?.(client.clientId);
      return client;
    },
  }),
  setApiClientRateLimitTier: t.field({
    type: ApiClient,
    description:
      'Moves a client to another rate-limit tier. Every gateway applies it within seconds; audited with the reason.',
    authScopes: opsOnly,
    args: {
      clientId: t.arg.string({ required: true }),
      tier: t.arg({ type: RateLimitTier, required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const client = await setApiClientRateLimitTier(ctx.db, ctx.actor!, args, ctx.requestId);
      await ctx.announceAccessChange?.(client.clientId);
      return client;
    },
  }),
  setVendorActive: t.field({
    type: Vendor,
    description:
      'Off pauses the vendor (no new work; it keeps its cases and its API access), on makes it ACTIVE.',
    deprecationReason: 'Use setVendorState (and setApiClientActive for API access).',
    authScopes: opsOnly,
    args: {
      vendorId: t.arg.id({ required: true }),
      active: t.arg.boolean({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const vendor = await setVendorActive(
        ctx.db,
        ctx.actor!,
        { ...args, vendorId: String(args.vendorId) },
        ctx.requestId,
      );
      return getVendor(ctx.db, ctx.actor!, vendor.id);
    },
  }),
}));
