import {
  CompactEncrypt,
  type CryptoKey,
  exportSPKI,
  generateKeyPair,
  generateSecret,
  importJWK,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AccessTokenClaims,
  createAccessTokenVerifier,
  issueAccessToken,
} from './access-token.ts';
import { AUTHENTICATION_ERROR_MESSAGE, AuthenticationError } from './authentication-error.ts';
import { KeyRing, MemorySigningKeyStore } from './signing-keys.ts';

const ISSUER = 'https://gateway.test';
const AUDIENCE = 'https://gateway.test/graphql';
const T0 = new Date('2025-03-01T12:00:00Z');
const t0 = Math.floor(T0.getTime() / 1000);

let clock: Date;
let ring: KeyRing;
let kid: string;

beforeEach(async () => {
  clock = T0;
  ring = await KeyRing.load(new MemorySigningKeyStore(), { now: () => clock });
  await ring.rotate({ publishLeadMs: 60_000, tokenLifetimeMs: 900_000 }, T0);
  kid = ring.signingKey(T0).kid;
});

function verifier(
  options: { isRevoked?: (claims: AccessTokenClaims) => boolean; cacheSize?: number } = {},
) {
  return createAccessTokenVerifier({
    keyRing: ring,
    issuer: ISSUER,
    audience: AUDIENCE,
    clockToleranceSec: 5,
    cacheSize: options.cacheSize ?? 100,
    isRevoked: options.isRevoked,
    now: () => clock,
  });
}

function issue(clientId = 'client-a') {
  return issueAccessToken(ring, {
    issuer: ISSUER,
    audience: AUDIENCE,
    vendorId: 'vendor-a',
    clientId,
    scopes: ['cases:read', 'cases:write'],
    lifetimeSec: 600,
    now: T0,
  });
}

const validClaims = (): JWTPayload => ({
  iss: ISSUER,
  sub: 'client-a',
  aud: AUDIENCE,
  iat: t0,
  exp: t0 + 600,
  jti: 'token-1',
  client_id: 'client-a',
  scope: 'cases:read',
  vendor_id: 'vendor-a',
});

