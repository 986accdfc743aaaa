// `pnpm bench messages [messages] [rate]`: conversations end to end on a dedicated database
// with the demo catalogue. Inbound: intake's appendCaseMessages (the domain entry the GraphQL
// mutation calls) → the partner's HTTP receiver gets case.message_received. Outbound: the
// partner's replyToUser → the platform channel's receiver gets message.outbound. Each at a
// steady rate (open loop: every call at its scheduled time, its latency counted from then),
// after a warm-up; the worker runs as its own process, as deployed. "call" is the domain call
// alone (its transaction), without the delivery after it. Printed next to baselines
// measured in the same run: raw BullMQ add + process and bare HTTP POSTs to the same kind of
// receiver (the dispatch bench's floors).
import { randomBytes } from 'node:crypto';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createPrismaClient } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { seedDemoData } from '@bvg/demo-seed';
import {
  type Actor,
  appendCaseMessages,
  createPlatformChannelEndpoint,
  IntakeBatcher,
  replyToUser,
} from '@bvg/domain';
import { bareHttpPosts, bullmqCeiling } from '../support/bench-baselines.ts';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { startWebhookSink } from '../support/webhook-sink.ts';
import { spawnWorkerProcess } from '../support/worker-process.ts';

const MESSAGES = Number(process.argv[2] ?? 500);
/** Calls per second offered during each steady run. */
const RATE = Number(process.argv[3] ?? 50);
const WARM_UP = 50;
const BASELINE_JOBS = 10_000;
const REDIS_URL = process.env.REDIS_URL ?? LOCAL_REDIS_URL;

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (v: number) => v.toFixed(1);

const db = await createTestDatabase('bvg_bench');
const owner = createPrismaClient({ url: db.url, max: 4 });
const app = createPrismaClient({ url: db.appUrl, max: 16 });
await seedDemoData(owner, { casesPerDay: 1 });
await owner.vendorCapacity.updateMany({
  data: { openCaseCeiling: 1_000_000, dailyIntakeCap: 1_000_000 },
});

const sink = await startWebhookSink();
for (const endpoint of await owner.webhookEndpoint.findMany()) {
  await owner.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { url: `${sink.base}/${endpoint.id}`, eventTypes: ['case.message_received'] },
  });
}
const ops: Actor = { kind: 'INTERNAL', id: 'bench.ops', roles: ['ops'] };
const channel = await createPlatformChannelEndpoint(
  app,
  ops,
  { url: `${sink.base}/platform` },
  { requireHttps: false, allowlist: ['127.0.0.1'] },
);
await owner.webhookEndpoint.update({
  where: { id: channel.endpoint.id },
  data: { url: `${sink.base}/${channel.endpoint.id}` },
});

// One accepted case per message, so each arrival is matched by its case.
const intakeActor: Actor = { kind: 'INTAKE', id: 'bench-intake' };
const intake = new IntakeBatcher(app);
const total = WARM_UP + MESSAGES;
const cases = await Promise.all(
  Array.from({ length: total }, (_, i) =>
    intake.submit(intakeActor, {
      source: 'bench',
      externalRef: `conv-${i}`,
      region: 'IN',
      scope: 'GENERAL',
      channel: 'IN_APP',
      language: 'en',
      subjectRef: `user-${i}`,
      subject: { description: 'cannot log in' },
    }),
  ),
);
const offered = cases.filter((c) => c.vendorId);
await owner.case.updateMany({
  where: { id: { in: offered.map((c) => c.caseId) } },
  data: { status: 'ACCEPTED', version: { increment: 1 } },
});
const rows = await owner.case.findMany({
  where: { id: { in: offered.map((c) => c.caseId) } },
  select: { id: true, vendorId: true, version: true },
});
if (rows.length < total) throw new Error(`only ${rows.length} of ${total} cases were offered`);

const prefix = `bvgbench-${randomBytes(4).toString('hex')}`;
const worker = spawnWorkerProcess({
  NODE_ENV: 'test',
  DATABASE_URL: db.url,
  APP_DATABASE_URL: db.appUrl,
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  EGRESS_ALLOWLIST: '127.0.0.1',
  LOG_LEVEL: 'info',
  WEBHOOK_VENDOR_CONCURRENCY: '50',
});
await worker.started;

