// Nothing lost between Postgres and Redis (the outbox; see ARCHITECTURE.md): 2,000 cases come in through intake while
// the worker process is SIGKILLed at random moments and restarted, and Redis is killed and
// started again empty. Afterwards every committed case's case.assigned has reached its vendor
// (signature verified by the standardwebhooks library), a repeat carries the same webhook-id,
// nothing went out for intakes that rolled back, and the outbox is empty.
import { randomBytes, randomInt } from 'node:crypto';
import { createPrismaClient, type PrismaClient, seedDemoData } from '@bvg/db';
import { createTestDatabase, type TestDatabase } from '@bvg/db/testing';
import { type Actor, type SubmitCaseInput, submitCase } from '@bvg/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { installRollbackAtCommit, submitCaseRolledBack } from '../support/rolled-back-intake.ts';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.ts';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';
import { eventually } from './dispatch-harness.ts';

const CASES = 2_000;
const ROLLED_BACK = 8;
const INTAKE_CONCURRENCY = 8;

let db: TestDatabase;
let owner: PrismaClient;
let app: PrismaClient;
let redis: RedisServer;
let sink: WebhookSink;
let worker: WorkerProcess | undefined;
const endpointVendor = new Map<string, string>();

beforeAll(async () => {
  db = await createTestDatabase('bvg_crash');
  owner = createPrismaClient({ url: db.url, max: 4 });
  app = createPrismaClient({ url: db.appUrl, max: INTAKE_CONCURRENCY + 2 });
  await seedDemoData(owner, { casesPerDay: 1 });
  await installRollbackAtCommit(owner);
  sink = await startWebhookSink();
  // Every demo vendor's endpoint now points at the sink, which knows its signing secrets.
  for (const endpoint of await owner.webhookEndpoint.findMany({ include: { secrets: true } })) {
    await owner.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `${sink.base}/${endpoint.id}` },
    });
    sink.secrets.set(
      endpoint.id,
      endpoint.secrets.map((s) => s.secret),
    );
    endpointVendor.set(endpoint.id, endpoint.vendorId);
  }
  // 2,000 cases in a minute is more than the demo contracts' capacity; lift it so every case
  // is offered (an unrouted case has nothing to deliver).
  await owner.vendorCapacity.updateMany({
    data: { openCaseCeiling: 1_000_000, dailyIntakeCap: 1_000_000 },
  });
  redis = await startRedisServer();
}, 60_000);

afterAll(async () => {
  await worker?.kill();
  await redis?.stop();
  await sink?.close();
  await app?.$disconnect();
  await owner?.$disconnect();
  await db?.drop();
});

const prefix = `bvgcrash-${randomBytes(4).toString('hex')}`;
const startWorker = async () => {
  worker = spawnWorkerProcess({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    APP_DATABASE_URL: db.appUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    EGRESS_ALLOWLIST: '127.0.0.1',
    WEBHOOK_RETRY_SCALE: '0.001',
    RELAY_POLL_MS: '20',
    // Compressed recovery: a dead leader's lock, a dead worker's job locks and a lost job
    // (Redis restarted) are noticed within seconds rather than the production half-minute.
    RELAY_LOCK_TTL_MS: '2000',
    RELAY_SWEEP_MS: '1000',
    RELAY_STALL_MS: '3000',
    WORKER_LOCK_DURATION_MS: '4000',
    WORKER_STALLED_INTERVAL_MS: '2000',
  });
  await worker.started;
};

const actor: Actor = { kind: 'INTAKE', id: 'crash-test' };
const PLACES = [
  ['IN', 'GENERAL'],
  ['MY', 'GENERAL'],
  ['SG', 'GENERAL'],
  ['US', 'ACCOUNT_ACCESS'],
  ['IN', 'ACCOUNT_ACCESS'],
  ['PH', 'GENERAL'],
] as const;
const submission = (i: number): SubmitCaseInput => {
  const [region, scope] = PLACES[i % PLACES.length]!;
  return {
    source: 'crash-test',
    externalRef: `crash-${i}`,
    region,
    scope,
    channel: 'IN_APP',
    language: 'en',
    priority: 'P3',
    subjectRef: `user-${i}`,
  };
};

