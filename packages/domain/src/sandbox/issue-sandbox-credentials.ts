// Ops give a partner sandbox credentials: a sandbox tenant (made once per partner, linked to
// it), an API client of that tenant authenticated like a real one (a client secret or the
// partner's JWK set) and webhook endpoints with their signing secrets. One transaction: either
// the partner gets everything it needs, or nothing is made.
import { generateClientSecret, hashClientSecret, VENDOR_SCOPES } from '@bvg/auth';
import { Prisma, type PrismaClient, systemScope, type TenantTx, withScope } from '@bvg/db';
import { generateWebhookSecret } from '@bvg/webhooks';
import { recordAuditMany } from '../audit/index.ts';
import { apiClientProblems, parseClientKeys } from '../clients/index.ts';
import { eventTypeProblems, type WebhookUrlPolicy, webhookUrlProblems } from '../dispatch/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';

/** Endpoints one issue may register (more can be added later like any endpoint). */
export const MAX_SANDBOX_ENDPOINTS = 5;

export interface SandboxEndpointInput {
  url: string;
  eventTypes?: readonly string[] | null;
  description?: string | null;
}

export interface IssueSandboxCredentialsInput {
  /** The real partner the sandbox belongs to. */
  partnerVendorId: string;
  clientId: string;
  /** Defaults to "<partner> sandbox". */
  clientName?: string | null;
  authMethod: 'CLIENT_SECRET_BASIC' | 'PRIVATE_KEY_JWT';
  /** For PRIVATE_KEY_JWT: exactly one of an inline JWK set or an https URL. */
  jwks?: unknown;
  jwksUri?: string | null;
  /** Defaults to every partner scope. */
  scopes?: readonly string[] | null;
  webhookEndpoints?: readonly SandboxEndpointInput[] | null;
  reason: string;
  requestId?: string | null;
}

export interface SandboxTenantView {
  id: string;
  slug: string;
  name: string;
  partnerVendorId: string;
  createdAt: Date;
}

export interface IssuedSandboxCredentials {
  sandbox: SandboxTenantView;
  /** True when this call made the sandbox tenant; false when the partner already had one. */
  tenantCreated: boolean;
  client: {
    clientId: string;
    vendorId: string;
    name: string;
    authMethod: string;
    allowedScopes: string[];
    active: boolean;
    jwksUri: string | null;
    rateLimitTier: string;
    createdAt: Date;
  };
  /** The client secret, shown once (null for private_key_jwt). */
  clientSecret: string | null;
  webhookEndpoints: { id: string; url: string; eventTypes: string[]; secret: string }[];
}

function inputProblems(input: IssueSandboxCredentialsInput, policy: WebhookUrlPolicy): Problem[] {
  const scopes = input.scopes ?? [...VENDOR_SCOPES];
  const problems = apiClientProblems({
    clientId: input.clientId,
    name: input.clientName ?? 'sandbox',
    scopes: [...scopes],
  });
  if (input.authMethod === 'PRIVATE_KEY_JWT') {
    const keys = parseClientKeys(input);
    if (!keys.ok) problems.push(...keys.problems);
  } else if (input.jwks != null || input.jwksUri != null) {
    problems.push({ path: 'jwks', message: 'only with authMethod PRIVATE_KEY_JWT' });
  }
  if (input.reason.trim().length === 0) problems.push({ path: 'reason', message: 'is required' });
  const endpoints = input.webhookEndpoints ?? [];
  if (endpoints.length > MAX_SANDBOX_ENDPOINTS) {
    problems.push({ path: 'webhookEndpoints', message: `at most ${MAX_SANDBOX_ENDPOINTS}` });
  }
  endpoints.forEach((e, i) => {
    problems.push(...webhookUrlProblems(e.url, policy, `webhookEndpoints.${i}.url`));
    problems.push(...eventTypeProblems(e.eventTypes ?? [], `webhookEndpoints.${i}.eventTypes`));
  });
  return problems;
}

