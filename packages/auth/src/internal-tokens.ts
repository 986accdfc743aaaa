import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { reasonFromJose } from './access-token.ts';
import { AuthenticationError } from './authentication-error.ts';
import { LruCache, unexpiredOrVerify } from './lru-cache.ts';
import { type InternalPrincipal, type InternalRole, isInternalRole } from './principal.ts';

/** Asymmetric algorithms an OIDC provider signs with; symmetric ones are never accepted. */
export const INTERNAL_TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export type InternalTokenVerifierOptions = {
  issuer: string;
  audience: string;
  /** e.g. `createRemoteJWKSet(new URL(jwksUrl))` (caches, refetches on unknown kid). */
  jwks: JWTVerifyGetKey;
  /** The claim holding the role list: an array of strings, or a space-separated string. */
  rolesClaim?: string;
  /** The claim holding a specialist's in-house team slugs (same shapes as roles). */
  teamsClaim?: string;
  algorithms?: string[];
  clockToleranceSec?: number;
  /**
   * Verified tokens kept (until they expire) so repeat requests cost no signature check: the
   * platform's intake sends one token with thousands of requests.
   */
  cacheSize?: number;
  now?: () => Date;
};

export type InternalTokenVerifier = {
  verify(token: string): Promise<InternalPrincipal>;
  /** Forgets verified tokens, e.g. after the identity provider withdrew a key. */
  clearCache(): void;
};

type CacheEntry = { principal: InternalPrincipal; expMs: number };

/** Verifies tokens from the company's identity provider into internal principals. */
export function createInternalTokenVerifier(
  options: InternalTokenVerifierOptions,
): InternalTokenVerifier {
  const rolesClaim = options.rolesClaim ?? 'roles';
  const teamsClaim = options.teamsClaim ?? 'teams';
  const algorithms = options.algorithms ?? INTERNAL_TOKEN_ALGORITHMS;
  const now = options.now ?? (() => new Date());

  const cache = new LruCache<string, CacheEntry>(options.cacheSize ?? 1_000);

  async function verifyUncached(token: string, at: Date): Promise<CacheEntry> {
    const segments = token.split('.').length;
    if (segments === 5) throw new AuthenticationError('encrypted');
    if (segments !== 3) throw new AuthenticationError('malformed');
    try {
      if (decodeProtectedHeader(token).crit !== undefined) {
        throw new AuthenticationError('unknown_crit');
      }
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('malformed', { cause: error });
    }

    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, options.jwks, {
        algorithms,
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceSec ?? 5,
        currentDate: at,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (cause) {
      throw new AuthenticationError(reasonFromJose(cause), { cause });
    }

    const subject = payload.sub;
    if (typeof subject !== 'string' || subject.length === 0) {
      throw new AuthenticationError('invalid_claims');
    }
    const roles = knownRoles(payload[rolesClaim]);
    if (roles.length === 0) throw new AuthenticationError('no_known_roles');
    const teams = teamSlugs(payload[teamsClaim]);
    // `exp` is required above, so it is a number here.
    return {
      principal: { kind: 'internal', subject, roles, teams },
      expMs: Number(payload.exp) * 1000,
    };
  }

  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length > 16_384) {
        throw new AuthenticationError('malformed');
      }
      const at = now();
      const entry = await unexpiredOrVerify(cache, token, at.getTime(), () =>
        verifyUncached(token, at),
      );
      return {
        ...entry.principal,
        roles: [...entry.principal.roles],
        teams: [...entry.principal.teams],
      };
    },
    clearCache() {
      cache.clear();
    },
  };
}

/** Keeps the roles this product knows, in order, once each; ignores everything else. */
export function knownRoles(claim: unknown): InternalRole[] {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  const roles = values.filter(
    (value): value is InternalRole => typeof value === 'string' && isInternalRole(value),
  );
  return [...new Set(roles)];
}

/** Team slugs from a claim (array or space-separated), once each; anything else is ignored. */
export function teamSlugs(claim: unknown): string[] {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  const slugs = values.filter(
    (value): value is string =>
      typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(value),
  );
  return [...new Set(slugs)];
}

export type DevIssuerOptions = {
  issuer?: string;
  audience?: string;
  /** Reuse a key (from `privateJwk` of an earlier issuer) so tokens survive restarts. */
  privateJwk?: JWK;
};

export type DevIssuer = {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  /** A key getter over `jwks`, ready for `createInternalTokenVerifier`. */
  getKey: JWTVerifyGetKey;
  privateJwk: JWK;
  mint(input: {
    subject: string;
    roles: readonly string[];
    /** In-house team slugs, for a specialist. */
    teams?: readonly string[];
    lifetimeSec?: number;
    now?: Date;
  }): Promise<string>;
};

/**
 * A stand-in for the company's identity provider, for local development and tests only:
 * it signs whatever roles it is asked for.
 */
export async function createDevIssuer(options: DevIssuerOptions = {}): Promise<DevIssuer> {
  const issuer = options.issuer ?? 'https://idp.dev.bvg.invalid';
  const audience = options.audience ?? 'bvg-gateway';
  let privateJwk = options.privateJwk;
  if (!privateJwk) {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
  }
  const { d: _d, ...publicFields } = privateJwk;
  const kid = await calculateJwkThumbprint(publicFields);
  const publicJwk: JWK = { ...publicFields, kid, alg: 'ES256', use: 'sig' };
  const signingKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  const jwks = { keys: [publicJwk] };

  return {
    issuer,
    audience,
    jwks,
    getKey: createLocalJWKSet(jwks),
    privateJwk: { ...privateJwk, kid },
    async mint({ subject, roles, teams, lifetimeSec = 3600, now = new Date() }) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ roles: [...roles], ...(teams ? { teams: [...teams] } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeSec)
        .sign(signingKey);
    },
  };
}
