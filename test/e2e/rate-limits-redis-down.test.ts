// When Redis is down the gateway keeps serving and keeps limiting: each limiter answers from
// the gateway process's memory (limits per process instead of across processes), counted in
// a metric. A partner is neither refused for our outage nor unthrottled by it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateClientSecret, hashClientSecret } from '@bvg/auth';
import { operationCost } from '@bvg/gateway';
import { schema } from '@bvg/graphql';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { parse } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
let stack: TestStack;
let server: Server;
let base: string;

// Over half of a LOW window (5,000): one fits, two do not.
const EXPENSIVE =
  '{ cases(first: 100) { edges { node { id version region scope priority status events { id type } } } } }';
const cost = Math.ceil(operationCost({ schema, document: parse(EXPENSIVE), variables: null }));

beforeAll(async () => {
  redis = await startRedisServer();
  stack = await createTestStack({
    REDIS_URL: redis.url,
    RATE_LIMIT_TIERS: 'LOW=5000/60,STANDARD=30000/60,HIGH=100000/60',
  });
  server = createServer(stack.gateway.app.yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stack?.close();
  await redis?.stop();
});

async function query(token: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: EXPENSIVE }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, ratelimit: response.headers.get('ratelimit'), body };
}

async function lowTierPartner() {
  const vendor = await stack.seed.vendor();
  await stack.owner.apiClient.update({
    where: { clientId: vendor.clientId },
    data: { rateLimitTier: 'LOW' },
  });
  return { ...vendor, token: await stack.vendorToken(vendor) };
}

it('serves and still limits from process memory while Redis is down, and says so in metrics', async () => {
  const before = await lowTierPartner();
  expect((await query(before.token)).ratelimit).toBe(`"low";r=${5000 - cost};t=60`);

  await redis.stop();

  const partner = await lowTierPartner();
  const other = await lowTierPartner();
  const first = await query(partner.token);
  expect(first.status).toBe(200);
  expect(first.body.errors).toBeUndefined();
  expect(first.ratelimit).toBe(`"low";r=${5000 - cost};t=60`);
  const second = await query(partner.token);
  expect(second.status).toBe(429);
  expect(second.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  expect((await query(other.token)).status).toBe(200);

  // The token endpoint's failure throttle holds too.
  const vendor = await stack.seed.vendor();
  const secret = generateClientSecret();
  const client = await stack.owner.apiClient.findUniqueOrThrow({
    where: { clientId: vendor.clientId },
  });
  await stack.owner.apiClientSecret.create({
    data: { apiClientId: client.id, secretHash: await hashClientSecret(secret), hint: 'xxxx' },
  });
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const response = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${vendor.clientId}:wrong-${i}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    statuses.push(response.status);
    await response.body?.cancel();
  }
  expect(statuses).toEqual([...Array(10).fill(401), 429]);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  const fallbacks = /bvg_gateway_rate_limit_store_failures_total\{limiter="gql:LOW"\} (\d+)/.exec(
    metrics,
  );
  expect(Number(fallbacks?.[1])).toBeGreaterThanOrEqual(3);
  expect(metrics).toMatch(/bvg_gateway_rate_limited_total\{policy="low"\} 1/);
});
