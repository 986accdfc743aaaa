// Rate limits seen from outside, over real HTTP: GraphQL spends each operation's query cost
// from its caller's tier; the token and revocation endpoints throttle failed client
// authentication by client id and by source address without letting an attacker lock a
// partner out.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientSecret, hashClientSecret } from '@bvg/auth';
import { createGateway, loadGatewayEnv, operationCost } from '@bvg/gateway';
import { schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { parse } from 'graphql';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let server: Server;
let base: string;
const TIERS = 'LOW=5000/60,STANDARD=8000/60,HIGH=100000/60';
const PREFIX = `bvg:rl:test:${randomBytes(6).toString('hex')}`;

const CHEAP = '{ viewer { kind subject } }';
// Priced over half the LOW quota and under half the STANDARD one (a page of 100 cases, each
// with its events: ~2,900), so one fits a LOW window and two do not.
const EXPENSIVE =
  '{ cases(first: 100) { edges { node { id version region scope priority status events { id type } } } } }';
const costOf = (query: string) =>
  Math.max(1, Math.ceil(operationCost({ schema, document: parse(query), variables: null })));

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  base = `http://127.0.0.1:${port}`;
  stack = await createTestStack({
    PUBLIC_URL: base,
    RATE_LIMIT_TIERS: TIERS,
    RATE_LIMIT_KEY_PREFIX: PREFIX,
    // One proxy of ours in front: the test chooses each request's source address.
    TRUST_PROXY_HOPS: '1',
  });
  server = createServer(stack.gateway.app.yoga);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

async function graphql(query: string, token: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: response.status, headers: response.headers, body };
}

/** `RateLimit: "low";r=2025;t=60` → { id: 'low', r: 2025, t: 60 } */
function limitField(headers: Headers) {
  const match = /^"([^"]+)";r=(\d+);t=(\d+)$/.exec(headers.get('ratelimit') ?? '');
  if (!match) throw new Error(`no RateLimit field: ${headers.get('ratelimit')}`);
  return { id: match[1], r: Number(match[2]), t: Number(match[3]) };
}

async function partner(tier?: 'LOW' | 'STANDARD' | 'HIGH') {
  const vendor = await stack.seed.vendor();
  if (tier) {
    await stack.owner.apiClient.update({
      where: { clientId: vendor.clientId },
      data: { rateLimitTier: tier },
    });
  }
  return { ...vendor, token: await stack.vendorToken(vendor) };
}

