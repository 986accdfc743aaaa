import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientAssertionError,
  RedisReplayStore,
  verifyClientAssertion,
} from './client-assertion.ts';

const ISSUER = 'https://gateway.test';
const CLIENT = 'client-jwt';
const T0 = new Date('2025-03-01T12:00:00Z');
const t0 = Math.floor(T0.getTime() / 1000);
const PREFIX = `bvg-test:auth:client-assertion:${randomUUID()}:`;

const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const replayStore = new RedisReplayStore(redis, { keyPrefix: PREFIX });

type Signer = { privateKey: CryptoKey; alg: 'ES256' | 'RS256' | 'PS256' | 'EdDSA'; kid: string };
let ec: Signer;
let rsa: Signer;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  await redis.connect();
  const ecPair = await generateKeyPair('ES256');
  const rsaPair = await generateKeyPair('RS256');
  ec = { privateKey: ecPair.privateKey, alg: 'ES256', kid: 'partner-ec' };
  rsa = { privateKey: rsaPair.privateKey, alg: 'RS256', kid: 'partner-rsa' };
  jwks = {
    keys: [
      { ...(await exportJWK(ecPair.publicKey)), kid: ec.kid, alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rsaPair.publicKey)), kid: rsa.kid, use: 'sig' },
    ],
  };
});

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: CLIENT,
  sub: CLIENT,
  aud: ISSUER,
  iat: t0,
  exp: t0 + 60,
  jti: randomUUID(),
  ...overrides,
});

function sign(
  payload: JWTPayload,
  signer: Signer = ec,
  header: Partial<JWTHeaderParameters> = {},
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, ...header })
    .sign(signer.privateKey);
}

const verify = (
  assertion: string,
  options: Partial<Parameters<typeof verifyClientAssertion>[1]> = {},
) =>
  verifyClientAssertion(assertion, {
    clientId: CLIENT,
    issuer: ISSUER,
    jwks,
    maxLifetimeSec: 300,
    replayStore,
    now: T0,
    ...options,
  });

async function reasonFor(assertion: string | Promise<string>, options = {}) {
  const error = await verify(await assertion, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClientAssertionError);
  expect((error as ClientAssertionError).oauthError).toBe('invalid_client');
  return (error as ClientAssertionError).reason;
}

describe('verifyClientAssertion', () => {
  it('accepts a well-formed assertion signed with a registered EC key', async () => {
    const payload = claims();
    await expect(verify(await sign(payload))).resolves.toEqual({
      clientId: CLIENT,
      jti: payload.jti,
      exp: t0 + 60,
    });
  });

  it('accepts an RSA key, the explicit assertion typ, and a JWK set fetched on demand', async () => {
    const assertion = await sign(claims(), rsa, { typ: 'client-authentication+jwt' });
    await expect(verify(assertion, { jwks: async () => jwks })).resolves.toMatchObject({
      clientId: CLIENT,
    });
  });

  it('finds the client from iss when the request named none', async () => {
    await expect(verify(await sign(claims()), { clientId: undefined })).resolves.toMatchObject({
      clientId: CLIENT,
    });
  });

  it('rejects a replayed jti, and remembers it until the assertion expires', async () => {
    const assertion = await sign(claims({ jti: 'once' }));
    await verify(assertion);
    expect(await reasonFor(assertion)).toBe('replayed');
    // A fresh assertion reusing the jti is a replay too.
    expect(await reasonFor(sign(claims({ jti: 'once' })))).toBe('replayed');
    const ttl = await redis.pttl(`${PREFIX}${CLIENT}:once`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(65_000);
  });

  it('keeps replay records per client', async () => {
    const other = new RedisReplayStore(redis, { keyPrefix: PREFIX });
    expect(await other.claim('client-x:shared', 1000)).toBe(true);
    expect(await other.claim('client-y:shared', 1000)).toBe(true);
    expect(await other.claim('client-x:shared', 1000)).toBe(false);
  });

  it.each([
    ['iss is another client', { iss: 'client-other', sub: 'client-other' }, 'wrong_issuer'],
    ['sub differs from iss', { sub: 'client-other' }, 'wrong_subject'],
    ['aud is an array, even holding only our issuer', { aud: [ISSUER] }, 'wrong_audience'],
    ['aud is the token endpoint URL', { aud: `${ISSUER}/oauth/token` }, 'wrong_audience'],
    ['aud is missing', { aud: undefined }, 'wrong_audience'],
    ['jti is missing', { jti: undefined }, 'missing_jti'],
    ['exp is missing', { exp: undefined }, 'missing_exp'],
    ['exp is too far ahead', { exp: t0 + 3600 }, 'lifetime_too_long'],
    ['exp is too long after iat', { iat: t0 - 3500, exp: t0 + 60 }, 'lifetime_too_long'],
    ['it has expired', { iat: t0 - 120, exp: t0 - 60 }, 'expired'],
    ['iat is in the future', { iat: t0 + 60, exp: t0 + 120 }, 'issued_in_future'],
    ['nbf is in the future', { nbf: t0 + 60, exp: t0 + 120 }, 'not_yet_valid'],
  ] as const)('rejects when %s', async (_case, overrides, reason) => {
    expect(await reasonFor(sign(claims(overrides as JWTPayload)))).toBe(reason);
  });

  it('rejects a signature from a key that is not registered', async () => {
    const stranger = await generateKeyPair('ES256');
    const forged: Signer = { privateKey: stranger.privateKey, alg: 'ES256', kid: ec.kid };
    expect(await reasonFor(sign(claims(), forged))).toBe('bad_signature');
    const unknownKid: Signer = { ...forged, kid: 'not-registered' };
    expect(await reasonFor(sign(claims(), unknownKid))).toBe('unknown_kid');
  });

  it.each([
    ['no typ', undefined],
    ['typ JWT', 'JWT'],
    ['typ jwt (case-insensitive)', 'jwt'],
    ['typ client-authentication+jwt', 'client-authentication+jwt'],
    ['typ application/client-authentication+jwt', 'application/client-authentication+jwt'],
  ])('accepts an assertion with %s (RFC 7523 and rfc7523bis clients)', async (_case, typ) => {
    const header = typ === undefined ? {} : { typ };
    await expect(verify(await sign(claims(), ec, header))).resolves.toMatchObject({
      clientId: CLIENT,
    });
  });

  it('rejects algorithms outside the allowlist and a foreign typ', async () => {
    const hmac = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret that is long enough!'));
    expect(await reasonFor(hmac)).toBe('alg_not_allowed');
    expect(await reasonFor(sign(claims(), ec, { typ: 'at+jwt' }))).toBe('wrong_typ');
  });

  it('rejects when the key set cannot be had or is empty', async () => {
    const failing = async (): Promise<JSONWebKeySet> => {
      throw new Error('egress refused');
    };
    expect(await reasonFor(sign(claims()), { jwks: failing })).toBe('keys_unavailable');
    expect(await reasonFor(sign(claims()), { jwks: { keys: [] } })).toBe('no_keys');
  });

  it('does not burn a jti on a rejected assertion', async () => {
    const jti = randomUUID();
    expect(await reasonFor(sign(claims({ jti, aud: [ISSUER] })))).toBe('wrong_audience');
    await expect(verify(await sign(claims({ jti })))).resolves.toMatchObject({ jti });
  });
});