/**
 * Issues sandbox credentials for a real BPO partner. The partner's first issue makes its
 * sandbox tenant: same data rules, calendar and contract terms (SLA and KPI targets,
 * data-access grants) as the partner has now, so redaction and SLA clocks behave as they will
 * in production; no certifications or capacity, because routing never considers it. Later
 * issues add a client (and endpoints) to the same tenant. Refused: an unknown partner
 * (NOT_FOUND), a sandbox or in-house team as the partner, a taken client id, bad keys or URLs
 * (VALIDATION, every problem at once).
 */
export async function issueSandboxCredentials(
  prisma: PrismaClient,
  actor: Actor,
  input: IssueSandboxCredentialsInput,
  policy: WebhookUrlPolicy,
  now: Date = new Date(),
): Promise<IssuedSandboxCredentials> {
  const problems = inputProblems(input, policy);
  if (problems.length > 0) throw validationError(problems);
  const clientSecret = input.authMethod === 'CLIENT_SECRET_BASIC' ? generateClientSecret() : null;
  const secretHash = clientSecret === null ? null : await hashClientSecret(clientSecret);
  const keys = input.authMethod === 'PRIVATE_KEY_JWT' ? parseClientKeys(input) : null;

  return withScope(prisma, systemScope('issue sandbox credentials'), async (tx) => {
    const partner = /^[0-9a-f-]{36}$/i.test(input.partnerVendorId)
      ? await tx.vendor.findUnique({ where: { id: input.partnerVendorId } })
      : null;
    if (!partner) throw new DomainError('NOT_FOUND', 'Vendor not found');
    const refused: Problem[] = [];
    if (partner.sandboxOfId !== null) {
      refused.push({ path: 'partnerVendorId', message: 'is itself a sandbox tenant' });
    } else if (partner.kind !== 'BPO') {
      refused.push({ path: 'partnerVendorId', message: 'is not a BPO partner' });
    }
    const taken = await tx.apiClient.findUnique({
      where: { clientId: input.clientId },
      select: { id: true },
    });
    if (taken) refused.push({ path: 'clientId', message: 'is already taken' });
    if (refused.length > 0) throw validationError(refused);

    const existing = await tx.vendor.findFirst({
      where: { sandboxOfId: partner.id },
      orderBy: { createdAt: 'asc' },
    });
    const sandbox = existing ?? (await createSandboxTenant(tx, partner, now));

    const scopes = [...(input.scopes ?? VENDOR_SCOPES)];
    const client = await tx.apiClient.create({
      data: {
        clientId: input.clientId,
        vendorId: sandbox.id,
        name: input.clientName?.trim() || `${partner.name} sandbox`,
        authMethod: input.authMethod,
        allowedScopes: scopes,
        ...(keys?.ok
          ? {
              jwks: keys.jwks ? (keys.jwks as object) : Prisma.DbNull,
              jwksUri: input.jwksUri ?? null,
            }
          : {}),
      },
    });
    if (secretHash !== null) {
      await tx.apiClientSecret.create({
        data: { apiClientId: client.id, secretHash, hint: clientSecret!.slice(-4) },
      });
    }
    const endpoints: IssuedSandboxCredentials['webhookEndpoints'] = [];
    for (const e of input.webhookEndpoints ?? []) {
      const secret = generateWebhookSecret();
      const eventTypes = [...new Set(e.eventTypes ?? [])];
      const row = await tx.webhookEndpoint.create({
        data: {
          vendorId: sandbox.id,
          url: e.url,
          description: e.description ?? 'sandbox',
          eventTypes,
        },
        select: { id: true, url: true, eventTypes: true },
      });
      await tx.webhookSecret.create({ data: { endpointId: row.id, vendorId: sandbox.id, secret } });
      endpoints.push({ ...row, secret });
    }
    const common = { actor, requestId: input.requestId ?? null };
    await recordAuditMany(tx, [
      {
        ...common,
        action: 'sandbox.issue_credentials',
        targetType: 'Vendor',
        targetId: sandbox.id,
        details: {
          partnerVendorId: partner.id,
          tenantCreated: existing === null,
          clientId: client.clientId,
          endpoints: endpoints.map((e) => e.id),
          reason: input.reason,
        },
      },
      {
        ...common,
        action: 'api_client.create',
        targetType: 'ApiClient',
        targetId: client.clientId,
        details: {
          vendorId: sandbox.id,
          authMethod: input.authMethod,
          scopes,
          sandbox: true,
          reason: input.reason,
        },
      },
      ...endpoints.map((e) => ({
        ...common,
        action: 'webhook_endpoint.create',
        targetType: 'WebhookEndpoint',
        targetId: e.id,
        details: { vendorId: sandbox.id, url: e.url, eventTypes: e.eventTypes },
      })),
    ]);
    return {
      sandbox: {
        id: sandbox.id,
        slug: sandbox.slug,
        name: sandbox.name,
        partnerVendorId: partner.id,
        createdAt: sandbox.createdAt,
      },
      tenantCreated: existing === null,
      client,
      clientSecret,
      webhookEndpoints: endpoints,
    };
  });
}

