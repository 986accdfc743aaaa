import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from './authentication-error.ts';
import {
  createDevIssuer,
  createInternalTokenVerifier,
  type DevIssuer,
  knownRoles,
} from './internal-tokens.ts';

const T0 = new Date('2025-03-01T12:00:00Z');
let idp: DevIssuer;

beforeAll(async () => {
  idp = await createDevIssuer({ issuer: 'https://idp.test', audience: 'bvg' });
});

const verifier = (now = T0) =>
  createInternalTokenVerifier({
    issuer: idp.issuer,
    audience: idp.audience,
    jwks: idp.getKey,
    rolesClaim: 'roles',
    now: () => now,
  });

async function reasonFor(token: string, now = T0) {
  const error = await verifier(now)
    .verify(token)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as AuthenticationError).reason;
}

describe('internal tokens', () => {
  it('turns a token from the identity provider into an internal principal', async () => {
    const token = await idp.mint({ subject: 'ana@corp', roles: ['ops', 'auditor'], now: T0 });
    await expect(verifier().verify(token)).resolves.toEqual({
      kind: 'internal',
      subject: 'ana@corp',
      roles: ['ops', 'auditor'],
      teams: [],
    });
  });

  it("reads a specialist's in-house teams from the teams claim, keeping only slug-shaped values", async () => {
    const token = await idp.mint({
      subject: 'sam@corp',
      roles: ['specialist'],
      teams: ['trust-safety-t2', 'Not A Slug', 'trust-safety-t2', 'appeals-t2'],
      now: T0,
    });
    await expect(verifier().verify(token)).resolves.toEqual({
      kind: 'internal',
      subject: 'sam@corp',
      roles: ['specialist'],
      teams: ['trust-safety-t2', 'appeals-t2'],
    });
  });

  it('keeps only the roles this product knows', async () => {
    const token = await idp.mint({
      subject: 'bo@corp',
      roles: ['admin', 'vendor_manager', 'vendor_manager'],
      now: T0,
    });
    await expect(verifier().verify(token)).resolves.toMatchObject({ roles: ['vendor_manager'] });
  });

  it('rejects a token with no known role', async () => {
    const token = await idp.mint({ subject: 'cy@corp', roles: ['admin'], now: T0 });
    expect(await reasonFor(token)).toBe('no_known_roles');
  });

  it('rejects an expired token, another issuer, another audience and a foreign key', async () => {
    const expired = await idp.mint({ subject: 'a', roles: ['ops'], lifetimeSec: 60, now: T0 });
    expect(await reasonFor(expired, new Date(T0.getTime() + 120_000))).toBe('expired');

    const other = await createDevIssuer({ issuer: 'https://other.test', audience: 'bvg' });
    expect(await reasonFor(await other.mint({ subject: 'a', roles: ['ops'], now: T0 }))).toBe(
      'unknown_kid',
    );

    const elsewhere = await createDevIssuer({
      issuer: idp.issuer,
      audience: 'another-app',
      privateJwk: idp.privateJwk,
    });
    expect(await reasonFor(await elsewhere.mint({ subject: 'a', roles: ['ops'], now: T0 }))).toBe(
      'wrong_audience',
    );
  });

  it('checks a repeated token once, until it expires; a cleared cache checks it again', async () => {
    let clock = T0;
    let keyLookups = 0;
    const cached = createInternalTokenVerifier({
      issuer: idp.issuer,
      audience: idp.audience,
      jwks: (header, token) => {
        keyLookups += 1;
        return idp.getKey(header, token);
      },
      now: () => clock,
    });
    const token = await idp.mint({ subject: 'ops@corp', roles: ['ops'], lifetimeSec: 60, now: T0 });
    const first = await cached.verify(token);
    first.roles.push('auditor');
    // The second answer comes from the cache, unchanged by what a caller did to the first.
    await expect(cached.verify(token)).resolves.toEqual({
      kind: 'internal',
      subject: 'ops@corp',
      roles: ['ops'],
      teams: [],
    });
    expect(keyLookups).toBe(1);
    cached.clearCache();
    await cached.verify(token);
    expect(keyLookups).toBe(2);
    clock = new Date(T0.getTime() + 120_000);
    const error = await cached.verify(token).catch((caught: unknown) => caught);
    expect((error as AuthenticationError).reason).toBe('expired');
  });

  it('rejects symmetric algorithms', async () => {
    const token = await new SignJWT({ roles: ['ops'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(idp.issuer)
      .setAudience(idp.audience)
      .setSubject('a')
      .setExpirationTime(Math.floor(T0.getTime() / 1000) + 60)
      .sign(new TextEncoder().encode('a shared secret that is long enough!'));
    expect(await reasonFor(token)).toBe('alg_not_allowed');
  });

  it('rejects a signature by an unregistered key presented under the issuer kid', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await new SignJWT({ roles: ['ops'] })
      .setProtectedHeader({ alg: 'ES256', kid: idp.jwks.keys[0]!.kid })
      .setIssuer(idp.issuer)
      .setAudience(idp.audience)
      .setSubject('a')
      .setExpirationTime(Math.floor(T0.getTime() / 1000) + 60)
      .sign(stranger.privateKey);
    expect(await reasonFor(token)).toBe('bad_signature');
  });

  it('a dev issuer rebuilt from its private JWK keeps its kid and public keys', async () => {
    const again = await createDevIssuer({ issuer: idp.issuer, privateJwk: idp.privateJwk });
    expect(again.jwks).toEqual(idp.jwks);
    expect(again.jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('knownRoles', () => {
  it('reads arrays and space-separated strings', () => {
    expect(knownRoles(['intake', 'x', 7])).toEqual(['intake']);
    expect(knownRoles('ops auditor other')).toEqual(['ops', 'auditor']);
    expect(knownRoles(undefined)).toEqual([]);
  });
});
