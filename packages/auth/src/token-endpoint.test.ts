import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from './access-token.ts';
import { JWT_BEARER_ASSERTION_TYPE, RedisReplayStore } from './client-assertion.ts';
import { generateClientSecret, hashClientSecret } from './client-secret.ts';
import { KeyRing, MemorySigningKeyStore } from './signing-keys.ts';
import {
  createTokenEndpoint,
  parseBasicCredentials,
  type TokenEndpointClient,
  type TokenRequestFailure,
} from './token-endpoint.ts';

const ISSUER = 'https://gateway.test';
const AUDIENCE = 'https://gateway.test/graphql';
const JWKS_URI = 'https://partner.test/jwks.json';
const T0 = new Date('2025-03-01T12:00:00Z');
const t0 = Math.floor(T0.getTime() / 1000);
const PREFIX = `bvg-test:auth:token-endpoint:${randomUUID()}:`;

const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
let ring: KeyRing;
let secret: string;
let ecKey: CryptoKey;
let rsaKey: CryptoKey;
let clients: Map<string, TokenEndpointClient>;
let remoteJwks: Map<string, JSONWebKeySet>;
let failures: TokenRequestFailure[];
let endpoint: (request: Request) => Promise<Response>;

beforeAll(async () => {
  await redis.connect();
  ring = await KeyRing.load(new MemorySigningKeyStore(), { now: () => T0 });
  await ring.rotate({ publishLeadMs: 60_000, tokenLifetimeMs: 900_000 }, T0);
  secret = generateClientSecret();
  const ec = await generateKeyPair('ES256');
  const rsa = await generateKeyPair('PS256');
  ecKey = ec.privateKey;
  rsaKey = rsa.privateKey;
  const base = { active: true, secrets: [], allowedScopes: ['cases:read', 'cases:write'] };
  clients = new Map<string, TokenEndpointClient>([
    [
      'basic client',
      {
        ...base,
        clientId: 'basic client',
        vendorId: 'vendor-a',
        authMethod: 'client_secret_basic',
        secrets: [{ hash: await hashClientSecret(secret) }],
      },
    ],
    [
      'jwt-inline',
      {
        ...base,
        clientId: 'jwt-inline',
        vendorId: 'vendor-b',
        authMethod: 'private_key_jwt',
        jwks: { keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1' }] },
      },
    ],
    [
      'jwt-remote',
      {
        ...base,
        clientId: 'jwt-remote',
        vendorId: 'vendor-c',
        authMethod: 'private_key_jwt',
        jwksUri: JWKS_URI,
      },
    ],
  ]);
  remoteJwks = new Map([
    [JWKS_URI, { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1' }] }],
  ]);
});

beforeEach(() => {
  failures = [];
  endpoint = createTokenEndpoint({
    issuer: ISSUER,
    audience: AUDIENCE,
    accessTokenLifetimeSec: 600,
    keyRing: ring,
    findClient: async (clientId) => {
      const client = clients.get(clientId);
      return client ? { ...client } : null;
    },
    fetchJwks: async (uri) => {
      const set = remoteJwks.get(uri);
      if (!set) throw new Error(`no JWK set at ${uri}`);
      return set;
    },
    replayStore: new RedisReplayStore(redis, { keyPrefix: PREFIX }),
    onAuthFailure: (info) => {
      failures.push(info);
    },
    now: () => T0,
    realm: 'bvg',
  });
});

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
const basic = (id: string, password: string) =>
  `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(password)}`).toString('base64')}`;

function post(form: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(`${ISSUER}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

function assertion(clientId: string, key = ecKey, alg = 'ES256', overrides: JWTPayload = {}) {
  return new SignJWT({
    iss: clientId,
    sub: clientId,
    aud: ISSUER,
    iat: t0,
    exp: t0 + 60,
    jti: randomUUID(),
    ...overrides,
  })
    .setProtectedHeader({ alg, typ: 'client-authentication+jwt' })
    .sign(key);
}

const assertionForm = async (clientId: string, key = ecKey, alg = 'ES256') => ({
  grant_type: 'client_credentials',
  client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
  client_assertion: await assertion(clientId, key, alg),
});

const verifier = () =>
  createAccessTokenVerifier({ keyRing: ring, issuer: ISSUER, audience: AUDIENCE, now: () => T0 });

async function expectError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description?: string };
  expect(body.error).toBe(error);
  return body;
}

