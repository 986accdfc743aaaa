// `pnpm bench dispatch [cases] [rate] [domain|graphql|graphql-batch]` (BENCH_WORKERS=n for n
// worker processes): intake → webhook received, end to end, on a dedicated database with the
// demo catalogue. Cases arrive at a steady rate (open loop: each at its scheduled time, whether
// or not earlier ones are done, and its latency counted from that time) and go in through an
// IntakeBatcher as the gateway's `submitCase` does (`domain`, the default), as `submitCase`
// mutations with an intake token through the gateway's Yoga app in this process (`graphql`:
// parsing, limits, authentication and the resolver included; no socket), or as `submitCases`
// mutations carrying what arrived within 10 ms (`graphql-batch`, as an intake service that
// buffers briefly would send them). The worker runs as its own process (as deployed); a local
// HTTP receiver verifies nothing (signature checks are the e2e specs' job) and timestamps
// arrivals. Printed next to baselines measured in the same run: a raw BullMQ ceiling (addBulk +
// Worker at concurrency 50, trivial jobs, same Redis), bare HTTP POSTs to the same kind of
// receiver (the HTTP share of a delivery, with nothing else), the drain's work done by a
// plainly written dispatcher (`plain-dispatcher.ts`, the floor under the gateway's relay and
// worker) and, through the gateway, a bare graphql-yoga server on the gateway's SDL (the
// framework's share).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createPrismaClient, type Prisma } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { seedDemoData } from '@bvg/demo-seed';
import { type Actor, IntakeBatcher, submitCase } from '@bvg/domain';
import { createRedis } from '@bvg/queue';
import { createTestStack, type TestStack } from '@bvg/testkit';
import { createSchema, createYoga } from 'graphql-yoga';
import { bareHttpPosts, bullmqCeiling } from '../support/bench-baselines.ts';
import { pidsNamed, startCpuReading, startProcessCpuReading } from '../support/machine-cpu.ts';
import { removeKeysUnder } from '../support/redis-keys.ts';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.ts';
import { spawnWorkerProcess } from '../support/worker-process.ts';

const CASES = Number(process.argv[2] ?? 5_000);
/** Cases per second offered during the steady run. */
const RATE = Number(process.argv[3] ?? 1_000);
/** Submitters at once for the full-speed intake figure. */
const CONCURRENCY = 128;
const FULL_SPEED_CASES = 3_000;
const VIA = (['graphql', 'graphql-batch'] as const).find((v) => v === process.argv[4]) ?? 'domain';
const THROUGH_GATEWAY = VIA !== 'domain';
const SUBMIT_MANY =
  'mutation($inputs: [SubmitCaseInput!]!) { submitCases(inputs: $inputs) { case { caseId created status vendorId } error { code message } } }';
/**
 * `graphql-batch`: the submissions that arrive within this window go as one `submitCases`
 * request, as a platform intake service that buffers briefly would send them.
 */
const BATCH_WINDOW_MS = 10;
const BATCH_MAX = 100;
/** Worker processes (as deployed, one per core at most); one unless BENCH_WORKERS says. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const SUBMIT =
  'mutation($input: SubmitCaseInput!) { submitCase(input: $input) { caseId created status vendorId } }';
const WARM_UP_CASES = 1_000;
const BASELINE_JOBS = 20_000;
const SERIAL_CASES = 200;
const DRAIN_MESSAGES = 5_000;
const REDIS_URL = process.env.REDIS_URL ?? LOCAL_REDIS_URL;

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (v: number) => v.toFixed(1);
const cpu = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(2));

const spawnWorkers = (env: Record<string, string>) =>
  Array.from({ length: WORKERS }, () => spawnWorkerProcess(env));

/** CPU of the workers, this process (intake and receiver), PostgreSQL and Redis from now on. */
const byProcess = (workers: readonly { child: ChildProcess }[], label = 'worker') =>
  startProcessCpuReading({
    [label]: () => workers.flatMap((w) => (w.child.pid === undefined ? [] : [w.child.pid])),
    'bench (intake, receiver)': () => [process.pid],
    PostgreSQL: () => pidsNamed('postgres'),
    Redis: () => pidsNamed('redis-server'),
  });

/**
 * The floor: the same backlog dispatched by `plain-dispatcher.ts` (raw SQL, BullMQ jobs of 50,
 * HMAC and node:http, none of the gateway's code) in its own process, to the same receiver.
 */