describe('crash safety of intake → outbox → relay → dispatch', () => {
  it('delivers every committed case at least once through worker kills and a Redis restart', {
    timeout: 180_000,
  }, async () => {
    await startWorker();
    // Chaos at random points of the intake: three worker kills and one Redis restart.
    const kills = new Set(Array.from({ length: 3 }, () => randomInt(100, CASES - 100)));
    const redisRestartAt = randomInt(300, CASES - 300);
    const rollbackAt = new Set(Array.from({ length: ROLLED_BACK }, (_, k) => (k + 1) * 211));
    // One disruption at a time, so no worker is started twice or left running.
    let chaos = Promise.resolve();
    const disrupt = (step: () => Promise<void>) => {
      chaos = chaos.then(step);
    };
    const rolledBack: { caseId: string; status: string }[] = [];

    let next = 0;
    const intakeLoop = async () => {
      while (next < CASES) {
        const i = next++;
        if (kills.has(i)) {
          disrupt(async () => {
            await worker?.kill('SIGKILL');
            await startWorker();
          });
        }
        if (i === redisRestartAt) disrupt(() => redis.restart());
        if (rollbackAt.has(i)) {
          rolledBack.push(await submitCaseRolledBack(app, actor, submission(CASES + i)));
        }
        await submitCase(app, actor, submission(i));
      }
    };
    await Promise.all(Array.from({ length: INTAKE_CONCURRENCY }, intakeLoop));
    await chaos;

    // The rolled-back intakes had offered their cases (outbox rows written) before undoing.
    expect(rolledBack).toHaveLength(ROLLED_BACK);
    expect(rolledBack.filter((r) => r.status === 'OFFERED').length).toBeGreaterThan(
      ROLLED_BACK / 2,
    );

    const announced = await owner.outboxMessage.findMany({
      where: { topic: 'webhook.case.assigned' },
      select: { caseId: true, vendorId: true },
    });
    const committed = await owner.case.count({ where: { source: 'crash-test' } });
    expect(committed).toBe(CASES);
    // Nearly every case is offered to a vendor; an unrouted one has nothing to deliver.
    expect(announced.length).toBeGreaterThan(CASES * 0.95);

    const key = (vendorId: string | null | undefined, caseId: string | null | undefined) =>
      `${vendorId}/${caseId}`;
    const missing = () => {
      const received = new Set(
        sink.records
          .filter((r) => r.verified && r.type === 'case.assigned')
          .map((r) => key(endpointVendor.get(r.endpointId), r.caseId)),
      );
      return announced.filter((m) => !received.has(key(m.vendorId, m.caseId)));
    };
    await eventually(
      async () =>
        missing().length === 0 &&
        (await owner.outboxMessage.count({ where: { status: 'PENDING' } })) === 0 &&
        (await owner.webhookDelivery.count({
          where: { status: { in: ['PENDING', 'RETRYING'] } },
        })) === 0,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        what: 'every case.assigned to arrive and the outbox and deliveries to drain',
      },
    );

    // Every request was signed with the endpoint's secret.
    expect(sink.records.filter((r) => !r.verified)).toEqual([]);
    // A message delivered more than once (a kill between sending and recording) kept its id.
    const idsPerMessage = new Map<string, Set<string>>();
    for (const r of sink.records) {
      if (r.type !== 'case.assigned') continue;
      const k = `${r.endpointId}/${r.type}/${r.caseId}`;
      idsPerMessage.set(k, (idsPerMessage.get(k) ?? new Set()).add(r.webhookId));
    }
    expect([...idsPerMessage.values()].filter((ids) => ids.size > 1)).toEqual([]);
    // Nothing exists, and nothing was sent, for the intakes that rolled back.
    const ghost = new Set(rolledBack.map((r) => r.caseId));
    expect(sink.records.filter((r) => r.caseId && ghost.has(r.caseId))).toEqual([]);
    expect(await owner.case.count({ where: { id: { in: [...ghost] } } })).toBe(0);
    console.info(
      `rolled back: ${rolledBack.map((r) => r.status).join(',')}; ` +
        `crash test: ${announced.length} announced, ${sink.records.length} requests received ` +
        `(${sink.records.length - new Set(sink.records.map((r) => r.webhookId)).size} repeats), ` +
        `kills at ${[...kills].join(', ')}, Redis restarted at ${redisRestartAt}`,
    );
  });
});