describe('token endpoint: client_secret_basic', () => {
  it('issues a bearer token carrying the vendor and every allowed scope', async () => {
    const response = await endpoint(
      post({ grant_type: 'client_credentials' }, { authorization: basic('basic client', secret) }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'cases:read cases:write',
    });
    await expect(verifier().verify(body.access_token as string)).resolves.toMatchObject({
      kind: 'vendor',
      vendorId: 'vendor-a',
      clientId: 'basic client',
      scopes: ['cases:read', 'cases:write'],
    });
  });

  it('narrows the token to the scopes asked for', async () => {
    const response = await endpoint(
      post(
        { grant_type: 'client_credentials', scope: 'cases:read' },
        { authorization: basic('basic client', secret) },
      ),
    );
    expect(((await response.json()) as { scope: string }).scope).toBe('cases:read');
  });

  it('answers an unknown client exactly as a wrong secret', async () => {
    const wrongSecret = await endpoint(
      post({ grant_type: 'client_credentials' }, { authorization: basic('basic client', 'nope') }),
    );
    const unknown = await endpoint(
      post({ grant_type: 'client_credentials' }, { authorization: basic('ghost', secret) }),
    );
    expect(unknown.status).toBe(401);
    expect(wrongSecret.status).toBe(401);
    expect([...unknown.headers]).toEqual([...wrongSecret.headers]);
    expect(await unknown.text()).toBe(await wrongSecret.text());
    expect(wrongSecret.headers.get('www-authenticate')).toBe('Basic realm="bvg"');
    // Only the audit trail knows the difference.
    expect(failures.map((failure) => failure.reason)).toEqual(['wrong_secret', 'unknown_client']);
  });

  it('refuses a disabled client, and a client registered for another method', async () => {
    clients.set('disabled', {
      ...clients.get('basic client')!,
      clientId: 'disabled',
      active: false,
    });
    const disabled = await endpoint(
      post({ grant_type: 'client_credentials' }, { authorization: basic('disabled', secret) }),
    );
    await expectError(disabled, 401, 'invalid_client');
    const wrongMethod = await endpoint(
      post({ grant_type: 'client_credentials' }, { authorization: basic('jwt-inline', secret) }),
    );
    await expectError(wrongMethod, 401, 'invalid_client');
    expect(failures.map((failure) => failure.reason)).toEqual([
      'inactive_client',
      'wrong_auth_method',
    ]);
  });

  it('refuses a secret sent in the body (client_secret_post)', async () => {
    const response = await endpoint(
      post({ grant_type: 'client_credentials', client_id: 'basic client', client_secret: secret }),
    );
    const body = await expectError(response, 401, 'invalid_client');
    expect(body.error_description).toMatch(/client_secret_post/);
  });
});

describe('token endpoint: private_key_jwt', () => {
  it('issues a token for an assertion signed with an inline-registered EC key', async () => {
    const response = await endpoint(post(await assertionForm('jwt-inline')));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    await expect(verifier().verify(body.access_token)).resolves.toMatchObject({
      vendorId: 'vendor-b',
      clientId: 'jwt-inline',
    });
  });

  it('issues a token for an assertion signed with an RSA key from the JWK set URL', async () => {
    const response = await endpoint(post(await assertionForm('jwt-remote', rsaKey, 'PS256')));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string };
    await expect(verifier().verify(body.access_token)).resolves.toMatchObject({
      vendorId: 'vendor-c',
    });
  });

  it('refuses a replayed assertion with invalid_client and no Basic challenge', async () => {
    const form = await assertionForm('jwt-inline');
    expect((await endpoint(post(form))).status).toBe(200);
    const replay = await endpoint(post(form));
    const body = await expectError(replay, 401, 'invalid_client');
    expect(body.error_description).toMatch(/jti/);
    expect(replay.headers.get('www-authenticate')).toBeNull();
    expect(failures[0]).toMatchObject({ clientId: 'jwt-inline', reason: 'assertion_replayed' });
  });

  it('refuses an assertion signed by a key the client did not register', async () => {
    const stranger = await generateKeyPair('ES256');
    const response = await endpoint(post(await assertionForm('jwt-inline', stranger.privateKey)));
    const body = await expectError(response, 401, 'invalid_client');
    expect(body.error_description).toMatch(/^No key registered for this client id verifies/);
  });

  it('refuses an assertion for a client_id other than its iss', async () => {
    const form = { ...(await assertionForm('jwt-inline')), client_id: 'jwt-remote' };
    await expectError(await endpoint(post(form)), 401, 'invalid_client');
  });

  it('refuses an unknown client_assertion_type', async () => {
    const form = { ...(await assertionForm('jwt-inline')), client_assertion_type: 'urn:x:saml' };
    await expectError(await endpoint(post(form)), 401, 'invalid_client');
  });
});

