import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AuthenticationError, type AuthenticationFailureReason } from './authentication-error.ts';
import { LruCache, unexpiredOrVerify } from './lru-cache.ts';
import type { VendorPrincipal } from './principal.ts';
import { GATEWAY_SIGNING_ALG, type KeyRing } from './signing-keys.ts';

/** RFC 9068 §2.1 media type of a JWT access token, short and long form. */
const ACCESS_TOKEN_TYPES: ReadonlySet<unknown> = new Set(['at+jwt', 'application/at+jwt']);
const MAX_TOKEN_LENGTH = 8192;

export type IssueAccessTokenInput = {
  issuer: string;
  audience: string;
  vendorId: string;
  clientId: string;
  scopes: readonly string[];
  lifetimeSec: number;
  now: Date;
};

export type IssuedAccessToken = {
  token: string;
  /** The `jti`, for audit records and revocation. */
  tokenId: string;
  kid: string;
  expiresAt: Date;
};

/** Signs an RFC 9068 access token with the key ring's current key. */
export async function issueAccessToken(
  keyRing: KeyRing,
  input: IssueAccessTokenInput,
): Promise<IssuedAccessToken> {
  const { kid, alg, privateKey } = keyRing.signingKey(input.now);
  const iat = Math.floor(input.now.getTime() / 1000);
  const exp = iat + input.lifetimeSec;
  const tokenId = randomUUID();
  const token = await new SignJWT({
    client_id: input.clientId,
    scope: input.scopes.join(' '),
    vendor_id: input.vendorId,
  })
    .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
    .setIssuer(input.issuer)
    .setSubject(input.clientId)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(tokenId)
    .sign(privateKey);
  return { token, tokenId, kid, expiresAt: new Date(exp * 1000) };
}

const accessTokenClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.string(),
  exp: z.number(),
  iat: z.number(),
  nbf: z.number().optional(),
  jti: z.string().min(1),
  client_id: z.string().min(1),
  scope: z.string(),
  vendor_id: z.string().min(1),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

export type AccessTokenVerifierOptions = {
  keyRing: KeyRing;
  issuer: string;
  audience: string;
  clockToleranceSec?: number;
  /** Verified tokens kept so repeat requests cost no signature check. */
  cacheSize?: number;
  /**
   * Consulted on every verification, cached or not: the caller answers from a short-TTL view
   * of disabled clients, vendors and token ids so a disable takes effect within seconds.
   */
  isRevoked?: (claims: AccessTokenClaims) => boolean | Promise<boolean>;
  now?: () => Date;
};

export type AccessTokenVerifier = {
  verify(token: string): Promise<VendorPrincipal>;
  /**
   * The claims of a token we issued (signature, issuer, audience, type and expiry checked)
   * without the revocation check: for the revocation endpoint, which must know whose token
   * it was and until when it would have been valid.
   */
  verifyClaims(token: string): Promise<AccessTokenClaims>;
  /** Forgets verified tokens, e.g. after pulling a compromised key from the ring. */
  clearCache(): void;
};

type CacheEntry = { claims: AccessTokenClaims; principal: VendorPrincipal; expMs: number };

export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const { keyRing, issuer, audience, isRevoked } = options;
  const clockToleranceSec = options.clockToleranceSec ?? 5;
  const now = options.now ?? (() => new Date());
  const cache = new LruCache<string, CacheEntry>(options.cacheSize ?? 10_000);

  async function checkRevoked(claims: AccessTokenClaims): Promise<void> {
    if (isRevoked && (await isRevoked(claims))) throw new AuthenticationError('revoked');
  }

  async function verifyUncached(token: string, at: Date): Promise<CacheEntry> {
    const segments = token.split('.').length;
    if (segments === 5) throw new AuthenticationError('encrypted');
    if (segments !== 3) throw new AuthenticationError('malformed');

    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch (cause) {
      throw new AuthenticationError('malformed', { cause });
    }
    // Checked before jose so the audit reason is precise; jose enforces the same rules again.
    if (header.alg !== GATEWAY_SIGNING_ALG) throw new AuthenticationError('alg_not_allowed');
    if (!ACCESS_TOKEN_TYPES.has(header.typ)) throw new AuthenticationError('wrong_typ');
    if (header.crit !== undefined) throw new AuthenticationError('unknown_crit');
    if (typeof header.kid !== 'string') throw new AuthenticationError('missing_kid');

    let key = keyRing.verificationKey(header.kid, at);
    if (!key && (await keyRing.refreshForUnknownKid())) {
      key = keyRing.verificationKey(header.kid, at);
    }
    if (!key) throw new AuthenticationError('unknown_kid');
    if (key.alg !== header.alg) throw new AuthenticationError('alg_mismatch');

    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [GATEWAY_SIGNING_ALG],
        issuer,
        audience,
        clockTolerance: clockToleranceSec,
        currentDate: at,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      }));
    } catch (cause) {
      throw new AuthenticationError(reasonFromJose(cause), { cause });
    }

    // jose accepts an `aud` array that contains ours; our tokens carry exactly one audience.
    if (typeof (payload as { aud?: unknown }).aud !== 'string') {
      throw new AuthenticationError('wrong_audience');
    }
    const parsed = accessTokenClaimsSchema.safeParse(payload);
    if (!parsed.success || parsed.data.sub !== parsed.data.client_id) {
      throw new AuthenticationError('invalid_claims');
    }
    const claims = parsed.data;
    return {
      claims,
      expMs: claims.exp * 1000,
      principal: {
        kind: 'vendor',
        vendorId: claims.vendor_id,
        clientId: claims.client_id,
        scopes: claims.scope.split(' ').filter(Boolean),
        tokenId: claims.jti,
      },
    };
  }

  async function verifySignedEntry(token: string): Promise<CacheEntry> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new AuthenticationError('malformed');
    }
    const at = now();
    return unexpiredOrVerify(cache, token, at.getTime(), () => verifyUncached(token, at));
  }

  return {
    async verify(token) {
      const entry = await verifySignedEntry(token);
      await checkRevoked(entry.claims);
      return { ...entry.principal, scopes: [...entry.principal.scopes] };
    },
    async verifyClaims(token) {
      return { ...(await verifySignedEntry(token)).claims };
    },
    clearCache() {
      cache.clear();
    },
  };
}

/** Maps a jose verification failure to the reason recorded for it. */
export function reasonFromJose(error: unknown): AuthenticationFailureReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'nbf') return 'not_yet_valid';
    return 'invalid_claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'alg_not_allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_kid';
  return 'malformed';
}
