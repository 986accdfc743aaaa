import type { TokenEndpointClient } from '@bvg/auth';
import { type PrismaClient, systemScope, withScope } from '@bvg/db';
import type { EgressClient } from '@bvg/webhooks';
import type { JSONWebKeySet } from 'jose';

/**
 * Looks up a partner's OAuth client. API access is the client's own `active` flag: a paused or
 * draining vendor keeps working the cases it holds.
 */
export function createClientLookup(prisma: PrismaClient) {
  return async (clientId: string): Promise<TokenEndpointClient | null> => {
    // Secrets are system-only rows: the lookup happens before anyone is authenticated.
    const client = await withScope(prisma, systemScope('token endpoint client lookup'), (tx) =>
      tx.apiClient.findUnique({
        where: { clientId },
        include: { secrets: true },
      }),
    );
    if (!client) return null;
    return {
      clientId: client.clientId,
      vendorId: client.vendorId,
      active: client.active,
      allowedScopes: client.allowedScopes,
      authMethod:
        client.authMethod === 'PRIVATE_KEY_JWT' ? 'private_key_jwt' : 'client_secret_basic',
      secrets: client.secrets.map((s) => ({ hash: s.secretHash, expiresAt: s.expiresAt })),
      jwks: (client.jwks as JSONWebKeySet | null) ?? null,
      jwksUri: client.jwksUri,
    };
  };
}

/**
 * Answers "is this client disabled?" from a view at most `ttlMs` old, so a
 * disable takes effect within seconds without a database query per request. `forget` drops
 * the view at once (every gateway calls it when another announces an access change).
 */
export function createRevocationCheck(prisma: PrismaClient, ttlMs = 5000) {
  const cache = new Map<string, { active: boolean; at: number }>();
  const isRevoked = async (claims: { client_id: string }): Promise<boolean> => {
    const hit = cache.get(claims.client_id);
    if (hit && Date.now() - hit.at < ttlMs) return !hit.active;
    const row = await prisma.apiClient.findUnique({
      where: { clientId: claims.client_id },
      select: { active: true },
    });
    const active = Boolean(row?.active);
    cache.set(claims.client_id, { active, at: Date.now() });
    return !active;
  };
  return {
    isRevoked,
    /** Forgets one client's view, or every view (a vendor change affects all its clients). */
    forget(clientId?: string) {
      if (clientId) cache.delete(clientId);
      else cache.clear();
    },
  };
}

/** Fetches a partner's JWK set through the guarded egress, cached for `ttlMs`. */
export function createJwksFetcher(egress: EgressClient, ttlMs = 5 * 60_000) {
  const cache = new Map<string, { jwks: JSONWebKeySet; at: number }>();
  return async (uri: string): Promise<JSONWebKeySet> => {
    const hit = cache.get(uri);
    if (hit && Date.now() - hit.at < ttlMs) return hit.jwks;
    const response = await egress.get(uri);
    if (response.status !== 200) throw new Error(`JWK set at ${uri} answered ${response.status}`);
    const jwks = JSON.parse(response.body) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error(`JWK set at ${uri} has no keys`);
    cache.set(uri, { jwks, at: Date.now() });
    return jwks;
  };
}
