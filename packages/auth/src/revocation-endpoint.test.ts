import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisReplayStore } from './client-assertion.ts';
import type { TokenEndpointClient } from './client-authentication.ts';
import { generateClientSecret, hashClientSecret } from './client-secret.ts';
import {
  createRevocationEndpoint,
  type RevocationRequest,
  RevocationUnavailableError,
} from './revocation-endpoint.ts';

const PREFIX = `bvg-test:auth:revocation:${randomUUID()}:`;
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
let secret: string;
let client: TokenEndpointClient;
let revoked: RevocationRequest[];
let unavailable = false;

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
});
afterAll(async () => {
  await redis.quit();
});

const endpoint = () =>
  createRevocationEndpoint({
    issuer: 'https://gateway.test',
    findClient: async (id) => (id === client.clientId ? client : null),
    fetchJwks: async () => ({ keys: [] }),
    replayStore: new RedisReplayStore(redis, { keyPrefix: PREFIX }),
    now: () => new Date(),
    revoke: async (input) => {
      if (unavailable) throw new RevocationUnavailableError(7);
      revoked.push(input);
    },
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
