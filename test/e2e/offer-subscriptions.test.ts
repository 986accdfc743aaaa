// Pull as well as push: partners subscribe to their offers over server-sent events, and an
// offer published by any process reaches the gateway the partner is connected to.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway, loadGatewayEnv } from '@bvg/gateway';
import { createRedis, offersChannel, publishOffer } from '@bvg/queue';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let second: Gateway;

beforeAll(async () => {
  stack = await createTestStack();
  // A second gateway process on the same database and Redis.
  second = await createGateway(
    loadGatewayEnv({
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      DEV_IDP_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'bvg-idp-')), 'key.json'),
      LOG_LEVEL: 'error',
    }),
  );
});
afterAll(async () => {
  await second?.close();
  await stack?.close();
});

/** Opens a GraphQL subscription over SSE and yields each `next` payload's data. */
async function* subscribe(gateway: Gateway, token: string, query: string, signal: AbortSignal) {
  const response = await gateway.app.fetch(
    new Request('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query }),
      signal,
    }),
  );
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (true) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((l) => l.startsWith('data:'));
      if (data && frame.includes('event: next'))
        yield JSON.parse(data.slice(5)) as { data?: unknown; errors?: unknown[] };
      end = buffer.indexOf('\n\n');
    }
  }
}

describe('caseOffers subscription', () => {
  it("delivers an offer published by another process to the partner's gateway, and only to that partner", async () => {
    const mine = await stack.seed.vendor();
    const other = await stack.seed.vendor();
    const controller = new AbortController();
    const stream = subscribe(
      second,
      await stack.vendorToken(mine),
      'subscription { caseOffers { caseId version offerExpiresAt } }',
      controller.signal,
    );
    const first = stream.next();

    const publisher = createRedis('redis://127.0.0.1:6379', 'worker');
    // The gateway subscribes to the vendor's channel asynchronously: wait until Redis has the
    // subscriber, then publish once to each vendor.
    const deadline = Date.now() + 10_000;
    while (Number((await publisher.pubsub('NUMSUB', offersChannel(mine.id)))[1]) === 0) {
      if (Date.now() > deadline) throw new Error('the gateway never subscribed');
      await new Promise((r) => setImmediate(r));
    }
    await publishOffer(publisher, {
      caseId: 'c-other',
      vendorId: other.id,
      version: 1,
      offerExpiresAt: null,
    });
    await publishOffer(publisher, {
      caseId: 'c-mine',
      vendorId: mine.id,
      version: 2,
      offerExpiresAt: '2026-11-22T10:00:00.000Z',
    });
    const received = await first;
    controller.abort();
    publisher.disconnect();
    expect(received?.value).toEqual({
      data: {
        caseOffers: { caseId: 'c-mine', version: 2, offerExpiresAt: '2026-11-22T10:00:00.000Z' },
      },
    });
  });

  it('is for partner systems with cases:read', async () => {
    const res = await stack.graphql(
      'subscription { caseOffers { caseId } }',
      {},
      await stack.internalToken(['ops']),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
