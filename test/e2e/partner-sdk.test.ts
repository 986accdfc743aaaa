// The partner SDK against a real listening gateway (and, for webhooks, the real worker): what
// an integrator does with it — tokens by both client authentication methods, the first query,
// working a case, typed refusals, and verifying a webhook the worker really delivered.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CasesDocument,
  ConflictError,
  createPartnerClient,
  DEFAULT_PAGE_SIZE,
  InvalidTransitionError,
  NotFoundError,
  TokenRequestError,
  ValidationError,
  verifyWebhook,
  WebhookDeliveriesDocument,
  type WebhookEvent,
  WebhookVerificationError,
} from '@bvg/partner-sdk';
import type { TestStack } from '@bvg/testkit';
import type { WebhookPayload } from '@bvg/webhooks';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@bvg/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  issueClientSecret,
  type ListeningGateway,
  registerClientKey,
  startListeningGateway,
} from '../support/listening-gateway.ts';
import { removeKeysUnder } from '../support/redis-keys.ts';

// The SDK's event type covers every payload the gateway sends, event by event (checked by
// the type check: a gateway event the SDK does not type fails it).
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Covers<T extends WithoutId<WebhookEvent>> = T;
export type SdkCoversGatewayPayloads = Covers<WebhookPayload>;

let gateway: ListeningGateway;
let stack: TestStack;

beforeAll(async () => {
  gateway = await startListeningGateway();
  stack = gateway.stack;
});
afterAll(async () => {
  await gateway?.close();
});

/** A vendor with a client secret, and an SDK client for it. */
async function partnerWithSecret(options: { now?: () => number } = {}) {
  const vendor = await stack.seed.vendor();
  const clientSecret = await issueClientSecret(stack, vendor.clientId);
  const sdk = createPartnerClient({
    gatewayUrl: gateway.base,
    credentials: { clientId: vendor.clientId, clientSecret },
    ...options,
  });
  return { vendor, clientSecret, sdk };
}