describe('token endpoint: private_key_jwt header typ and refusals an integrator can act on', () => {
  const signed = (
    clientId: string,
    options: { header?: Record<string, unknown>; claims?: JWTPayload; key?: CryptoKey } = {},
  ) =>
    new SignJWT({
      iss: clientId,
      sub: clientId,
      aud: ISSUER,
      iat: t0,
      exp: t0 + 60,
      jti: randomUUID(),
      ...options.claims,
    })
      .setProtectedHeader({ alg: 'ES256', ...options.header })
      .sign(options.key ?? ecKey);
  const form = (clientAssertion: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: clientAssertion,
  });
  const describeRefusal = async (clientAssertion: string | Promise<string>) => {
    const body = await expectError(
      await endpoint(post(form(await clientAssertion))),
      401,
      'invalid_client',
    );
    return body.error_description ?? '';
  };

  it.each([
    ['no typ', {}],
    ['typ JWT', { typ: 'JWT' }],
    ['typ client-authentication+jwt', { typ: 'client-authentication+jwt' }],
  ])('issues a token for an assertion with %s', async (_case, header) => {
    const response = await endpoint(post(form(await signed('jwt-inline', { header }))));
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a foreign typ',
      { header: { typ: 'at+jwt' } },
      /typ must be absent, JWT or client-authentication\+jwt/,
    ],
    ['an expired assertion', { claims: { iat: t0 - 600, exp: t0 - 300 } }, /has expired/],
    [
      'a wrong audience',
      { claims: { aud: `${ISSUER}/oauth/token` } },
      /aud must be the issuer identifier/,
    ],
    ['sub other than iss', { claims: { sub: 'someone-else' } }, /sub must equal its iss/],
    ['no jti', { claims: { jti: undefined } }, /must carry a jti/],
    [
      'a lifetime over the limit',
      { claims: { exp: t0 + 3600 } },
      /lifetime is too long \(exp at most 300 s/,
    ],
    ['a future iat', { claims: { iat: t0 + 120, exp: t0 + 180 } }, /iat is in the future/],
    ['an HMAC alg', { header: { alg: 'HS256' } }, /alg must be one of RS256, PS256, ES256, EdDSA/],
  ] as const)('explains %s', async (_case, given, description) => {
    const options = given as { header?: Record<string, unknown>; claims?: JWTPayload };
    const token =
      options.header?.alg === 'HS256'
        ? new SignJWT({ iss: 'jwt-inline', sub: 'jwt-inline', aud: ISSUER, exp: t0 + 60, jti: 'x' })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(new TextEncoder().encode('a shared secret that is long enough!'))
        : signed('jwt-inline', options);
    expect(await describeRefusal(token)).toMatch(description);
  });

  it('explains a replayed jti, an unknown kid and a bad signature', async () => {
    const once = await signed('jwt-inline', { header: { kid: 'ec-1' } });
    expect((await endpoint(post(form(once)))).status).toBe(200);
    expect(await describeRefusal(once)).toMatch(/jti has already been used/);

    const unknownKid = await describeRefusal(signed('jwt-inline', { header: { kid: 'ec-9' } }));
    expect(unknownKid).toMatch(/kid "ec-9"/);
    expect(unknownKid).toMatch(/check that its kid names a key of your registered JWK set/);
    expect(failures.at(-1)).toMatchObject({ reason: 'assertion_unknown_kid' });

    const stranger = await generateKeyPair('ES256');
    const badSignature = await describeRefusal(
      signed('jwt-inline', { header: { kid: 'ec-1' }, key: stranger.privateKey }),
    );
    expect(badSignature).toMatch(/signed with that key’s private key/);
    expect(failures.at(-1)).toMatchObject({ reason: 'assertion_bad_signature' });
    // No key material: the registered public key's coordinates appear nowhere.
    const registered = clients.get('jwt-inline')!.jwks!.keys[0]!;
    for (const text of [unknownKid, badSignature]) {
      expect(text).not.toContain(String(registered.x));
      expect(text).not.toContain(String(registered.y));
    }
  });

  it('answers an unknown client id exactly like a registered one whose key does not verify', async () => {
    const stranger = await generateKeyPair('ES256');
    const header = { kid: 'ec-1' };
    const registered = await describeRefusal(
      signed('jwt-inline', { header, key: stranger.privateKey }),
    );
    const unknown = await describeRefusal(
      signed('ghost-client', { header, key: stranger.privateKey }),
    );
    const basicOnly = await describeRefusal(
      signed('basic client', { header, key: stranger.privateKey }),
    );
    expect(unknown).toBe(registered);
    expect(basicOnly).toBe(registered);
    // An expired assertion is explained the same way for both, before any client is looked up.
    const expired = { claims: { iat: t0 - 600, exp: t0 - 300 } };
    expect(await describeRefusal(signed('ghost-client', expired))).toBe(
      await describeRefusal(signed('jwt-inline', expired)),
    );
  });
});

