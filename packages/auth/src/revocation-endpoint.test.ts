import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION_TYPE, RedisReplayStore } from './client-assertion.ts';
import type { AdmitClaim, TokenEndpointClient } from './client-authentication.ts';
import { generateClientSecret, hashClientSecret } from './client-secret.ts';
import {
  createRevocationEndpoint,
  type RevocationRequest,
  type RevocationRequestFailure,
  RevocationUnavailableError,
} from './revocation-endpoint.ts';

const PREFIX = `bvg-test:auth:revocation:${randomUUID()}:`;
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
let secret: string;
let client: TokenEndpointClient;
let jwtClient: TokenEndpointClient;
let ecKey: CryptoKey;
let revoked: RevocationRequest[];
let unavailable = false;
let lookups: string[] = [];
let failures: RevocationRequestFailure[] = [];

beforeAll(async () => {
  await redis.connect();
  secret = generateClientSecret();
  client = {
    clientId: 'partner-a',
    vendorId: 'vendor-a',
    active: true,
    allowedScopes: ['cases:read'],
    authMethod: 'client_secret_basic',
    secrets: [{ hash: await hashClientSecret(secret) }],
  };
  const ec = await generateKeyPair('ES256');
  ecKey = ec.privateKey;
  jwtClient = {
    clientId: 'partner-jwt',
    vendorId: 'vendor-b',
    active: true,
    allowedScopes: ['cases:read'],
    authMethod: 'private_key_jwt',
    secrets: [],
    jwks: { keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1' }] },
  };
});
afterAll(async () => {
  await redis.quit();
});

const endpoint = (admit?: AdmitClaim) =>
  createRevocationEndpoint({
    issuer: 'https://gateway.test',
    findClient: async (id) => {
      lookups.push(id);
      return [client, jwtClient].find((c) => c.clientId === id) ?? null;
    },
    fetchJwks: async () => ({ keys: [] }),
    replayStore: new RedisReplayStore(redis, { keyPrefix: PREFIX }),
    now: () => new Date(),
    revoke: async (input) => {
      if (unavailable) throw new RevocationUnavailableError(7);
      revoked.push(input);
    },
    onAuthFailure: (info) => {
      failures.push(info);
    },
    ...(admit ? { admit } : {}),
  });

const post = (body: Record<string, string>, password = secret) =>
  endpoint()(
    new Request('https://gateway.test/oauth/revoke', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`partner-a:${password}`).toString('base64')}`,
      },
      body: new URLSearchParams(body),
    }),
  );

describe('revocation endpoint', () => {
  it('passes the token of an authenticated client on, with a known hint only, and answers 200', async () => {
    revoked = [];
    const first = await post({ token: 'aaa', token_type_hint: 'access_token' });
    const second = await post({ token: 'bbb', token_type_hint: 'id_token' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.text()).toBe('');
    expect(revoked.map((r) => [r.token, r.tokenTypeHint, r.client.clientId])).toEqual([
      ['aaa', 'access_token', 'partner-a'],
      ['bbb', null, 'partner-a'],
    ]);
  });

  it('refuses a wrong secret, a missing token and client_secret_post, passing nothing on', async () => {
    revoked = [];
    const wrong = await post({ token: 'aaa' }, `${secret}x`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const missing = await post({ token_type_hint: 'access_token' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const inBody = await post({ token: 'aaa', client_secret: secret });
    expect(inBody.status).toBe(401);
    expect(revoked).toEqual([]);
  });

  it('answers 503 with Retry-After when the revocation cannot be made effective', async () => {
    unavailable = true;
    try {
      const response = await post({ token: 'aaa' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
    } finally {
      unavailable = false;
    }
  });
});

describe('revocation endpoint: limits and client assertions shared with the token endpoint', () => {
  const revokeRequest = (body: Record<string, string>, authorization?: string) =>
    new Request('https://gateway.test/oauth/revoke', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      body: new URLSearchParams(body),
    });
  const basicFor = (password: string) =>
    `Basic ${Buffer.from(`partner-a:${password}`).toString('base64')}`;

  it('asks admit about the client the request names before checking anything; its answer is the answer', async () => {
    revoked = [];
    lookups = [];
    failures = [];
    const claims: (string | undefined)[] = [];
    const throttled = endpoint(async (claim) => {
      claims.push(claim.clientId);
      return new Response('{"error":"rate_limited"}', { status: 429 });
    });
    const refused = await throttled(revokeRequest({ token: 'aaa' }, basicFor(`${secret}x`)));
    expect(refused.status).toBe(429);
    expect(claims).toEqual(['partner-a']);
    // Refused before any secret was checked: no lookup, no failure counted, nothing revoked.
    expect(lookups).toEqual([]);
    expect(failures).toEqual([]);
    expect(revoked).toEqual([]);

    const admitted = endpoint(async () => undefined);
    const wrong = await admitted(revokeRequest({ token: 'aaa' }, basicFor(`${secret}x`)));
    expect(wrong.status).toBe(401);
    expect(failures).toMatchObject([
      { error: 'invalid_client', reason: 'wrong_secret', clientId: 'partner-a' },
    ]);
    expect((await admitted(revokeRequest({ token: 'aaa' }, basicFor(secret)))).status).toBe(200);
  });

  const assertionBody = async (clientId: string, claims: JWTPayload = {}, key = ecKey) => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({
      iss: clientId,
      sub: clientId,
      aud: 'https://gateway.test',
      iat: now,
      exp: now + 60,
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1', typ: 'JWT' })
      .sign(key);
    return {
      token: 'aaa',
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: assertion,
    };
  };
  const refusalOf = async (response: Response) => {
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    return body.error_description;
  };

  it('accepts a private_key_jwt assertion with typ JWT and explains a refused one', async () => {
    revoked = [];
    lookups = [];
    const revoke = endpoint();
    expect((await revoke(revokeRequest(await assertionBody('partner-jwt')))).status).toBe(200);
    expect(revoked.map((r) => r.client.clientId)).toEqual(['partner-jwt']);

    const now = Math.floor(Date.now() / 1000);
    lookups = [];
    const expired = await refusalOf(
      await revoke(revokeRequest(await assertionBody('ghost', { iat: now - 600, exp: now - 300 }))),
    );
    expect(expired).toMatch(/has expired/);
    // Explained from the assertion alone: no client was looked up for it.
    expect(lookups).toEqual([]);
  });

  it('answers an unknown client id exactly like a registered one whose key does not verify', async () => {
    failures = [];
    const revoke = endpoint();
    const stranger = await generateKeyPair('ES256');
    const registered = await refusalOf(
      await revoke(revokeRequest(await assertionBody('partner-jwt', {}, stranger.privateKey))),
    );
    const unknown = await refusalOf(
      await revoke(revokeRequest(await assertionBody('ghost', {}, stranger.privateKey))),
    );
    expect(registered).toMatch(/kid "ec-1"/);
    expect(unknown).toBe(registered);
    expect(failures.map((f) => f.reason)).toEqual(['assertion_bad_signature', 'unknown_client']);
  });
});
