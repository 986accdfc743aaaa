// The gateway as a standard OAuth client library sees it: `oauth4webapi` (not written here)
// discovers the authorization server metadata (RFC 8414), takes tokens by client credentials
// with either client authentication method, and revokes them (RFC 7009). Two gateways share
// the database and Redis, as two processes of one deployment do.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientSecret, hashClientSecret, VENDOR_SCOPES } from '@bvg/auth';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createGateway, type Gateway, loadGatewayEnv, revokedTokenKeys } from '@bvg/gateway';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let server: Server;
let base: string;
/** A second gateway process on the same database and Redis. */
let other: Gateway;
let redis: Redis;
let as: oauth.AuthorizationServer;

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const VIEWER = '{ viewer { kind subject vendorId } }';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  stack = await createTestStack({ PUBLIC_URL: base });
  server = createServer(stack.gateway.app.yoga);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  other = await createGateway(
    loadGatewayEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      PUBLIC_URL: base,
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
      LOG_LEVEL: 'error',
    }),
  );
  redis = new Redis(process.env.REDIS_URL ?? LOCAL_REDIS_URL);
  as = await oauth.processDiscoveryResponse(
    new URL(base),
    await oauth.discoveryRequest(new URL(base), { algorithm: 'oauth2', ...insecure }),
  );
});
afterAll(async () => {
  redis?.disconnect();
  await other?.close();
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

/** A `viewer` query on the listening gateway (`first`) or on the second process. */
async function viewer(token: string, on: 'first' | 'other' = 'first') {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: VIEWER }),
  };
  const response =
    on === 'first'
      ? await fetch(`${base}/graphql`, init)
      : await other.app.fetch(new Request(`${base}/graphql`, init));
  const body = (await response.json()) as {
    data?: { viewer: { subject: string; vendorId: string } } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, body };
}

async function secretClient() {
  const vendor = await stack.seed.vendor();
  const secret = generateClientSecret();
  const client = await stack.owner.apiClient.findUniqueOrThrow({
    where: { clientId: vendor.clientId },
  });
  await stack.owner.apiClientSecret.create({
    data: { apiClientId: client.id, secretHash: await hashClientSecret(secret), hint: 'test' },
  });
  return {
    vendor,
    secret,
    client: { client_id: vendor.clientId },
    auth: oauth.ClientSecretBasic(secret),
  };
}

async function keyClient() {
  const vendor = await stack.seed.vendor();
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  await stack.owner.apiClient.update({
    where: { clientId: vendor.clientId },
    data: { authMethod: 'PRIVATE_KEY_JWT', jwks: { keys: [publicJwk] } },
  });
  return {
    vendor,
    client: { client_id: vendor.clientId },
    auth: oauth.PrivateKeyJwt({ key: privateKey, kid: 'k1' }),
  };
}

type Party = Pick<Awaited<ReturnType<typeof secretClient>>, 'vendor' | 'client' | 'auth'>;

async function tokenFor(party: Party, scope?: string): Promise<string> {
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    party.client,
    party.auth,
    scope ? { scope } : {},
    insecure,
  );
  const result = await oauth.processClientCredentialsResponse(as, party.client, response);
  return result.access_token;
}

async function revoke(party: Party, token: string, hint?: string): Promise<Response> {
  return oauth.revocationRequest(as, party.client, party.auth, token, {
    ...insecure,
    ...(hint ? { additionalParameters: { token_type_hint: hint } } : {}),
  });
}

const jtiOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;

