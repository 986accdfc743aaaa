// Ops moving work at volume: N cases (default 10,000) offered to vendor A are re-routed in
// bulk — `startBulkCaseOperation` freezes them, and a BullMQ job run by the worker's own
// handler (`createBulkCaseOperationHandler` → `runBulkCaseOperation`) moves them a chunk per
// transaction through the router, with the recall, the new offer, events, outbox rows and
// audit records of each case. Next to it, in the same run, the floor: the same writes for
// another N cases as one hand-written SQL statement (no routing decisions, no checks).
//   pnpm bench ops [--cases 10000] [--chunk 250]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { LOCAL_REDIS_URL } from '@bvg/config';
import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import { createRoutingRuleset, publishRoutingRuleset, startBulkCaseOperation } from '@bvg/domain';
import { bulkCaseOperationJob, createRedis, QueueName } from '@bvg/queue';
import { createBulkCaseOperationHandler } from '@bvg/worker';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { pino } from 'pino';
import { removeKeysUnder } from '../support/redis-keys.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    chunk: { type: 'string', default: '250' },
  },
});
const N = Number(values.cases);
const CHUNK = Number(values.chunk);
const OPS = { kind: 'INTERNAL', id: 'bench.ops', roles: ['ops'] } as const;
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const db = await createTestDatabase('bvg_bench_ops');
const owner = createPrismaClient({ url: db.url, max: 2 });
const app = createPrismaClient({ url: db.appUrl, max: 4 });
const redisUrl = process.env.REDIS_URL ?? LOCAL_REDIS_URL;
const prefix = `bvgbench-${randomBytes(4).toString('hex')}`;

async function world() {
  await owner.$executeRawUnsafe(`INSERT INTO "Region" (code, name) VALUES ('IN', 'India')`);
  await owner.$executeRawUnsafe(`INSERT INTO "Scope" (code, name) VALUES ('GENERAL', 'General')`);
  for (const [id, slug] of [
    [A, 'bench-a'],
    [B, 'bench-b'],
  ]) {
    await owner.$executeRawUnsafe(
      `INSERT INTO "Vendor" (id, slug, name, kind, "updatedAt") VALUES ($1::uuid, $2, $2, 'BPO', now())`,
      id,
      slug,
    );
    await owner.$executeRawUnsafe(
      `INSERT INTO "VendorCertification" ("vendorId", "regionCode", "scopeCode", language) VALUES ($1::uuid, 'IN', 'GENERAL', 'en')`,
      id,
    );
    await owner.$executeRawUnsafe(
      `INSERT INTO "VendorCapacity" ("vendorId", "scopeCode", "openCaseCeiling", "dailyIntakeCap", "updatedAt")
       VALUES ($1::uuid, 'GENERAL', 10000000, 10000000, now())`,
      id,
    );
  }
  await withScope(app, systemScope('bench: rules'), async (tx) => {
    const change = { actor: OPS, reason: 'bench' };
    const draft = await createRoutingRuleset(tx, {
      ...change,
      name: 'bench',
      rules: [
        {
          name: 'split',
          match: {},
          targets: [
            { vendorId: A, weight: 1 },
            { vendorId: B, weight: 1 },
          ],
          fallbacks: [],
        },
      ],
    });
    await publishRoutingRuleset(tx, { ...change, version: draft.version, now: new Date() });
  });
}

/** N cases offered to A, each with its subject and OFFERED assignment, tagged by `source`. */
async function load(source: string) {
  await owner.$executeRawUnsafe(`
    INSERT INTO "Case" (id, source, "externalRef", "regionCode", "scopeCode", channel, language,
                        priority, status, "subjectRef", "vendorId", version, "routingAttempts",
                        "createdAt", "updatedAt")
    SELECT md5('${source}' || i)::uuid, '${source}', 'E-' || i, 'IN', 'GENERAL', 'IN_APP', 'en',
           (ARRAY['P1','P2','P3','P4'])[1 + i % 4]::"Priority", 'OFFERED', 'user-' || i,
           '${A}'::uuid, 3, 1, now() - interval '1 hour', now()
      FROM generate_series(1, ${N}) i`);
  await owner.$executeRawUnsafe(`
    INSERT INTO "CaseSubject" ("caseId", "vendorId", email)
    SELECT md5('${source}' || i)::uuid, '${A}'::uuid, 'u' || i || '@example.test'
      FROM generate_series(1, ${N}) i`);
  await owner.$executeRawUnsafe(`
    INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "residencyCheck", explanation,
                              status, "offeredAt", "leaseExpiresAt")
    SELECT gen_random_uuid(), md5('${source}' || i)::uuid, '${A}'::uuid, 1, '{}', '{}', 'OFFERED',
           now(), now() + interval '1 hour'
      FROM generate_series(1, ${N}) i`);
  await owner.$executeRawUnsafe('ANALYZE');
}