describe('GraphQL rate limits by query cost', () => {
  it('refuses a client over its limit with 429, Retry-After, RateLimit fields and RATE_LIMITED; another client is unaffected', async () => {
    const noisy = await partner('LOW');
    const calm = await partner('LOW');
    await stack.seed.case(noisy.id);

    const first = await graphql(EXPENSIVE, noisy.token);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('ratelimit-policy')).toBe('"low";q=5000;w=60;bvg-unit="query-cost"');
    expect(limitField(first.headers)).toMatchObject({ id: 'low', r: 5000 - costOf(EXPENSIVE) });

    const refused = await graphql(EXPENSIVE, noisy.token);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-policy')).toBe('"low";q=5000;w=60;bvg-unit="query-cost"');
    expect(limitField(refused.headers)).toMatchObject({ id: 'low', r: 0 });
    // Retry-After never points earlier than the field's reset.
    expect(retryAfter).toBeGreaterThanOrEqual(limitField(refused.headers).t);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors![0]!.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter,
      policy: 'low',
      cost: costOf(EXPENSIVE),
    });

    // The other partner on the same tier still has its whole quota.
    const other = await graphql(EXPENSIVE, calm.token);
    expect(other.status).toBe(200);
    expect(limitField(other.headers)).toMatchObject({ id: 'low', r: 5000 - costOf(EXPENSIVE) });

    // An internal principal has a quota of its own, by its subject.
    const ops = await graphql(CHEAP, await stack.internalToken(['ops'], 'rate.limits.ops'));
    expect(ops.status).toBe(200);
    expect(limitField(ops.headers).id).toBe('internal');
    // Without a token: a quota per source address.
    const anonymous = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CHEAP }),
    });
    await anonymous.body?.cancel();
    expect(anonymous.headers.get('ratelimit-policy')).toBe(
      '"anonymous";q=2000;w=60;bvg-unit="query-cost"',
    );
  });

  it('holds across gateway processes: what one gateway counted, another one spends from', async () => {
    const client = await partner('LOW');
    const second = await createGateway(
      loadGatewayEnv({
        NODE_ENV: 'test',
        DATABASE_URL: stack.db.url,
        PUBLIC_URL: base,
        DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
        LOG_LEVEL: 'error',
        RATE_LIMIT_TIERS: TIERS,
        RATE_LIMIT_KEY_PREFIX: PREFIX,
      }),
    );
    try {
      expect((await graphql(EXPENSIVE, client.token)).status).toBe(200);
      const there = await second.app.fetch(
        new Request('http://second.gateway/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
          body: JSON.stringify({ query: EXPENSIVE }),
        }),
      );
      expect(there.status).toBe(429);
      expect(limitField(there.headers)).toMatchObject({ id: 'low', r: 0 });
    } finally {
      await second.close();
    }
  });

  it('an expensive query spends more of the quota than a cheap one', async () => {
    const client = await partner('STANDARD');
    const cheap = await graphql(CHEAP, client.token);
    const afterCheap = limitField(cheap.headers).r;
    const expensive = await graphql(EXPENSIVE, client.token);
    const afterExpensive = limitField(expensive.headers).r;

    expect(8000 - afterCheap).toBe(costOf(CHEAP));
    expect(afterCheap - afterExpensive).toBe(costOf(EXPENSIVE));
    expect(costOf(EXPENSIVE)).toBeGreaterThan(100 * costOf(CHEAP));
  });

  it('ops moves a client to another tier, audited with the reason, and the new limit applies at once', async () => {
    const client = await partner();
    const opsToken = await stack.internalToken(['ops'], 'rate.limits.tier-ops');
    const before = await graphql(EXPENSIVE, client.token);
    expect(before.headers.get('ratelimit-policy')).toBe(
      '"standard";q=8000;w=60;bvg-unit="query-cost"',
    );
    expect((await graphql(EXPENSIVE, client.token)).status).toBe(200);

    const SET_TIER =
      'mutation($c: String!, $t: RateLimitTier!, $r: String!) { setApiClientRateLimitTier(clientId: $c, tier: $t, reason: $r) { clientId rateLimitTier } }';
    const blank = await graphql(SET_TIER, opsToken, { c: client.clientId, t: 'LOW', r: ' ' });
    expect(blank.body.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const unknown = await graphql(SET_TIER, opsToken, { c: 'no-such-client', t: 'LOW', r: 'x' });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const asPartner = await graphql(SET_TIER, client.token, {
      c: client.clientId,
      t: 'HIGH',
      r: 'self-service',
    });
    expect(asPartner.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const moved = await graphql(SET_TIER, opsToken, {
      c: client.clientId,
      t: 'HIGH',
      r: 'partner onboarding a second site',
    });
    expect(moved.body.data).toEqual({
      setApiClientRateLimitTier: { clientId: client.clientId, rateLimitTier: 'HIGH' },
    });
    const after = await graphql(EXPENSIVE, client.token);
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit-policy')).toBe(
      '"high";q=100000;w=60;bvg-unit="query-cost"',
    );
    expect(limitField(after.headers).r).toBe(100000 - costOf(EXPENSIVE));

    // Down to LOW: the smaller quota is enforced on the next requests.
    await graphql(SET_TIER, opsToken, { c: client.clientId, t: 'LOW', r: 'abuse review' });
    expect((await graphql(EXPENSIVE, client.token)).status).toBe(200);
    expect((await graphql(EXPENSIVE, client.token)).status).toBe(429);

    const audit = await stack.owner.auditEvent.findMany({
      where: { action: 'api_client.set_rate_limit_tier', targetId: client.clientId },
      orderBy: { occurredAt: 'asc' },
    });
    expect(audit.map((a) => a.details)).toEqual([
      { from: 'STANDARD', to: 'HIGH', reason: 'partner onboarding a second site' },
      { from: 'HIGH', to: 'LOW', reason: 'abuse review' },
    ]);
    expect(audit[0]!.actorId).toBe('rate.limits.tier-ops');
  });
});