type VendorRow = Prisma.VendorGetPayload<object>;

/** The partner's sandbox tenant, with a copy of the contract version in force (or the latest one). */
async function createSandboxTenant(tx: TenantTx, partner: VendorRow, now: Date) {
  let slug = `${partner.slug}-sandbox`;
  if (await tx.vendor.findUnique({ where: { slug }, select: { id: true } })) {
    slug = `${slug}-${partner.id.slice(0, 8)}`;
  }
  const sandbox = await tx.vendor.create({
    data: {
      slug,
      name: `${partner.name} (sandbox)`,
      kind: 'BPO',
      sandboxOfId: partner.id,
      usDataCleared: partner.usDataCleared,
      gdprAgreement: partner.gdprAgreement,
      timeZone: partner.timeZone,
      businessHours: partner.businessHours as object,
      holidays: partner.holidays,
      calendarId: partner.calendarId,
    },
  });
  const contract =
    (await tx.contract.findFirst({
      where: {
        vendorId: partner.id,
        effectiveFrom: { lte: now },
        OR: [{ effectiveTo: null }, { effectiveTo: { gt: now } }],
      },
      orderBy: { effectiveFrom: 'desc' },
      include: { slaTargets: true, kpiTargets: true, dataAccess: true },
    })) ??
    (await tx.contract.findFirst({
      where: { vendorId: partner.id },
      orderBy: { effectiveFrom: 'desc' },
      include: { slaTargets: true, kpiTargets: true, dataAccess: true },
    }));
  if (contract) {
    const copy = await tx.contract.create({
      data: {
        vendorId: sandbox.id,
        reference: `${contract.reference}-SANDBOX-${sandbox.id.slice(0, 8)}`,
        periodStart: contract.periodStart,
        periodEnd: contract.periodEnd,
        // The sandbox's one version, in force from the copied version's start.
        effectiveFrom: contract.effectiveFrom,
        reason: 'sandbox copy',
        currency: contract.currency,
        pricePerCaseMinor: contract.pricePerCaseMinor,
        minMonthlyVolume: contract.minMonthlyVolume,
        maxMonthlyVolume: contract.maxMonthlyVolume,
        creditTerms: contract.creditTerms as object,
      },
    });
    // The contract's targets and grants, re-parented to the copy.
    const into = <T extends { id: string; contractId: string }>({
      id,
      contractId,
      ...rest
    }: T) => ({
      ...rest,
      contractId: copy.id,
    });
    await tx.slaTarget.createMany({ data: contract.slaTargets.map(into) });
    await tx.kpiTarget.createMany({ data: contract.kpiTargets.map(into) });
    await tx.dataAccessGrant.createMany({ data: contract.dataAccess.map(into) });
  }
  return sandbox;
}
