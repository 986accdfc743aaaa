// Partner API clients: created by ops, authenticated by a gateway-generated secret (shown
// once, stored as a slow hash, rotated with an overlap) or by the partner's own key
// (private_key_jwt against a registered JWK set, inline or at an https URL).

import { generateClientSecret, hashClientSecret, VENDOR_SCOPES } from '@bvg/auth';
import { Prisma, type PrismaClient, systemScope, type TenantTx, withScope } from '@bvg/db';
import { z } from 'zod';
import { recordAudit } from '../audit/index.ts';
import type { Actor } from '../shared/actor.ts';
import { DomainError, type Problem, validationError } from '../shared/domain-error.ts';
import { setVendorState } from '../vendors/index.ts';

const jwkSchema = z
  .object({ kty: z.enum(['EC', 'RSA', 'OKP']), kid: z.string().min(1).optional() })
  .loose()
  .refine(
    (k) => !('d' in k) && !('p' in k) && !('k' in k),
    'must be a public key (no private members)',
  );
const jwksSchema = z.object({ keys: z.array(jwkSchema).min(1).max(10) });

export interface CreateApiClientInput {
  vendorId: string;
  clientId: string;
  name: string;
  authMethod: 'CLIENT_SECRET_BASIC' | 'PRIVATE_KEY_JWT';
  scopes: string[];
  reason: string;
}

const clientIdPattern = /^[a-z0-9][a-z0-9-]{2,62}$/;

/** What is wrong with a new client's id, scopes and name (empty when nothing). */
export function apiClientProblems(
  input: Pick<CreateApiClientInput, 'clientId' | 'name' | 'scopes'>,
): Problem[] {
  const problems: Problem[] = [];
  if (!clientIdPattern.test(input.clientId)) {
    problems.push({ path: 'clientId', message: '3–63 lower-case letters, digits and dashes' });
  }
  const unknownScopes = input.scopes.filter(
    (s) => !(VENDOR_SCOPES as readonly string[]).includes(s),
  );
  if (input.scopes.length === 0 || unknownScopes.length > 0) {
    problems.push({ path: 'scopes', message: `choose from ${VENDOR_SCOPES.join(', ')}` });
  }
  if (input.name.trim().length === 0) problems.push({ path: 'name', message: 'is required' });
  return problems;
}