describe('authorization server metadata (RFC 8414)', () => {
  it('is discovered by a standard client and names every endpoint and method', async () => {
    expect(as.issuer).toBe(base);
    expect(as.token_endpoint).toBe(`${base}/oauth/token`);
    expect(as.revocation_endpoint).toBe(`${base}/oauth/revoke`);
    expect(as.jwks_uri).toBe(`${base}/.well-known/jwks.json`);
    expect(as.grant_types_supported).toEqual(['client_credentials']);
    expect(as.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'private_key_jwt',
    ]);
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['ES256', 'RS256', 'PS256', 'EdDSA']),
    );
    expect(as.token_endpoint_auth_signing_alg_values_supported).not.toContain('none');
    expect(as.revocation_endpoint_auth_methods_supported).toEqual(
      as.token_endpoint_auth_methods_supported,
    );
    expect(as.scopes_supported).toEqual([...VENDOR_SCOPES]);
    // The advertised JWK set is the one access tokens are signed with.
    const jwks = (await (await fetch(as.jwks_uri!)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it('refuses anything but GET', async () => {
    const response = await fetch(`${base}/.well-known/oauth-authorization-server`, {
      method: 'POST',
    });
    expect(response.status).toBe(405);
  });
});

describe('token revocation (RFC 7009)', () => {
  it('client_secret_basic: a revoked token is refused at once by every gateway, cached or not', async () => {
    const party = await secretClient();
    const token = await tokenFor(party);
    const kept = await tokenFor(party);
    // Both gateways have verified (and cached) the token before it is revoked.
    expect((await viewer(token)).body.data?.viewer.subject).toBe(party.vendor.clientId);
    expect((await viewer(token, 'other')).body.data?.viewer.vendorId).toBe(party.vendor.id);

    const response = await revoke(party, token, 'access_token');
    await oauth.processRevocationResponse(response);
    expect(response.status).toBe(200);

    for (const on of ['first', 'other'] as const) {
      const after = await viewer(token, on);
      expect(after.status).toBe(401);
      expect(after.code).toBe('UNAUTHENTICATED');
    }
    // Only that token: the client's other token keeps working.
    expect((await viewer(kept, 'other')).body.data?.viewer.subject).toBe(party.vendor.clientId);

    const record = await stack.owner.revokedAccessToken.findUniqueOrThrow({
      where: { jti: jtiOf(token) },
    });
    expect(record.clientId).toBe(party.vendor.clientId);
    const audit = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'access_token.revoke', targetId: jtiOf(token) },
    });
    expect(audit).toMatchObject({ actorKind: 'VENDOR', outcome: 'OK' });

    // Revoking again is answered 200 and changes nothing.
    await oauth.processRevocationResponse(await revoke(party, token));
  });

  it('private_key_jwt: the client authenticates with an assertion, and any hint is accepted', async () => {
    const party = await keyClient();
    const token = await tokenFor(party, 'cases:read');
    expect((await viewer(token, 'other')).body.data?.viewer.vendorId).toBe(party.vendor.id);
    // `refresh_token` is only a hint: the server looks the token up as what it is.
    await oauth.processRevocationResponse(await revoke(party, token, 'refresh_token'));
    expect((await viewer(token, 'other')).code).toBe('UNAUTHENTICATED');
    expect((await viewer(token)).code).toBe('UNAUTHENTICATED');
  });

  it("answers 200 for another client's token, an unknown token and garbage, and revokes nothing", async () => {
    const owner = await secretClient();
    const intruder = await keyClient();
    const token = await tokenFor(owner);

    await oauth.processRevocationResponse(await revoke(intruder, token, 'access_token'));
    await oauth.processRevocationResponse(await revoke(intruder, 'not-a-token'));
    const internal = await stack.internalToken(['ops']);
    await oauth.processRevocationResponse(await revoke(intruder, internal));

    expect((await viewer(token)).body.data?.viewer.subject).toBe(owner.vendor.clientId);
    expect((await viewer(token, 'other')).body.data?.viewer.subject).toBe(owner.vendor.clientId);
    expect(await stack.owner.revokedAccessToken.count({ where: { jti: jtiOf(token) } })).toBe(0);
    // The attempt on someone else's token is on the audit trail.
    const denied = await stack.owner.auditEvent.findFirstOrThrow({
      where: { action: 'access_token.revoke', targetId: jtiOf(token) },
    });
    expect(denied).toMatchObject({ outcome: 'DENIED', actorId: intruder.vendor.clientId });
  });

  it('refuses an unauthenticated or malformed request with an OAuth error, revoking nothing', async () => {
    const party = await secretClient();
    const token = await tokenFor(party);
    const wrongSecret = await revoke(
      { ...party, auth: oauth.ClientSecretBasic('bvgcs_wrong') },
      token,
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });

    const anonymous = await fetch(`${base}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);

    const basic = Buffer.from(`${party.vendor.clientId}:${party.secret}`).toString('base64');
    const noToken = await fetch(`${base}/oauth/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body: new URLSearchParams({ token_type_hint: 'access_token' }),
    });
    expect(noToken.status).toBe(400);
    expect(await noToken.json()).toMatchObject({ error: 'invalid_request' });

    expect((await viewer(token)).body.data?.viewer.subject).toBe(party.vendor.clientId);
  });

  it('keeps a revoked token refused after Redis loses the deny list (rebuilt from PostgreSQL)', async () => {
    const party = await secretClient();
    const token = await tokenFor(party);
    await oauth.processRevocationResponse(await revoke(party, token));
    // As after a Redis restart: the token's key and the "loaded" marker are gone. The second
    // gateway has never seen this token, so nothing in its memory answers for Redis.
    const keys = revokedTokenKeys(new URL(stack.db.url).pathname.slice(1));
    await redis.del(keys.token(jtiOf(token)), keys.loaded);

    expect((await viewer(token, 'other')).code).toBe('UNAUTHENTICATED');
    expect(await redis.exists(keys.token(jtiOf(token)))).toBe(1);
    expect(await redis.exists(keys.loaded)).toBe(1);
  });
});
