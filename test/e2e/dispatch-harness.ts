// Shared arrangement of the dispatch specs: a cloned database, the worker's dispatch (relay +
// handler) in process on its own BullMQ prefix, and real HTTP receivers that verify signatures
// with the `standardwebhooks` reference library.
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrismaClient, type PrismaClient } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { createWebhookEndpoint, OutboxTopic } from '@bvg/domain';
import { createDispatch, createWorkers, type Dispatch, loadWorkerEnv } from '@bvg/worker';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { removeKeysUnder } from '../support/redis-keys.ts';

export interface Received {
  webhookId: string;
  verified: boolean;
  body: string;
  payload: { type: string; data: Record<string, unknown> };
}

type Answer = { status: number; headers?: Record<string, string> };

export interface Receiver {
  url: string;
  received: Received[];
  /** Set per test: the status (and headers) to answer with, given how many came before. */
  respond: (count: number, req: Received) => Answer | Promise<Answer>;
  secrets: string[];
  close(): Promise<void>;
}

export async function startVerifyingReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    respond: () => ({ status: 204 }),
    secrets: [],
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verified = receiver.secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const entry = {
        webhookId: headers['webhook-id'],
        verified,
        body,
        payload: JSON.parse(body) as Received['payload'],
      };
      const answer = receiver.respond(receiver.received.length, entry);
      receiver.received.push(entry);
      void Promise.resolve(answer).then((a) => res.writeHead(a.status, a.headers ?? {}).end());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return receiver;
}

/** The receivers a spec file starts, closed together at its end. */
export function receiverPool() {
  const started: Receiver[] = [];
  return {
    async start(): Promise<Receiver> {
      const receiver = await startVerifyingReceiver();
      started.push(receiver);
      return receiver;
    },
    async closeAll(): Promise<void> {
      await Promise.all(started.splice(0).map((r) => r.close()));
    },
  };
}

export const ops = { kind: 'INTERNAL', id: 'test.ops', roles: ['ops'] } as const;
export const DEV_POLICY = { requireHttps: false, allowlist: ['127.0.0.1'] };

export interface DispatchHarness {
  db: TestDatabase;
  owner: PrismaClient;
  app: PrismaClient;
  prefix: string;
  dispatch: Dispatch;
  /** Starts the worker consuming the dispatch queue (already so unless `running: false`). */
  consume(): void;
  /** Closes the worker the way the service does on SIGTERM (the relay keeps its state). */
  stopConsuming(): Promise<void>;
  vendor(): Promise<string>;
  endpoint(vendorId: string, receiver: Receiver, eventTypes?: string[]): Promise<string>;
  assign(vendorId: string, caseId?: string): Promise<bigint>;
  close(): Promise<void>;
}

export async function startDispatchHarness(
  env: Record<string, string> = {},
  /** A database someone else owns (e.g. a test stack's); dropped by its owner. */
  shared?: TestDatabase,
  /** false: neither the relay loop nor the worker runs until the test says (`consume`). */
  { running = true }: { running?: boolean } = {},
): Promise<DispatchHarness> {
  const db = shared ?? (await createTestDatabase('bvg_dispatch'));
  const owner = createPrismaClient({ url: db.url, max: 4 });
  const app = createPrismaClient({ url: db.appUrl, max: 4 });
  const prefix = `bvgtest-${randomBytes(4).toString('hex')}`;
  const config = loadWorkerEnv({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    APP_DATABASE_URL: db.appUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.DISPATCH_TEST_LOG ?? 'fatal',
    WEBHOOK_RETRY_SCALE: '0.001',
    WEBHOOK_TIMEOUT_MS: '2000',
    RELAY_POLL_MS: '20',
    ...env,
  });
  const workerDb = createPrismaClient({ url: db.appUrl, max: config.DATABASE_POOL_SIZE });
  const dispatch = createDispatch(config, {
    prisma: workerDb,
    logger: pino({ level: config.LOG_LEVEL, name: 'worker' }),
  });
  let worker: ReturnType<typeof createWorkers> | undefined;
  const consume = () => {
    worker ??= createWorkers(config, dispatch.handlers);
  };
  /** As the worker service shuts down: batches hand over what they have not started. */
  const stopConsuming = async () => {
    dispatch.handOverBatches();
    await worker?.close();
    worker = undefined;
  };
  if (running) {
    consume();
    dispatch.relay.start();
  }
  return {
    db,
    owner,
    app,
    prefix: config.QUEUE_PREFIX,
    dispatch,
    consume,
    stopConsuming,
    async vendor() {
      const slug = `vendor-${randomBytes(4).toString('hex')}`;
      const v = await owner.vendor.create({ data: { slug, name: slug, kind: 'BPO' } });
      return v.id;
    },
    async endpoint(vendorId, receiver, eventTypes = []) {
      const { endpoint, secret } = await createWebhookEndpoint(
        app,
        ops,
        { vendorId, url: receiver.url, eventTypes },
        DEV_POLICY,
      );
      receiver.secrets.push(secret);
      return endpoint.id;
    },
    async assign(vendorId, caseId = randomUUID()) {
      const row = await owner.outboxMessage.create({
        data: {
          topic: OutboxTopic.CaseAssigned,
          vendorId,
          caseId,
          payload: { type: 'case.assigned', data: { caseId, vendorId, version: 1 } },
        },
      });
      return row.id;
    },
    async close() {
      await dispatch.relay.stop();
      await worker?.close();
      await dispatch.close();
      await removeKeysUnder(config.QUEUE_PREFIX);
      await workerDb.$disconnect();
      await app.$disconnect();
      await owner.$disconnect();
      if (!shared) await db.drop();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails at the deadline. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