/** Runs `call` for each case at RATE per second and waits for its arrival of `type`. */
async function steady(
  list: typeof rows,
  type: string,
  call: (row: (typeof rows)[number], i: number) => Promise<unknown>,
) {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  sink.onRecord = (r) => {
    if (r.type !== type || !r.caseId) return;
    arrived.set(r.caseId, r.at);
    waiting.get(r.caseId)?.();
  };
  const started = performance.now();
  const latencies: number[] = [];
  /** The domain call alone (its transaction), apart from the delivery after it. */
  const calls: number[] = [];
  // Every call settles before the phase ends, failed or not: none runs on into the next phase.
  const settled = await Promise.allSettled(
    list.map(async (row, i) => {
      const at = started + (i * 1000) / RATE;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const seen = new Promise<void>((resolve) => {
        if (arrived.has(row.id)) resolve();
        else waiting.set(row.id, resolve);
      });
      const called = performance.now();
      await call(row, i);
      calls.push(performance.now() - called);
      await seen;
      latencies.push(arrived.get(row.id)! - at);
    }),
  );
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  calls.sort((a, b) => a - b);
  return {
    perSec: (list.length / elapsed) * 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    callP50: quantile(calls, 0.5),
    callP99: quantile(calls, 0.99),
  };
}

const inbound = (row: (typeof rows)[number], i: number) =>
  appendCaseMessages(app, intakeActor, {
    caseId: row.id,
    messages: [
      {
        source: 'bench',
        messageRef: `${row.id}-${i}`,
        channel: 'IN_APP',
        sentAt: new Date().toISOString(),
        body: 'I changed my phone and cannot log in',
      },
    ],
  });
const reply = (row: (typeof rows)[number]) =>
  replyToUser(
    app,
    { kind: 'VENDOR', id: 'bench-partner', vendorId: row.vendorId! },
    { caseId: row.id, version: row.version, body: 'Please confirm your e-mail address.' },
  );

const warm = rows.slice(0, WARM_UP);
const measured = rows.slice(WARM_UP);
type Stats = Awaited<ReturnType<typeof steady>>;
/** A phase that fails (e.g. no connection within the wait) is reported as such; the other runs. */
async function phase(type: string, call: Parameters<typeof steady>[2]): Promise<Stats | Error> {
  try {
    await steady(warm, type, call);
    return await steady(measured, type, call);
  } catch (error) {
    return error as Error;
  }
}
let inStats: Stats | Error;
let outStats: Stats | Error;
let failed = true;
try {
  inStats = await phase('case.message_received', inbound);
  outStats = await phase('message.outbound', reply);
  failed = false;
} finally {
  await worker.kill('SIGTERM');
  // A failed run leaves no database or queue keys behind.
  if (failed) {
    await removeKeysUnder(prefix);
    await app.$disconnect();
    await owner.$disconnect();
    await db.drop();
  }
}
const row = (stats: Stats | Error, note: string) =>
  stats instanceof Error
    ? {
        'per second': '-',
        'p50 ms': '-',
        'p99 ms': '-',
        'call p50 ms': '-',
        'call p99 ms': '-',
        note: `FAILED: ${stats.message.split('\n').at(-1)?.slice(0, 80)}`,
      }
    : {
        'per second': Math.round(stats.perSec),
        'p50 ms': ms(stats.p50),
        'p99 ms': ms(stats.p99),
        'call p50 ms': ms(stats.callP50),
        'call p99 ms': ms(stats.callP99),
        note,
      };
const raw = await bullmqCeiling(BASELINE_JOBS, REDIS_URL);
const bareHttp = await bareHttpPosts(BASELINE_JOBS);

console.table({
  'user message → partner webhook': row(
    inStats,
    `${MESSAGES} appendCaseMessages at ${RATE}/s offered, after ${WARM_UP} warm-up`,
  ),
  'reply → platform receiver': row(
    outStats,
    `${MESSAGES} replyToUser at ${RATE}/s offered, after ${WARM_UP} warm-up`,
  ),
  'raw BullMQ add + process': {
    'per second': Math.round(raw.perSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'call p50 ms': '-',
    'call p99 ms': '-',
    note: `${BASELINE_JOBS} trivial jobs, concurrency 50`,
  },
  'bare HTTP POST → receiver': {
    'per second': Math.round(bareHttp.perSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'call p50 ms': '-',
    'call p99 ms': '-',
    note: `${BASELINE_JOBS} webhook-sized POSTs, node:http keep-alive, concurrency 50`,
  },
});

await sink.close();
await removeKeysUnder(prefix);
await app.$disconnect();
await owner.$disconnect();
await db.drop();
process.exit(0);