/** Signs arbitrary header and claims with the gateway's own current key. */
async function forge(
  claims: JWTPayload,
  header: Partial<JWTHeaderParameters> = {},
  crit?: Record<string, boolean>,
): Promise<string> {
  const { privateKey } = ring.signingKey(T0);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt', ...header })
    .sign(privateKey, crit ? { crit } : undefined);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejection(token: string | Promise<string>) {
  const error = await verifier()
    .verify(await token)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(AuthenticationError);
  const authError = error as AuthenticationError;
  // Every case looks the same from outside; only the private reason differs.
  expect(authError.code).toBe('UNAUTHENTICATED');
  expect(authError.message).toBe(AUTHENTICATION_ERROR_MESSAGE);
  return authError.reason;
}

describe('access tokens', () => {
  it('issues an RFC 9068 token that verifies into a vendor principal', async () => {
    const issued = await issue();
    const [headerPart, payloadPart] = issued.token.split('.');
    const header = JSON.parse(Buffer.from(headerPart!, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(payloadPart!, 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', kid, typ: 'at+jwt' });
    expect(claims).toEqual({
      iss: ISSUER,
      sub: 'client-a',
      aud: AUDIENCE,
      iat: t0,
      exp: t0 + 600,
      jti: issued.tokenId,
      client_id: 'client-a',
      scope: 'cases:read cases:write',
      vendor_id: 'vendor-a',
    });

    await expect(verifier().verify(issued.token)).resolves.toEqual({
      kind: 'vendor',
      vendorId: 'vendor-a',
      clientId: 'client-a',
      scopes: ['cases:read', 'cases:write'],
      tokenId: issued.tokenId,
    });
  });

  it('accepts the long media type application/at+jwt', async () => {
    const token = await forge(validClaims(), { typ: 'application/at+jwt' });
    await expect(verifier().verify(token)).resolves.toMatchObject({ vendorId: 'vendor-a' });
  });
});

describe('access token rejection table', () => {
  it('alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(validClaims())}.`;
    expect(await rejection(token)).toBe('alg_not_allowed');
  });

  it('HS256 signed with the gateway public key as the secret', async () => {
    const publicKey = await importJWK(ring.jwks(T0).keys[0]!, 'ES256');
    const pem = await exportSPKI(publicKey as CryptoKey);
    for (const secret of [pem, JSON.stringify(ring.jwks(T0).keys[0])]) {
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
        .sign(new TextEncoder().encode(secret));
      expect(await rejection(token)).toBe('alg_not_allowed');
    }
  });

  it('unknown kid', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'ES256', kid: 'not-ours', typ: 'at+jwt' })
      .sign(stranger.privateKey);
    expect(await rejection(token)).toBe('unknown_kid');
  });

  it('a key not in the ring, presented under our kid', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .sign(stranger.privateKey);
    expect(await rejection(token)).toBe('bad_signature');
  });

  it('our kid with another algorithm', async () => {
    for (const alg of ['ES384', 'RS256', 'PS256'] as const) {
      const other = await generateKeyPair(alg);
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
        .sign(other.privateKey);
      expect(await rejection(token)).toBe('alg_not_allowed');
    }
  });

  it('a tampered payload', async () => {
    const [header, , signature] = (await forge(validClaims())).split('.');
    const token = `${header}.${b64({ ...validClaims(), vendor_id: 'vendor-b' })}.${signature}`;
    expect(await rejection(token)).toBe('bad_signature');
  });

  it('wrong iss', async () => {
    expect(await rejection(forge({ ...validClaims(), iss: 'https://evil.test' }))).toBe(
      'wrong_issuer',
    );
  });

  it('missing aud', async () => {
    const { aud: _aud, ...claims } = validClaims();
    expect(await rejection(forge(claims))).toBe('wrong_audience');
  });

  it('wrong aud', async () => {
    expect(await rejection(forge({ ...validClaims(), aud: 'https://other.test' }))).toBe(
      'wrong_audience',
    );
  });

  it('array aud, even one that contains ours', async () => {
    expect(await rejection(forge({ ...validClaims(), aud: [AUDIENCE] }))).toBe('wrong_audience');
    expect(await rejection(forge({ ...validClaims(), aud: [AUDIENCE, 'https://x.test'] }))).toBe(
      'wrong_audience',
    );
  });

  it('expired, beyond the clock tolerance', async () => {
    const token = (await issue()).token;
    clock = new Date((t0 + 600 + 6) * 1000);
    expect(await rejection(token)).toBe('expired');
  });

  it('not yet valid', async () => {
    expect(await rejection(forge({ ...validClaims(), nbf: t0 + 60 }))).toBe('not_yet_valid');
  });

  it('wrong typ', async () => {
    for (const typ of ['JWT', 'jwt', 'AT+JWT', 'application/jwt', 'client-authentication+jwt']) {
      expect(await rejection(forge(validClaims(), { typ }))).toBe('wrong_typ');
    }
    expect(await rejection(forge(validClaims(), { typ: undefined }))).toBe('wrong_typ');
  });

  it('JWE (five segments)', async () => {
    const secret = await generateSecret('A256GCM');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(validClaims())))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid, typ: 'at+jwt' })
      .encrypt(secret);
    expect(jwe.split('.')).toHaveLength(5);
    expect(await rejection(jwe)).toBe('encrypted');
  });

  it('unknown crit header', async () => {
    const token = forge(validClaims(), { crit: ['urn:x:ext'], 'urn:x:ext': 1 } as never, {
      'urn:x:ext': true,
    });
    expect(await rejection(token)).toBe('unknown_crit');
  });

  it('garbage and oversized input', async () => {
    expect(await rejection('not-a-token')).toBe('malformed');
    expect(await rejection('a.b.c')).toBe('malformed');
    expect(await rejection('')).toBe('malformed');
    expect(await rejection(`${'a'.repeat(9000)}.b.c`)).toBe('malformed');
  });

  it('claims our tokens always carry (vendor_id, client_id = sub)', async () => {
    const { vendor_id: _vendorId, ...noVendor } = validClaims();
    expect(await rejection(forge(noVendor))).toBe('invalid_claims');
    expect(await rejection(forge({ ...validClaims(), sub: 'client-b' }))).toBe('invalid_claims');
  });
});

describe('verified-token cache', () => {
  it('verifies a repeated token without looking up a key again', async () => {
    const lookups = vi.spyOn(ring, 'verificationKey');
    const verify = verifier();
    const { token } = await issue();
    const first = await verify.verify(token);
    const second = await verify.verify(token);
    expect(second).toEqual(first);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('still consults the revocation hook on a cached token', async () => {
    const revoked = new Set<string>();
    const isRevoked = vi.fn((claims: AccessTokenClaims) => revoked.has(claims.client_id));
    const verify = verifier({ isRevoked });
    const { token } = await issue();
    await verify.verify(token);
    revoked.add('client-a');
    await expect(verify.verify(token)).rejects.toMatchObject({ reason: 'revoked' });
    expect(isRevoked).toHaveBeenCalledTimes(2);
  });

  it('does not serve a cached token past its expiry', async () => {
    const verify = verifier();
    const { token } = await issue();
    await verify.verify(token);
    clock = new Date((t0 + 600 + 6) * 1000);
    await expect(verify.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('is bounded: the least recently used token is evicted', async () => {
    const lookups = vi.spyOn(ring, 'verificationKey');
    const verify = verifier({ cacheSize: 1 });
    const a = (await issue('client-a')).token;
    const b = (await issue('client-a')).token;
    await verify.verify(a);
    await verify.verify(b);
    await verify.verify(a);
    expect(lookups).toHaveBeenCalledTimes(3);
  });

  it('never caches a rejected token', async () => {
    const verify = verifier();
    const token = await forge({ ...validClaims(), iss: 'https://evil.test' });
    await expect(verify.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verify.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