async function plainDispatch(
  owner: ReturnType<typeof createPrismaClient>,
  sink: WebhookSink,
  rows: Prisma.OutboxMessageCreateManyInput[],
  env: { DATABASE_URL: string; QUEUE_PREFIX: string },
) {
  await owner.outboxMessage.createMany({ data: rows });
  const count = await owner.outboxMessage.count({ where: { status: 'PENDING' } });
  const before = sink.records.length;
  const arrived = new Promise<void>((resolve) => {
    sink.onRecord = () => {
      if (sink.records.length - before >= count) resolve();
    };
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/plain-dispatcher.ts'], {
    cwd: new URL('..', import.meta.url),
    env: { PATH: process.env.PATH ?? '', REDIS_URL, COUNT: String(count), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then(() => reject(new Error('the plain dispatcher exited before it was ready')));
  });
  const started = performance.now();
  const total = startCpuReading();
  const split = byProcess([{ child }], 'plain dispatcher');
  await arrived;
  const perSec = (count / (performance.now() - started)) * 1000;
  const cpuMs = total.perItem(count);
  const cpuByProcess = split.perItem(count);
  await exited;
  await removeKeysUnder(env.QUEUE_PREFIX, REDIS_URL);
  return { perSec, count, cpuMs, cpuByProcess };
}

/**
 * A bare graphql-yoga server built from the gateway's own SDL whose `submitCase` answers at
 * once: the framework's share of a GraphQL intake (parse, validate, variables, execute,
 * serialise), without authentication, limits, metrics or the domain. Same document, same
 * variables, same number of submitters as the full-speed intake through the gateway.
 */
async function bareYoga(): Promise<{ perSec: number; cpuMs: number }> {
  const typeDefs = readFileSync(
    new URL('../../schema/graphql/schema.graphql', import.meta.url),
    'utf8',
  );
  const payload = { caseId: randomUUID(), created: true, status: 'OFFERED', vendorId: null };
  const yoga = createYoga({
    schema: createSchema({ typeDefs, resolvers: { Mutation: { submitCase: () => payload } } }),
    logging: false,
  });
  const variables = {
    input: {
      source: 'bench',
      externalRef: 'x',
      region: 'SG',
      scope: 'GENERAL',
      channel: 'IN_APP',
      language: 'en',
      priority: 'P3',
      subjectRef: 'user-1',
    },
  };
  const body = JSON.stringify({ query: SUBMIT, variables });
  let sent = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < FULL_SPEED_CASES) {
        sent += 1;
        const response = await yoga.fetch('http://bare.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const result = (await response.json()) as { data?: unknown };
        if (!result.data) throw new Error(`bare Yoga failed: ${JSON.stringify(result)}`);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  return {
    perSec: (FULL_SPEED_CASES / (performance.now() - started)) * 1000,
    cpuMs: (cpu.user + cpu.system) / 1000 / FULL_SPEED_CASES,
  };
}

async function endToEnd() {
  // The GraphQL path needs a gateway, which the test stack brings with its own database.
  const stack: TestStack | null = THROUGH_GATEWAY ? await createTestStack() : null;
  const db = stack?.db ?? (await createTestDatabase('bvg_bench'));
  const owner = stack?.owner ?? createPrismaClient({ url: db.url, max: 4 });
  const app = createPrismaClient({ url: db.appUrl, max: 8 });
  const intake = new IntakeBatcher(app);
  const token = stack ? await stack.internalToken(['intake'], 'bench') : '';
  type Submission = Parameters<typeof submitCase>[2];
  type Answer = { caseId: string; status: string };
  let pending: { input: Submission; resolve: (a: Answer) => void; reject: (e: Error) => void }[] =
    [];
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = async () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    const res = await stack!.graphql<{
      submitCases: { case: Answer | null; error: { code: string; message: string } | null }[];
    }>(SUBMIT_MANY, { inputs: batch.map((b) => b.input) }, token);
    batch.forEach((b, i) => {
      const answer = res.data?.submitCases[i];
      if (answer?.case) b.resolve(answer.case);
      else b.reject(new Error(`submitCases failed: ${JSON.stringify(answer ?? res.errors)}`));
    });
  };
  const submitBuffered = (input: Submission) =>
    new Promise<Answer>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (pending.length >= BATCH_MAX) void flush();
      else flushTimer ??= setTimeout(() => void flush(), BATCH_WINDOW_MS);
    });
  const submitVia = async (input: Submission) => {
    if (!stack) return intake.submit(actor, input);
    if (VIA === 'graphql-batch') return submitBuffered(input);
    const res = await stack.graphql<{ submitCase: { caseId: string; status: string } }>(
      SUBMIT,
      { input },
      token,
    );
    if (!res.data?.submitCase) throw new Error(`submitCase failed: ${JSON.stringify(res.errors)}`);
    return res.data.submitCase;
  };
  await seedDemoData(owner, { casesPerDay: 1 });
  // A steady load beyond the demo contracts' capacity: every case should be offered.
  await owner.vendorCapacity.updateMany({
    data: { openCaseCeiling: 1_000_000, dailyIntakeCap: 1_000_000 },
  });
  const sink = await startWebhookSink();
  for (const endpoint of await owner.webhookEndpoint.findMany()) {
    await owner.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `${sink.base}/${endpoint.id}`, eventTypes: ['case.assigned'] },
    });
  }
  const workerEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    APP_DATABASE_URL: db.appUrl,
    REDIS_URL,
    QUEUE_PREFIX: `bvgbench-${randomBytes(4).toString('hex')}`,
    EGRESS_ALLOWLIST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The worker's own poll interval (50 ms) unless asked otherwise: a shorter one makes more,
    // smaller relay passes and dispatch batches, and at 1,000/s costs more CPU than it saves wait.
    ...(process.env.RELAY_POLL_MS ? { RELAY_POLL_MS: process.env.RELAY_POLL_MS } : {}),
    WEBHOOK_VENDOR_CONCURRENCY: process.env.WEBHOOK_VENDOR_CONCURRENCY ?? '50',
    // 1 compares with one BullMQ job per delivery.
    ...(process.env.WEBHOOK_DELIVERIES_PER_JOB
      ? { WEBHOOK_DELIVERIES_PER_JOB: process.env.WEBHOOK_DELIVERIES_PER_JOB }
      : {}),
    // The whole load arrives within seconds: offers must not lapse mid-run.
    OFFER_EXPIRY_EVERY_MS: '3600000',
  };
  // Scorecard rollups brought up to date first (their cost is the scorecards bench's): a fresh
  // worker would otherwise fold every event of the seeded history, and then of the run, while
  // the dispatch figures are read.
  const rollupsUpToDate = async (queuePrefix: string) => {
    const [last] = await owner.$queryRaw<{ id: string }[]>`
      SELECT coalesce(max(id), 0)::text AS id FROM "CaseEvent"`;
    const redis = createRedis(REDIS_URL, 'worker');
    await redis.set(`${queuePrefix}:maintenance-lock:rollup-watermark`, last!.id);
    redis.disconnect();
  };
  await rollupsUpToDate(workerEnv.QUEUE_PREFIX);
  const workers = spawnWorkers(workerEnv);
  await Promise.all(workers.map((w) => w.started));

  const submittedAt = new Map<string, number>();
  // When submitCase returned (the commit): from there on the wait is the relay's and dispatch's.
  const committedAt = new Map<string, number>();
  const afterCommit: number[] = [];
  const intakeMs: number[] = [];
  const latencies: number[] = [];
  let lastArrival = 0;
  let firstSeen = 0;
  let resolveAll!: () => void;
  const allArrived = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  let expected = Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  const onRecord: typeof sink.onRecord = (r) => {
    if (r.type !== 'case.assigned' || !r.caseId || seen.has(r.caseId)) return;
    const start = submittedAt.get(r.caseId);
    if (start === undefined) return;
    seen.add(r.caseId);
    latencies.push(r.at - start);
    afterCommit.push(Math.max(0, r.at - (committedAt.get(r.caseId) ?? r.at)));
    lastArrival = r.at;
    firstSeen += 1;
    if (firstSeen >= expected) resolveAll();
  };

  const actor: Actor = { kind: 'INTAKE', id: 'bench' };
  const places = [
    ['IN', 'GENERAL'],
    ['MY', 'GENERAL'],
    ['SG', 'GENERAL'],
    ['US', 'ACCOUNT_ACCESS'],
    ['PH', 'GENERAL'],
  ] as const;
  const submission = (prefix: string, i: number) => {
    const [region, scope] = places[i % places.length]!;
    return {
      source: 'bench',
      externalRef: `${prefix}-${i}`,
      region,
      scope,
      channel: 'IN_APP' as const,
      language: 'en',
      priority: 'P3' as const,
      subjectRef: `user-${i}`,
    };
  };
  let offered = 0;
  const submitOne = async (i: number, scheduled: number) => {
    const result = await submitVia(submission('bench', i));
    intakeMs.push(performance.now() - scheduled);
    if (result.status === 'OFFERED') {
      offered += 1;
      // The case id is known only when submitCase returns; the clock starts at the schedule.
      submittedAt.set(result.caseId, scheduled);
      committedAt.set(result.caseId, performance.now());
    }
  };
  // Warm-up, not measured: the worker's first seconds (compiling, opening connections, the
  // receiver's keep-alive sockets) are not the steady state.
  const warmIds = new Set<string>();
  const warmed = new Promise<void>((resolve) => {
    sink.onRecord = (r) => {
      if (r.caseId && warmIds.has(r.caseId)) warmIds.delete(r.caseId);
      if (warmIds.size === 0 && warmDone) resolve();
    };
  });
  let warmDone = false;
  const warm = await Promise.all(
    Array.from({ length: WARM_UP_CASES }, (_, i) => submitVia(submission('warm', i))),
  );
  for (const r of warm) if (r.status === 'OFFERED') warmIds.add(r.caseId);
  for (const r of sink.records) if (r.caseId) warmIds.delete(r.caseId);
  warmDone = true;
  if (warmIds.size > 0) await warmed;
  sink.onRecord = onRecord;

  const started = performance.now();
  const steadyCpu = startCpuReading();
  const steadyByProcess = byProcess(workers);
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const due = Math.min(CASES, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
      for (; next < due; next++) inFlight.push(submitOne(next, started + (next * 1000) / RATE));
      if (next >= CASES) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(inFlight);
  const intakeDone = performance.now();
  // Deliveries that arrived before their submitCase returned are counted now.
  for (const r of sink.records) {
    if (r.type !== 'case.assigned' || !r.caseId || seen.has(r.caseId)) continue;
    const start = submittedAt.get(r.caseId);
    if (start === undefined) continue;
    seen.add(r.caseId);
    latencies.push(r.at - start);
    afterCommit.push(0);
    lastArrival = Math.max(lastArrival, r.at);
    firstSeen += 1;
  }
  expected = offered;
  if (firstSeen >= expected) resolveAll();
  const timeout = setTimeout(() => resolveAll(), 120_000);
  await allArrived;
  clearTimeout(timeout);
  const steadyCpuMs = steadyCpu.perItem(seen.size);
  const steadyCpuByProcess = steadyByProcess.perItem(seen.size);

  // One intake at a time: the latency of a single submitCase with nothing waiting on locks.
  const serialMs: number[] = [];
  const serialStart = performance.now();
  for (let i = 0; i < SERIAL_CASES; i++) {
    const t0 = performance.now();
    await submitCase(app, actor, submission('serial', i));
    serialMs.push(performance.now() - t0);
  }
  const serialPerSec = (SERIAL_CASES / (performance.now() - serialStart)) * 1000;

  await Promise.all(workers.map((w) => w.kill('SIGTERM')));

  // Intake as fast as it goes (no worker running): CONCURRENCY submitters, closed loop.
  const fullStart = performance.now();
  const fullCpu = startCpuReading();
  const fullByProcess = byProcess(workers);
  let fullNext = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (fullNext < FULL_SPEED_CASES) {
        await submitVia(submission('full', fullNext++));
      }
    }),
  );
  const fullSpeedPerSec = (FULL_SPEED_CASES / (performance.now() - fullStart)) * 1000;
  const fullCpuMs = fullCpu.perItem(FULL_SPEED_CASES);
  const { worker: _none, ...fullCpuByProcess } = fullByProcess.perItem(FULL_SPEED_CASES);

  // Dispatch alone: a backlog of DRAIN_MESSAGES case.assigned rows already in the outbox (to
  // the vendors the cases were offered to), drained by a fresh worker; isolates relay + dispatch
  // + HTTP from intake.
  const offers = await owner.outboxMessage.findMany({
    where: { topic: 'webhook.case.assigned' },
    select: { caseId: true, vendorId: true },
  });
  const rows = Array.from({ length: DRAIN_MESSAGES }, (_, i) => {
    const o = offers[i % offers.length]!;
    return {
      topic: 'webhook.case.assigned',
      caseId: o.caseId,
      vendorId: o.vendorId,
      payload: {
        type: 'case.assigned',
        data: { caseId: o.caseId, vendorId: o.vendorId, version: 1 },
      },
    };
  });
  await owner.outboxMessage.createMany({ data: rows });
  // Everything pending: these rows and the full-speed intake's offers.
  const backlog = await owner.outboxMessage.count({ where: { status: 'PENDING' } });
  const before = sink.records.length;
  let drained!: () => void;
  const allDrained = new Promise<void>((resolve) => {
    drained = resolve;
  });
  sink.onRecord = () => {
    if (sink.records.length - before >= backlog) drained();
  };
  const drainPrefix = `${workerEnv.QUEUE_PREFIX}-drain`;
  await rollupsUpToDate(drainPrefix);
  const drainWorkers = spawnWorkers({ ...workerEnv, QUEUE_PREFIX: drainPrefix });
  await Promise.all(drainWorkers.map((w) => w.started));
  const drainStart = performance.now();
  const drainCpu = startCpuReading();
  const drainByProcess = byProcess(drainWorkers);
  await allDrained;
  const drainPerSec = (backlog / (performance.now() - drainStart)) * 1000;
  const drainCpuMs = drainCpu.perItem(backlog);
  const drainCpuByProcess = drainByProcess.perItem(backlog);
  await Promise.all(drainWorkers.map((w) => w.kill('SIGTERM')));
  const plain = await plainDispatch(owner, sink, rows, {
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `${workerEnv.QUEUE_PREFIX}-plain`,
  });
  await sink.close();
  // The workers' queues and keys under this run's prefixes.
  await removeKeysUnder(workerEnv.QUEUE_PREFIX, REDIS_URL);
  await removeKeysUnder(drainPrefix, REDIS_URL);
  await app.$disconnect();
  if (stack) await stack.close();
  else {
    await owner.$disconnect();
    await db.drop();
  }
  latencies.sort((a, b) => a - b);
  afterCommit.sort((a, b) => a - b);
  intakeMs.sort((a, b) => a - b);
  serialMs.sort((a, b) => a - b);
  return {
    serial: { perSec: serialPerSec, p50: quantile(serialMs, 0.5), p99: quantile(serialMs, 0.99) },
    drainPerSec,
    backlog,
    plain,
    cpuMs: { steady: steadyCpuMs, fullSpeed: fullCpuMs, drain: drainCpuMs },
    steadyCpuByProcess,
    fullCpuByProcess,
    drainCpuByProcess,
    fullSpeedPerSec,
    offered,
    received: seen.size,
    intakePerSec: (CASES / (intakeDone - started)) * 1000,
    endToEndPerSec: (seen.size / (lastArrival - started)) * 1000,
    intake: { p50: quantile(intakeMs, 0.5), p99: quantile(intakeMs, 0.99) },
    latency: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    afterCommit: { p50: quantile(afterCommit, 0.5), p99: quantile(afterCommit, 0.99) },
  };
}