describe('tokens', () => {
  it('client_secret_basic: the first query sees only our offered cases, page by page', async () => {
    const { vendor, clientSecret, sdk } = await partnerWithSecret();
    const mine = [
      await stack.seed.case(vendor.id),
      await stack.seed.case(vendor.id),
      await stack.seed.case(vendor.id),
    ];
    await stack.seed.case(vendor.id, { status: 'ACCEPTED' });
    await stack.seed.case((await stack.seed.vendor()).id);

    expect(await sdk.viewer()).toMatchObject({ subject: vendor.clientId, vendorId: vendor.id });
    const pages = [];
    for await (const page of sdk.casePages({ filter: { status: ['OFFERED'] }, pageSize: 2 })) {
      pages.push(page);
    }
    expect(pages.map((p) => p.nodes.length)).toEqual([2, 1]);
    expect(pages.flatMap((p) => p.nodes.map((c) => c.id)).sort()).toEqual(
      mine.map((c) => c.id).sort(),
    );
    expect(pages[1]!.hasNextPage).toBe(false);

    const wrong = createPartnerClient({
      gatewayUrl: gateway.base,
      credentials: { clientId: vendor.clientId, clientSecret: `${clientSecret}x` },
    });
    const refused = await wrong.viewer().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenRequestError);
    expect(refused).toMatchObject({ error: 'invalid_client', status: 401 });
  });

  it('private_key_jwt: a JWK private key gets a token with the scopes asked for', async () => {
    const vendor = await stack.seed.vendor();
    const privateKey = await registerClientKey(stack, vendor.clientId);
    const sdk = createPartnerClient({
      gatewayUrl: gateway.base,
      credentials: { clientId: vendor.clientId, privateKey },
      scope: ['cases:read'],
    });
    const viewer = await sdk.viewer();
    expect(viewer).toMatchObject({ vendorId: vendor.id, scopes: ['cases:read'] });
    // A scope not asked for is not granted: writing is refused, typed.
    const c = await stack.seed.case(vendor.id);
    await expect(sdk.acceptCase({ caseId: c.id, version: c.version })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('concurrent calls share one token request; the token is renewed shortly before it expires', async () => {
    let clock = Date.now();
    const { sdk } = await partnerWithSecret({ now: () => clock });
    await Promise.all([sdk.viewer(), sdk.viewer(), sdk.cases(), sdk.viewer(), sdk.cases()]);
    expect(sdk.tokens.requests).toBe(1);

    const first = await sdk.tokens.get();
    clock = first.expiresAt - 120_000; // outside the renewal window: kept
    await sdk.viewer();
    expect(sdk.tokens.requests).toBe(1);
    clock = first.expiresAt - 30_000; // inside it: renewed before the gateway would refuse it
    await Promise.all([sdk.viewer(), sdk.viewer()]);
    expect(sdk.tokens.requests).toBe(2);
    expect((await sdk.tokens.get()).value).not.toBe(first.value);
  });

  it('a token the gateway finds expired is renewed and the request sent once more', async () => {
    // The partner's clock runs behind the gateway's: the SDK believes its token is fresh.
    const frozen = Date.now();
    const { vendor, sdk } = await partnerWithSecret({ now: () => frozen });
    await sdk.viewer();
    const c = await stack.seed.case(vendor.id);

    // Eleven minutes later for the gateway (tokens live ten).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000, shouldAdvanceTime: true });
    try {
      const accepted = await sdk.acceptCase({ caseId: c.id, version: c.version });
      expect(accepted.status).toBe('ACCEPTED');
    } finally {
      vi.useRealTimers();
    }
    expect(sdk.tokens.requests).toBe(2);
    const refusals = await stack.owner.auditEvent.count({
      where: { action: 'graphql.authenticate', details: { path: ['reason'], equals: 'expired' } },
    });
    expect(refusals).toBeGreaterThanOrEqual(1);
  });
});

describe('query limits', () => {
  it('a page of each list operation at the default size stays within the cost limit, page size counted', async () => {
    const vendor = await stack.seed.vendor();
    const token = await stack.vendorToken(vendor);
    // The page size written into the document, so the limit counts every item it may return.
    for (const [document, size] of [
      [CasesDocument, DEFAULT_PAGE_SIZE],
      [WebhookDeliveriesDocument, DEFAULT_PAGE_SIZE],
      [CasesDocument, 2 * DEFAULT_PAGE_SIZE],
    ] as const) {
      const inline = document
        .toString()
        .replace('first: $first', `first: ${size}`)
        .replace(', $first: Int', '');
      const answer = await stack.graphql(inline, {}, token);
      expect(answer.errors, `${document.toString().slice(0, 40)} × ${size}`).toBeUndefined();
    }
  });
});

describe('working a case', () => {
  it('accept → respond → resolve with the version read (a stale one is a typed CONFLICT); our scorecard counts it', async () => {
    const { vendor, sdk } = await partnerWithSecret();
    const seeded = await stack.seed.case(vendor.id);
    // The offer as routing records it (what the scorecard counts).
    await stack.owner.assignment.create({
      data: {
        caseId: seeded.id,
        vendorId: vendor.id,
        attempt: 1,
        residencyCheck: {},
        explanation: {},
      },
    });
    const offered = await sdk.case(seeded.id);
    expect(offered.status).toBe('OFFERED');

    const accepted = await sdk.acceptCase({
      caseId: offered.id,
      version: offered.version,
      idempotencyKey: `accept-${offered.id}`,
    });
    // The same key and input again (a retry after a lost answer): the first result.
    const again = await sdk.acceptCase({
      caseId: offered.id,
      version: offered.version,
      idempotencyKey: `accept-${offered.id}`,
    });
    expect(again.version).toBe(accepted.version);

    const stale = await sdk
      .recordResponse({ caseId: offered.id, version: offered.version })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((await sdk.case(offered.id)).version).toBe(accepted.version); // nothing changed

    const responded = await sdk.recordResponse({ caseId: offered.id, version: accepted.version });
    expect(responded.firstResponseAt).not.toBeNull();
    const resolved = await sdk.resolveCase({
      caseId: offered.id,
      version: responded.version,
      resolutionCode: 'ACCOUNT_RECOVERED',
      firstContactResolution: true,
    });
    expect(resolved.status).toBe('RESOLVED');
    const history = (await sdk.case(offered.id)).events.map((e) => e.toStatus);
    expect(history).toEqual(expect.arrayContaining(['ACCEPTED', 'RESOLVED']));

    // Our own scorecard counts the case.
    const day = 24 * 3600_000;
    const card = await sdk.scorecard({
      period: {
        start: new Date(Date.now() - day).toISOString(),
        end: new Date(Date.now() + day).toISOString(),
      },
    });
    expect(card.vendorId).toBe(vendor.id);
    expect(card.totals.kpis.find((k) => k.kpi === 'volume')?.actual).toBe(1);
  });

  it('illegal moves, bad input and other partners’ cases are typed errors', async () => {
    const { vendor, sdk } = await partnerWithSecret();
    const c = await stack.seed.case(vendor.id);

    const resolveOffered = await sdk
      .resolveCase({
        caseId: c.id,
        version: c.version,
        resolutionCode: 'X',
        firstContactResolution: false,
      })
      .catch((e: unknown) => e);
    expect(resolveOffered).toBeInstanceOf(InvalidTransitionError);

    const invalid = await sdk
      .rejectCase({ caseId: c.id, version: 0, reason: ' ' })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).problems.map((p) => p.path).sort()).toEqual([
      'reason',
      'version',
    ]);

    const theirs = await stack.seed.case((await stack.seed.vendor()).id);
    await expect(sdk.case(theirs.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      sdk.acceptCase({ caseId: theirs.id, version: theirs.version }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('webhooks', () => {
  let worker: RunningWorker;
  let receiver: Server;
  const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
  /** What the partner's receiver accepted (verified by the SDK) or refused. */
  const events: WebhookEvent[] = [];
  const refused: string[] = [];
  let arrived: () => void = () => {};
  let secret = '';

  beforeAll(async () => {
    // The partner's webhook receiver: verifies with the SDK, answers 204 or 400.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          events.push(verifyWebhook(req.headers, Buffer.concat(chunks), secret));
          res.writeHead(204).end();
        } catch (error) {
          refused.push((error as Error).message);
          res.writeHead(400).end();
        }
        arrived();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    worker = await startWorker(
      loadWorkerEnv({
        NODE_ENV: 'test',
        DATABASE_URL: stack.db.url,
        APP_DATABASE_URL: stack.db.appUrl,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'fatal',
        RELAY_POLL_MS: '20',
      }),
    );
  });
  afterAll(async () => {
    await worker?.close();
    await removeKeysUnder(prefix);
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  /** Resolves when the receiver has seen `count` requests in all. */
  const received = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (events.length + refused.length >= count) resolve();
      };
      arrived = check;
      check();
    });

  it('verifies a real delivery, reads the case it names, and finds it in the delivery log', async () => {
    const { vendor, sdk } = await partnerWithSecret();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bvg`;
    const created = await stack.graphql<{ createWebhookEndpoint: { secret: string } }>(
      'mutation($url: String!) { createWebhookEndpoint(url: $url) { secret } }',
      { url },
      await stack.vendorToken(vendor),
    );
    expect(created.errors).toBeUndefined();
    secret = created.data!.createWebhookEndpoint.secret;

    // Work a case to resolution; then the user writes back and the platform reopens it.
    const seeded = await stack.seed.case(vendor.id);
    let c = await sdk.acceptCase({ caseId: seeded.id, version: seeded.version });
    c = await sdk.recordResponse({ caseId: c.id, version: c.version });
    c = await sdk.resolveCase({
      caseId: c.id,
      version: c.version,
      resolutionCode: 'ANSWERED',
      firstContactResolution: true,
    });
    const reopened = await stack.graphql(
      'mutation($s: String!, $r: String!) { reopenCase(source: $s, externalRef: $r, reason: "user wrote back") { status } }',
      { s: c.source, r: c.externalRef },
      await stack.internalToken(['intake'], 'platform'),
    );
    expect(reopened.errors).toBeUndefined();

    await received(1);
    expect(refused).toEqual([]);
    const event = events[0]!;
    expect(event.type).toBe('case.updated');
    if (event.type !== 'case.updated') return;
    expect(event.data).toMatchObject({ caseId: c.id, vendorId: vendor.id, status: 'REOPENED' });

    // Thin payload → read the details through the API.
    const current = await sdk.case(event.data.caseId);
    expect(current).toMatchObject({ status: 'REOPENED', version: event.data.version });

    const log = await sdk.webhookDeliveries({ filter: { caseId: c.id } });
    const delivery = log.edges.map((e) => e.node).find((d) => d.webhookId === event.id);
    expect(delivery).toMatchObject({ eventType: 'case.updated', endpointUrl: url });

    // A redelivery carries the same webhook-id, and verifies again.
    await sdk.redeliverWebhook(delivery!.id);
    await received(2);
    expect(events[1]).toMatchObject({ id: event.id, type: 'case.updated' });

    // The same delivery with the body altered on the way is refused.
    expect(() =>
      verifyWebhook(
        { 'webhook-id': event.id, 'webhook-timestamp': '0', 'webhook-signature': 'v1,AAAA' },
        JSON.stringify(event),
        secret,
      ),
    ).toThrow(WebhookVerificationError);
  });
});
