// Every malformed or forged bearer token gets the same UNAUTHENTICATED answer before any
// resolver runs, and leaves an audit record.
import { createPublicKey, createSecretKey } from 'node:crypto';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { base64url, exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let vendor: { id: string; clientId: string };
const ISSUER = 'http://localhost:4000';
const AUDIENCE = 'bvg-gateway';

beforeAll(async () => {
  stack = await createTestStack();
  vendor = await stack.seed.vendor();
  await stack.seed.case(vendor.id);
});
afterAll(async () => stack?.close());

const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  client_id: vendor.clientId,
  scope: 'cases:read',
  vendor_id: vendor.id,
  sub: vendor.clientId,
  jti: crypto.randomUUID(),
});

async function signed(
  opts: {
    header?: Record<string, unknown>;
    iss?: string;
    aud?: string | string[] | null;
    exp?: number;
  } = {},
) {
  const { kid, privateKey } = stack.gateway.keyRing.signingKey();
  const jwt = new SignJWT(claims())
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt', ...opts.header } as never)
    .setIssuer(opts.iss ?? ISSUER)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? now() + 300);
  if (opts.aud !== null) jwt.setAudience(opts.aud ?? AUDIENCE);
  return jwt.sign(privateKey);
}

const unsigned = (header: object, payload: object) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;

describe('token rejection table', () => {
  const cases: [string, () => Promise<string>][] = [
    [
      'alg none',
      async () =>
        unsigned(
          { alg: 'none', typ: 'at+jwt' },
          { ...claims(), iss: ISSUER, aud: AUDIENCE, exp: now() + 300 },
        ),
    ],
    [
      'HS256 signed with the gateway public key',
      async () => {
        const { kid } = stack.gateway.keyRing.signingKey();
        const jwk = stack.gateway.keyRing.jwks().keys.find((k) => k.kid === kid)!;
        const pem = await exportSPKI(
          createPublicKey({ key: jwk as never, format: 'jwk' }) as never,
        );
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 300)
          .sign(createSecretKey(Buffer.from(pem)));
      },
    ],
    ['unknown kid', () => signed({ header: { kid: 'no-such-key' } })],
    [
      'kid with a mismatched alg',
      async () => {
        const { kid } = stack.gateway.keyRing.signingKey();
        const other = await crypto.subtle.generateKey(
          { name: 'ECDSA', namedCurve: 'P-384' },
          true,
          ['sign'],
        );
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'ES384', kid, typ: 'at+jwt' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 300)
          .sign(other.privateKey);
      },
    ],
    ['wrong iss', () => signed({ iss: 'https://evil.example' })],
    ['missing aud', () => signed({ aud: null })],
    ['wrong aud', () => signed({ aud: 'someone-else' })],
    ['array aud', () => signed({ aud: [AUDIENCE, 'someone-else'] })],
    ['expired', () => signed({ exp: now() - 3600 })],
    ['wrong typ', () => signed({ header: { typ: 'JWT' } })],
    ['JWE', async () => 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d'],
    [
      'unknown crit',
      async () => {
        // jose will not sign an unknown crit, so the JWS is assembled by hand (WebCrypto
        // ECDSA signatures are already in JWS's r||s form).
        const { kid, privateKey } = stack.gateway.keyRing.signingKey();
        const header = {
          alg: 'ES256',
          kid,
          typ: 'at+jwt',
          crit: ['x-bvg-unknown'],
          'x-bvg-unknown': true,
        };
        const payload = { ...claims(), iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 300 };
        const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`;
        const signature = await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          privateKey,
          new TextEncoder().encode(input),
        );
        return `${input}.${base64url.encode(new Uint8Array(signature))}`;
      },
    ],
  ];

  it('accepts the well-formed token the forgeries are built from (so the table can fail)', async () => {
    const res = await stack.graphql(
      '{ cases(first: 1) { edges { node { id } } } }',
      {},
      await signed(),
    );
    expect(res.errors).toBeUndefined();
  });

  for (const [name, make] of cases) {
    it(`refuses ${name} with 401 UNAUTHENTICATED before any resolver`, async () => {
      const token = await make();
      const readsBefore = await stack.owner.auditEvent.count({ where: { action: 'case.read' } });
      const deniedBefore = await stack.owner.auditEvent.count({
        where: { action: 'graphql.authenticate' },
      });
      const res = await stack.graphql('{ cases(first: 1) { edges { node { id } } } }', {}, token);
      expect(res.status).toBe(401);
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'Authentication required',
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
      expect(res.data ?? null).toBeNull();
      expect(await stack.owner.auditEvent.count({ where: { action: 'case.read' } })).toBe(
        readsBefore,
      );
      expect(
        await stack.owner.auditEvent.count({ where: { action: 'graphql.authenticate' } }),
      ).toBe(deniedBefore + 1);
    });
  }
});