const e2e = await endToEnd();
const raw = await bullmqCeiling(BASELINE_JOBS, REDIS_URL);
const bareHttp = await bareHttpPosts(BASELINE_JOBS);
const bareGraphql = THROUGH_GATEWAY ? await bareYoga() : null;
console.log(
  `\ndispatch bench: ${CASES} cases offered at ${RATE}/s (open loop) through ${{ domain: 'the IntakeBatcher', graphql: 'GraphQL submitCase (in-process Yoga)', 'graphql-batch': `GraphQL submitCases, what arrives within ${BATCH_WINDOW_MS} ms per request (in-process Yoga)` }[VIA]}, ${WORKERS === 1 ? 'worker in its own process' : `${WORKERS} worker processes`}\n`,
);
console.table({
  'intake → webhook received': {
    'per second': Math.round(e2e.endToEndPerSec),
    'p50 ms': ms(e2e.latency.p50),
    'p99 ms': ms(e2e.latency.p99),
    'CPU ms each': cpu(e2e.cpuMs.steady),
    note: `${e2e.received}/${e2e.offered} offers received; ${RATE}/s offered`,
  },
  'submitCase returned → received': {
    'per second': '-',
    'p50 ms': ms(e2e.afterCommit.p50),
    'p99 ms': ms(e2e.afterCommit.p99),
    'CPU ms each': '-',
    note: 'same run: relay + dispatch + HTTP',
  },
  'scheduled → submitCase returned': {
    'per second': Math.round(e2e.intakePerSec),
    'p50 ms': ms(e2e.intake.p50),
    'p99 ms': ms(e2e.intake.p99),
    'CPU ms each': '-',
    note: `same run: intake through ${THROUGH_GATEWAY ? 'GraphQL' : 'the IntakeBatcher'}`,
  },
  'intake at full speed': {
    'per second': Math.round(e2e.fullSpeedPerSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'CPU ms each': cpu(e2e.cpuMs.fullSpeed),
    note: `${FULL_SPEED_CASES} cases, ${CONCURRENCY} submitters, no worker running`,
  },
  'one intake at a time': {
    'per second': Math.round(e2e.serial.perSec),
    'p50 ms': ms(e2e.serial.p50),
    'p99 ms': ms(e2e.serial.p99),
    'CPU ms each': '-',
    note: `${SERIAL_CASES} submitCase calls in sequence`,
  },
  'outbox backlog → webhook received': {
    'per second': Math.round(e2e.drainPerSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'CPU ms each': cpu(e2e.cpuMs.drain),
    note: `${e2e.backlog} rows, relay + dispatch + HTTP only`,
  },
  'same backlog, written plainly': {
    'per second': Math.round(e2e.plain.perSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'CPU ms each': cpu(e2e.plain.cpuMs),
    note: `${e2e.plain.count} rows; raw SQL, BullMQ (50 a job), HMAC, node:http; no gateway code`,
  },
  'raw BullMQ add + process': {
    'per second': Math.round(raw.perSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'CPU ms each': cpu(raw.cpuMs),
    note: `${BASELINE_JOBS} trivial jobs, concurrency 50`,
  },
  'bare HTTP POST → receiver': {
    'per second': Math.round(bareHttp.perSec),
    'p50 ms': '-',
    'p99 ms': '-',
    'CPU ms each': cpu(bareHttp.cpuMs),
    note: `${BASELINE_JOBS} webhook-sized POSTs, node:http keep-alive, concurrency 50`,
  },
  ...(bareGraphql
    ? {
        'bare graphql-yoga submitCase': {
          'per second': Math.round(bareGraphql.perSec),
          'p50 ms': '-',
          'p99 ms': '-',
          'CPU ms each': cpu(bareGraphql.cpuMs),
          note: `same SDL, resolver answers at once; ${CONCURRENCY} submitters; this process's CPU`,
        },
      }
    : {}),
});
const split = (perProcess: Record<string, number>) =>
  Object.entries(perProcess)
    .map(([name, v]) => `${name} ${v.toFixed(2)}`)
    .join(', ');
console.log(`steady run, CPU ms per case by process: ${split(e2e.steadyCpuByProcess)}`);
console.log(`intake at full speed, CPU ms per case by process: ${split(e2e.fullCpuByProcess)}`);
console.log(`backlog drain, CPU ms per case by process: ${split(e2e.drainCpuByProcess)}`);
console.log(`written plainly, CPU ms per case by process: ${split(e2e.plain.cpuByProcess)}`);
console.log(
  `at ${RATE}/s offered, end to end delivered ${Math.round(e2e.endToEndPerSec)}/s with p99 ` +
    `${ms(e2e.latency.p99)} ms: ${((e2e.endToEndPerSec / raw.perSec) * 100).toFixed(1)}% of the raw ` +
    'BullMQ ceiling (aim: ≥ 1,000/s with p99 < 250 ms, ≥ 50% of the ceiling)',
);
// The steady run cannot deliver more than it is offered; the backlog drain shows how fast
// relay + dispatch + HTTP go when they are the limit.
console.log(
  `dispatch capacity (outbox backlog drain) ${Math.round(e2e.drainPerSec)}/s: ` +
    `${((e2e.drainPerSec / raw.perSec) * 100).toFixed(1)}% of the raw BullMQ ceiling; ` +
    `the same work written plainly ${Math.round(e2e.plain.perSec)}/s, ` +
    `${((e2e.plain.perSec / raw.perSec) * 100).toFixed(1)}% of the ceiling`,
);
process.exit(0);