/** The product: a bulk operation run by the worker's handler as a BullMQ job. */
async function product(): Promise<number> {
  const connection = createRedis(redisUrl, 'worker');
  const queue = new Queue(QueueName.CaseOperations, { connection, prefix });
  const events = new QueueEvents(QueueName.CaseOperations, {
    connection: createRedis(redisUrl, 'worker'),
    prefix,
  });
  await events.waitUntilReady();
  const worker = new Worker(
    QueueName.CaseOperations,
    createBulkCaseOperationHandler({
      prisma: app,
      redis: connection,
      logger: pino({ level: 'error' }),
      chunkSize: CHUNK,
    }),
    { connection, prefix, concurrency: 1 },
  );
  try {
    const t0 = performance.now();
    let jobId = '';
    const op = await startBulkCaseOperation(
      app,
      OPS,
      { kind: 'REROUTE', filter: { vendorId: A, status: ['OFFERED'] }, reason: 'bench: A is down' },
      {
        enqueue: async (operationId) => {
          jobId = operationId;
          await queue.add(
            bulkCaseOperationJob.name,
            { operationId },
            { ...bulkCaseOperationJob.defaultOptions, jobId: operationId },
          );
        },
      },
    );
    const job = await queue.getJob(jobId);
    const result = (await job!.waitUntilFinished(events, 600_000)) as { succeeded: number };
    const ms = performance.now() - t0;
    if (op.total !== N || result.succeeded !== N) {
      throw new Error(`expected ${N} cases moved, got ${result.succeeded} of ${op.total}`);
    }
    return ms;
  } finally {
    await worker.close();
    await events.close();
    await queue.close();
    connection.disconnect();
  }
}

/** The floor: the same rows written by one hand-written statement, no decisions, no checks. */
async function floor(source: string): Promise<number> {
  const t0 = performance.now();
  const [row] = await owner.$queryRawUnsafe<{ n: number }[]>(`
    WITH x AS MATERIALIZED (
      SELECT id, version FROM "Case" WHERE source = '${source}' AND "vendorId" = '${A}'::uuid
       ORDER BY id FOR UPDATE
    ), ended AS (
      UPDATE "Assignment" a SET status = 'RECALLED', "endedAt" = now(), "endReason" = 'floor'
        FROM x WHERE a."caseId" = x.id AND a.status IN ('OFFERED', 'ACCEPTED')
    ), offered AS (
      INSERT INTO "Assignment" (id, "caseId", "vendorId", attempt, "residencyCheck", explanation,
                                status, "offeredAt", "leaseExpiresAt")
      SELECT gen_random_uuid(), x.id, '${B}'::uuid, 2, '{}', '{}', 'OFFERED', now(),
             now() + interval '15 minutes' FROM x
    ), cases AS (
      UPDATE "Case" c SET "vendorId" = '${B}'::uuid, status = 'OFFERED', version = x.version + 2,
                          "routingAttempts" = 2, "updatedAt" = now()
        FROM x WHERE c.id = x.id
    ), subjects AS (
      UPDATE "CaseSubject" s SET "vendorId" = '${B}'::uuid FROM x WHERE s."caseId" = x.id
    ), events AS (
      INSERT INTO "CaseEvent" ("caseId", "vendorId", type, version, "actorKind", "actorId", data)
      SELECT x.id, '${B}'::uuid, t.type::"CaseEventType", x.version + t.d, 'INTERNAL', 'floor', '{}'
        FROM x, (VALUES ('RECALLED', 1), ('ROUTED', 2), ('OFFERED', 2)) t(type, d)
    ), outbox AS (
      INSERT INTO "OutboxMessage" (topic, "vendorId", "caseId", payload)
      SELECT t.topic, t.vendor, x.id, jsonb_build_object('caseId', x.id)
        FROM x, (VALUES ('webhook.case.recalled', '${A}'::uuid),
                        ('webhook.case.assigned', '${B}'::uuid)) t(topic, vendor)
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorKind", "actorId", action, "targetType", "targetId", details)
      SELECT 'INTERNAL', 'floor', 'case.reroute', 'Case', x.id::text, '{}' FROM x
    )
    SELECT count(*)::int AS n FROM x`);
  const ms = performance.now() - t0;
  if (row?.n !== N) throw new Error(`floor moved ${row?.n} of ${N}`);
  return ms;
}

try {
  await world();
  await load('bench-product');
  const productMs = await product();
  // Loaded after the product ran: its filter (every offer A holds) would have taken them too.
  await load('bench-floor');
  const floorMs = await floor('bench-floor');
  const rate = (ms: number) => Math.round(N / (ms / 1000)).toLocaleString('en-US');
  const check = await owner.$queryRawUnsafe<{ held: number; open: number }[]>(`
    SELECT count(*) FILTER (WHERE "vendorId" = '${B}'::uuid)::int AS held,
           (SELECT count(*)::int FROM "Assignment" a JOIN "Case" c ON c.id = a."caseId"
             WHERE c.source = 'bench-product' AND a.status = 'OFFERED') AS open
      FROM "Case" WHERE source = 'bench-product'`);
  console.log(`bulk re-route of ${N.toLocaleString('en-US')} cases (chunks of ${CHUNK})`);
  console.log(
    `  product (BullMQ job → runBulkCaseOperation → router): ${(productMs / 1000).toFixed(2)} s, ${rate(productMs)} cases/s`,
  );
  console.log(
    `  floor (one hand-written SQL statement, same rows):    ${(floorMs / 1000).toFixed(2)} s, ${rate(floorMs)} cases/s`,
  );
  console.log(
    `  product/floor time: ${(productMs / floorMs).toFixed(1)}×; product cases now with B: ${check[0]!.held}, open offers: ${check[0]!.open}`,
  );
} finally {
  await app.$disconnect();
  await owner.$disconnect();
  await db.drop();
  await removeKeysUnder(prefix, redisUrl);
}