describe('token endpoint throttling', () => {
  async function secretClient() {
    const vendor = await stack.seed.vendor();
    const secret = generateClientSecret();
    const client = await stack.owner.apiClient.findUniqueOrThrow({
      where: { clientId: vendor.clientId },
    });
    await stack.owner.apiClientSecret.create({
      data: {
        apiClientId: client.id,
        secretHash: await hashClientSecret(secret),
        hint: secret.slice(-4),
      },
    });
    return { clientId: vendor.clientId, secret };
  }

  const tokenRequest = (clientId: string, secret: string, from: string) =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': from,
      },
      body: 'grant_type=client_credentials',
    });

  it('throttles a stream of wrong secrets, and the partner still gets tokens from where it works', async () => {
    const { clientId, secret } = await secretClient();
    const partnerSite = '198.51.100.7';
    const ok = await tokenRequest(clientId, secret, partnerSite);
    expect(ok.status).toBe(200);

    const statuses: number[] = [];
    let lastRefusal: Response | undefined;
    for (let i = 0; i < 40; i++) {
      const response = await tokenRequest(clientId, `${secret}-wrong-${i}`, '203.0.113.9');
      statuses.push(response.status);
      if (response.status === 429) lastRefusal = response;
      await response.body?.cancel();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));
    expect(Number(lastRefusal!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(lastRefusal!.headers.get('ratelimit')).toMatch(/"token-client-failures";r=0;t=\d+/);

    // The right secret from somewhere that never authenticated this client waits too ...
    const elsewhere = await tokenRequest(clientId, secret, '192.0.2.44');
    expect(elsewhere.status).toBe(429);
    expect(await elsewhere.json()).toMatchObject({ error: 'rate_limited' });
    // ... but the partner's own site is not locked out.
    const fromSite = await tokenRequest(clientId, secret, partnerSite);
    expect(fromSite.status).toBe(200);
    expect(fromSite.headers.get('ratelimit-policy')).toBe(
      '"token-address";q=300;w=60, "token-client";q=60;w=60',
    );

    // A known address guessing itself is held like any other after as many failures in a row.
    const fromSiteStatuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await tokenRequest(clientId, `${secret}-typo-${i}`, partnerSite);
      fromSiteStatuses.push(response.status);
      await response.body?.cancel();
    }
    expect(fromSiteStatuses).toEqual([...Array(10).fill(401), 429]);
  });

  it('counts wrong secrets at /oauth/revoke against the same client: guessing there is held too', async () => {
    const { clientId, secret } = await secretClient();
    const guesser = '203.0.113.50';
    const revokeRequest = (password: string, from: string) =>
      fetch(`${base}/oauth/revoke`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${password}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': from,
        },
        body: 'token=not-a-token',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const atToken = await tokenRequest(clientId, `${secret}-wrong-${i}`, guesser);
      const atRevoke = await revokeRequest(`${secret}-wrong-${i}`, guesser);
      statuses.push(atToken.status, atRevoke.status);
      await Promise.all([atToken.body?.cancel(), atRevoke.body?.cancel()]);
    }
    expect(statuses).toEqual(Array(10).fill(401));

    // Ten failures in a row over both endpoints: the client id is held at both, even with the
    // right secret, from anywhere it never authenticated.
    const revokeRefused = await revokeRequest(secret, guesser);
    expect(revokeRefused.status).toBe(429);
    expect(Number(revokeRefused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(revokeRefused.headers.get('ratelimit')).toMatch(/"token-client-failures";r=0;t=\d+/);
    expect(await revokeRefused.json()).toMatchObject({ error: 'rate_limited' });
    const tokenRefused = await tokenRequest(clientId, secret, '192.0.2.77');
    expect(tokenRefused.status).toBe(429);
    await tokenRefused.body?.cancel();
  });

  it('a success starts the failure count again', async () => {
    const { clientId, secret } = await secretClient();
    const from = '198.51.100.20';
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) {
        const response = await tokenRequest(clientId, `${secret}x`, from);
        statuses.push(response.status);
        await response.body?.cancel();
      }
      const ok = await tokenRequest(clientId, secret, from);
      statuses.push(ok.status);
      await ok.body?.cancel();
    }
    expect(statuses).not.toContain(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it('throttles one address trying many client ids', async () => {
    const from = '198.51.100.99';
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const response = await tokenRequest(`guessed-client-${i}`, 'secret', from);
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another address is not affected.
    const other = await tokenRequest('guessed-client-0', 'secret', '198.51.100.100');
    expect(other.status).toBe(401);
  });

  it('throttles bad private_key_jwt assertions the same way', async () => {
    const vendor = await stack.seed.vendor();
    const registered = await generateKeyPair('ES256');
    const forged = await generateKeyPair('ES256');
    await stack.owner.apiClient.update({
      where: { clientId: vendor.clientId },
      data: {
        authMethod: 'PRIVATE_KEY_JWT',
        jwks: { keys: [{ ...(await exportJWK(registered.publicKey)), kid: 'k1', alg: 'ES256' }] },
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(vendor.clientId)
        .setSubject(vendor.clientId)
        .setAudience(base)
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(forged.privateKey);
      const response = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '203.0.113.50',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
