// The client's retry rules against a small real HTTP server standing in for a throttled
// gateway (429/503 with Retry-After): which operations are repeated, how long the client
// waits, and when it gives up. Waits are recorded instead of slept.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPartnerClient, type PartnerClient } from './client.ts';
import { RateLimitedError, UnavailableError } from './errors.ts';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

let server: Server;
let base: string;
/** What the server answers to the n-th GraphQL request (0-based) of a test. */
let answer: (n: number) => Answer;
let graphqlRequests: { operationName: string | undefined; authorization: string | undefined }[];
let tokenRequests = 0;
/** What the token endpoint answers to the n-th token request (1-based) of the file. */
let tokenAnswer: (n: number) => Answer | undefined = () => undefined;

const viewer = { kind: 'VENDOR', subject: 'lotus-cx', vendorId: 'v-1', scopes: ['cases:read'] };
const ok = (data: unknown): Answer => ({ status: 200, body: { data } });
const throttled = (retryAfter?: string): Answer => ({
  status: 429,
  headers: retryAfter ? { 'retry-after': retryAfter } : {},
  body: { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        tokenRequests++;
        const special = tokenAnswer(tokenRequests);
        if (special) {
          res.writeHead(special.status, { 'content-type': 'application/json', ...special.headers });
          res.end(JSON.stringify(special.body));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: `t${tokenRequests}`,
            token_type: 'Bearer',
            expires_in: 600,
          }),
        );
        return;
      }
      const { query } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string };
      graphqlRequests.push({
        operationName: /(?:query|mutation) (\w+)/.exec(query)?.[1],
        authorization: req.headers.authorization,
      });
      const a = answer(graphqlRequests.length - 1);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

let waits: number[];
let client: PartnerClient;
beforeEach(() => {
  graphqlRequests = [];
  waits = [];
  client = createPartnerClient({
    gatewayUrl: base,
    credentials: { clientId: 'lotus-cx', clientSecret: 'bvgs_test' },
    retry: { maxAttempts: 3, maxDelayMs: 5_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
});

const accept = { caseId: 'c-1', version: 3 };

describe('retries on 429 and 503', () => {
  it('a query answered 429 with Retry-After waits at least that long, then succeeds', async () => {
    answer = (n) => (n === 0 ? throttled('2') : ok({ viewer }));
    await expect(client.viewer()).resolves.toEqual(viewer);
    expect(graphqlRequests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(waits[0]).toBeLessThan(3000);
  });

  it('a 503 without Retry-After backs off and tries again', async () => {
    answer = (n) => (n === 0 ? { status: 503, body: 'upstream restarting' } : ok({ viewer }));
    await expect(client.viewer()).resolves.toEqual(viewer);
    expect(graphqlRequests).toHaveLength(2);
  });

  it('a mutation with an idempotency key is retried; the key goes with every attempt', async () => {
    answer = (n) =>
      n === 0 ? throttled('1') : ok({ acceptCase: { id: 'c-1', version: 4, status: 'ACCEPTED' } });
    const done = await client.acceptCase({ ...accept, idempotencyKey: 'accept-c-1-v3' });
    expect(done.version).toBe(4);
    expect(graphqlRequests.map((r) => r.operationName)).toEqual(['AcceptCase', 'AcceptCase']);
  });

  it('a mutation without an idempotency key is sent once and the 429 raised, typed, with its wait', async () => {
    answer = () => throttled('1');
    const error = await client.acceptCase(accept).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1000);
    expect(graphqlRequests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('gives up after maxAttempts, and at once when asked to wait longer than maxDelayMs', async () => {
    answer = () => throttled('1');
    await expect(client.viewer()).rejects.toBeInstanceOf(RateLimitedError);
    expect(graphqlRequests).toHaveLength(3);

    graphqlRequests = [];
    answer = () => throttled('60');
    await expect(client.viewer()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 60_000,
    });
    expect(graphqlRequests).toHaveLength(1);

    graphqlRequests = [];
    answer = () => ({ status: 503, headers: { 'retry-after': '1' }, body: '' });
    await expect(client.viewer()).rejects.toBeInstanceOf(UnavailableError);
    expect(graphqlRequests).toHaveLength(3);
  });

  it('UNAUTHENTICATED renews the token and sends the request once more, even a mutation', async () => {
    const unauthenticated: Answer = {
      status: 401,
      body: {
        errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }],
      },
    };
    answer = (n) =>
      n === 0 ? unauthenticated : ok({ acceptCase: { id: 'c-1', version: 4, status: 'ACCEPTED' } });
    await client.acceptCase(accept);
    const [first, second] = graphqlRequests;
    expect(first!.authorization).not.toBe(second!.authorization);

    // Refused again with the new token: raised, not looped.
    graphqlRequests = [];
    answer = () => unauthenticated;
    await expect(client.viewer()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(graphqlRequests).toHaveLength(2);
  });

  it('a throttled token request is retried after its Retry-After', async () => {
    const before = tokenRequests;
    tokenAnswer = (n) =>
      n === before + 1
        ? { status: 429, headers: { 'retry-after': '3' }, body: { error: 'slow_down' } }
        : undefined;
    answer = () => ok({ viewer });
    await expect(client.viewer()).resolves.toEqual(viewer);
    expect(tokenRequests - before).toBe(2);
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    tokenAnswer = () => undefined;
  });

  it('an abort ends the wait between attempts', async () => {
    const controller = new AbortController();
    const aborting = createPartnerClient({
      gatewayUrl: base,
      credentials: { clientId: 'lotus-cx', clientSecret: 'bvgs_test' },
      retry: { maxAttempts: 3, maxDelayMs: 60_000 },
      // Aborts as soon as the first GraphQL answer (a 429 asking for 30 s) has been read.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/graphql')) return response;
        const body = await response.text();
        controller.abort();
        return new Response(body, response);
      },
    });
    answer = () => throttled('30');
    await expect(aborting.viewer({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(graphqlRequests).toHaveLength(1);
  });
});