export async function createApiClient(
  prisma: PrismaClient,
  actor: Actor,
  input: CreateApiClientInput,
  requestId?: string,
) {
  const problems = apiClientProblems(input);
  if (problems.length > 0) throw validationError(problems);
  return withScope(prisma, systemScope('create an API client'), async (tx) => {
    const vendor = await tx.vendor.findUnique({
      where: { id: input.vendorId },
      select: { kind: true },
    });
    if (!vendor) throw new DomainError('NOT_FOUND', 'Vendor not found');
    const exists = await tx.apiClient.findUnique({
      where: { clientId: input.clientId },
      select: { id: true },
    });
    if (exists) throw validationError([{ path: 'clientId', message: 'is already taken' }]);
    const client = await tx.apiClient.create({
      data: {
        clientId: input.clientId,
        vendorId: input.vendorId,
        name: input.name.trim(),
        authMethod: input.authMethod,
        allowedScopes: input.scopes,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'api_client.create',
      targetType: 'ApiClient',
      targetId: client.clientId,
      requestId: requestId ?? null,
      details: {
        vendorId: input.vendorId,
        authMethod: input.authMethod,
        scopes: input.scopes,
        reason: input.reason,
      },
    });
    return client;
  });
}

async function findClient(tx: TenantTx, clientId: string) {
  const client = await tx.apiClient.findUnique({ where: { clientId } });
  if (!client) throw new DomainError('NOT_FOUND', 'API client not found');
  return client;
}

/**
 * Issues a new secret (returned once, only its hash is kept). Older secrets stay valid for
 * `overlapHours`, so the partner can deploy the new one without downtime.
 */
export async function rotateClientSecret(
  prisma: PrismaClient,
  actor: Actor,
  input: { clientId: string; overlapHours: number; reason: string },
  requestId?: string,
): Promise<{ clientId: string; clientSecret: string; previousSecretsExpireAt: Date }> {
  if (
    !Number.isFinite(input.overlapHours) ||
    input.overlapHours < 0 ||
    input.overlapHours > 24 * 30
  ) {
    throw validationError([{ path: 'overlapHours', message: 'between 0 and 720 hours' }]);
  }
  const clientSecret = generateClientSecret();
  const secretHash = await hashClientSecret(clientSecret);
  const now = new Date();
  const previousSecretsExpireAt = new Date(now.getTime() + input.overlapHours * 3600_000);
  await withScope(prisma, systemScope('rotate a client secret'), async (tx) => {
    const client = await findClient(tx, input.clientId);
    if (client.authMethod !== 'CLIENT_SECRET_BASIC') {
      throw new DomainError(
        'INVALID_TRANSITION',
        'This client authenticates with private_key_jwt; register a JWK set instead',
      );
    }
    await tx.apiClientSecret.updateMany({
      where: {
        apiClientId: client.id,
        OR: [{ expiresAt: null }, { expiresAt: { gt: previousSecretsExpireAt } }],
      },
      data: { expiresAt: previousSecretsExpireAt },
    });
    await tx.apiClientSecret.create({
      data: { apiClientId: client.id, secretHash, hint: clientSecret.slice(-4) },
    });
    await recordAudit(tx, {
      actor,
      action: 'api_client.rotate_secret',
      targetType: 'ApiClient',
      targetId: client.clientId,
      requestId: requestId ?? null,
      details: { overlapHours: input.overlapHours, reason: input.reason },
    });
  });
  return { clientId: input.clientId, clientSecret, previousSecretsExpireAt };
}

export type JwkSet = z.infer<typeof jwksSchema>;

/** A client's public keys as given: exactly one of an inline JWK set or an https URL. */
export function parseClientKeys(input: {
  jwks?: unknown;
  jwksUri?: string | null;
}): { ok: true; jwks: JwkSet | null } | { ok: false; problems: Problem[] } {
  if ((input.jwks == null) === (input.jwksUri == null)) {
    return {
      ok: false,
      problems: [{ path: 'jwks', message: 'give exactly one of jwks or jwksUri' }],
    };
  }
  if (input.jwks != null) {
    const parsed = jwksSchema.safeParse(input.jwks);
    if (!parsed.success) {
      return {
        ok: false,
        problems: parsed.error.issues.map((i) => ({
          path: ['jwks', ...i.path].join('.'),
          message: i.message,
        })),
      };
    }
    return { ok: true, jwks: parsed.data };
  }
  if (!URL.canParse(input.jwksUri!) || new URL(input.jwksUri!).protocol !== 'https:') {
    return { ok: false, problems: [{ path: 'jwksUri', message: 'must be an https URL' }] };
  }
  return { ok: true, jwks: null };
}

/** Registers the partner's public keys for private_key_jwt: an inline JWK set or an https URL. */
export async function registerClientJwks(
  prisma: PrismaClient,
  actor: Actor,
  input: { clientId: string; jwks?: unknown; jwksUri?: string | null; reason: string },
  requestId?: string,
) {
  const keys = parseClientKeys(input);
  if (!keys.ok) throw validationError(keys.problems);
  const { jwks } = keys;
  return withScope(prisma, systemScope('register a JWK set'), async (tx) => {
    const client = await findClient(tx, input.clientId);
    const updated = await tx.apiClient.update({
      where: { id: client.id },
      // Exactly one source of keys: setting one clears the other.
      data: {
        authMethod: 'PRIVATE_KEY_JWT',
        jwks: jwks ? (jwks as object) : Prisma.DbNull,
        jwksUri: input.jwksUri ?? null,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'api_client.register_jwks',
      targetType: 'ApiClient',
      targetId: client.clientId,
      requestId: requestId ?? null,
      details: {
        kids: jwks?.keys.map((k) => k.kid ?? null) ?? null,
        jwksUri: input.jwksUri ?? null,
        reason: input.reason,
      },
    });
    return updated;
  });
}

/** Enables or disables a client; a disabled client's tokens stop working within seconds. */
export async function setApiClientActive(
  prisma: PrismaClient,
  actor: Actor,
  input: { clientId: string; active: boolean; reason: string },
  requestId?: string,
) {
  return withScope(prisma, systemScope('enable or disable an API client'), async (tx) => {
    const client = await findClient(tx, input.clientId);
    const updated = await tx.apiClient.update({
      where: { id: client.id },
      data: { active: input.active },
    });
    await recordAudit(tx, {
      actor,
      action: input.active ? 'api_client.enable' : 'api_client.disable',
      targetType: 'ApiClient',
      targetId: client.clientId,
      requestId: requestId ?? null,
      details: { reason: input.reason },
    });
    return updated;
  });
}

/**
 * The older on/off switch, kept for callers of `setVendorActive`: off is PAUSED (no new work;
 * its clients keep API access and it keeps working its cases), on is ACTIVE.
 */
export async function setVendorActive(
  prisma: PrismaClient,
  actor: Actor,
  input: { vendorId: string; active: boolean; reason: string },
  requestId?: string,
) {
  const result = await setVendorState(prisma, actor, {
    vendorId: input.vendorId,
    state: input.active ? 'ACTIVE' : 'PAUSED',
    reason: input.reason,
    requestId: requestId ?? null,
  });
  return result.vendor;
}