describe('token endpoint: request errors', () => {
  const auth = () => ({ authorization: basic('basic client', secret) });

  it('invalid_client (401, with a Basic challenge) when no client authentication is given', async () => {
    const response = await endpoint(post({ grant_type: 'client_credentials' }));
    await expectError(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="bvg"');
  });

  it('invalid_request (400) when both Basic and an assertion are used', async () => {
    const response = await endpoint(post(await assertionForm('jwt-inline'), auth()));
    await expectError(response, 400, 'invalid_request');
  });

  it('invalid_request (400) without grant_type, with a repeated parameter, or not a form POST', async () => {
    await expectError(await endpoint(post({}, auth())), 400, 'invalid_request');
    const repeated = new Request(`${ISSUER}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth() },
      body: 'grant_type=client_credentials&scope=cases:read&scope=cases:write',
    });
    await expectError(await endpoint(repeated), 400, 'invalid_request');
    const json = new Request(`${ISSUER}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectError(await endpoint(json), 400, 'invalid_request');
    const get = new Request(`${ISSUER}/oauth/token?grant_type=client_credentials`, {
      headers: auth(),
    });
    await expectError(await endpoint(get), 400, 'invalid_request');
  });

  it('invalid_request (400) for an oversized body', async () => {
    const response = await endpoint(
      post({ grant_type: 'client_credentials', padding: 'x'.repeat(20_000) }, auth()),
    );
    await expectError(response, 400, 'invalid_request');
  });

  it('unsupported_grant_type (400) for any grant but client_credentials', async () => {
    for (const grantType of ['password', 'authorization_code', 'refresh_token']) {
      const response = await endpoint(post({ grant_type: grantType }, auth()));
      await expectError(response, 400, 'unsupported_grant_type');
    }
  });

  it('invalid_scope (400) for a scope the client is not allowed, or a malformed one', async () => {
    for (const scope of [
      'cases:read qa:write',
      'admin',
      'cases:read  cases:write',
      ' cases:read',
    ]) {
      const response = await endpoint(post({ grant_type: 'client_credentials', scope }, auth()));
      await expectError(response, 400, 'invalid_scope');
    }
  });

  it('reports every refusal to the audit hook', async () => {
    await endpoint(post({ grant_type: 'password' }, auth()));
    expect(failures).toEqual([
      expect.objectContaining({
        error: 'unsupported_grant_type',
        reason: 'unsupported_grant_type',
        clientId: 'basic client',
        authMethod: 'client_secret_basic',
      }),
    ]);
  });
});

describe('parseBasicCredentials (RFC 6749 §2.3.1)', () => {
  it('form-decodes id and secret after splitting on the first colon', () => {
    expect(parseBasicCredentials(basic('a:b c', 's:e+c%'))).toEqual({
      clientId: 'a:b c',
      secret: 's:e+c%',
    });
  });

  it('rejects malformed headers', () => {
    for (const header of [
      'Basic',
      'Basic !!!',
      `Basic ${btoa('no-colon')}`,
      `Basic ${btoa(':x')}`,
    ]) {
      expect(parseBasicCredentials(header)).toBeUndefined();
    }
    expect(parseBasicCredentials(`Basic ${btoa('id:%E0%A4%A')}`)).toBeUndefined();
  });
});
