// Routing throughput: the pure engine (packages/routing's own bench, 200 rules × 20 vendors)
// and the full decision with allocation state in Postgres (routeCase in a system-scoped
// transaction), each next to baselines measured in the same run: an empty scoped
// transaction through the same Prisma client, and one Redis round trip.
//   pnpm bench routing            (or: pnpm --filter @bvg/e2e exec tsx bench/routing.ts)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';
import {
  createRoutingRuleset,
  loadRoutingState,
  publishRoutingRuleset,
  routeCase,
} from '@bvg/domain';
import { createRedis, waitForRedis } from '@bvg/queue';

const REDIS_URL = process.argv[2] ?? 'redis://127.0.0.1:6379';
const SEQUENTIAL = 600;
const TWO_PROCESS = 4000;
const TEST_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENGINE_BENCH = fileURLToPath(
  new URL('../../packages/routing/src/bench/routing.bench.ts', import.meta.url),
);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
function line(name: string, perSecond: number, extra = '') {
  console.log(`${name.padEnd(62)} ${fmt(perSecond)} /s ${extra}`);
}
async function timed(n: number, body: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, n); i++) await body(i); // warm up
  const start = performance.now();
  for (let i = 0; i < n; i++) await body(i);
  return (n / (performance.now() - start)) * 1000;
}

console.log('── pure engine (packages/routing bench) ──');
const engine = spawnSync(process.execPath, ['--import', 'tsx', ENGINE_BENCH], {
  cwd: TEST_DIR,
  stdio: 'inherit',
});
if (engine.status !== 0) process.exit(engine.status ?? 1);

console.log('\n── full decision with allocation state (Postgres) ──');
const db = await createTestDatabase('bvg_bench');
const owner = createPrismaClient({ url: db.url, max: 2 });
const app = createPrismaClient({ url: db.appUrl, max: 2 });
const redis = createRedis(REDIS_URL, 'cache');
try {
  await waitForRedis(redis);
  const regions = ['IN', 'MY', 'SG', 'US', 'EU'];
  const scopes = ['GENERAL', 'ACCOUNT_ACCESS', 'ACCOUNT_SECURITY'];
  await owner.region.createMany({
    data: regions.map((code) => ({
      code,
      name: code,
      requiresUsClearance: code === 'US',
      requiresGdprAgreement: code === 'EU',
    })),
  });
  await owner.scope.createMany({ data: scopes.map((code) => ({ code, name: code })) });
  const vendorIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const v = await owner.vendor.create({
      data: {
        slug: `v${i}`,
        name: `Vendor ${i}`,
        kind: 'BPO',
        usDataCleared: true,
        gdprAgreement: true,
      },
    });
    vendorIds.push(v.id);
    await owner.vendorCertification.createMany({
      data: regions.flatMap((regionCode) =>
        scopes.map((scopeCode) => ({ vendorId: v.id, regionCode, scopeCode, language: 'en' })),
      ),
    });
    await owner.vendorCapacity.createMany({
      data: scopes.map((scopeCode) => ({
        vendorId: v.id,
        scopeCode,
        openCaseCeiling: 10_000_000,
        dailyIntakeCap: 10_000_000,
      })),
    });
  }
  const actor = { kind: 'INTERNAL', id: 'bench', roles: ['ops'] } as const;
  const rules = regions.flatMap((region, r) =>
    scopes.map((scope, s) => ({
      name: `${region} ${scope}`,
      match: { region: [region], scope: [scope] },
      targets: [50, 30, 20].map((weight, k) => ({
        vendorId: vendorIds[(r * 3 + s + k * 7) % 20]!,
        weight,
      })),
      fallbacks: [vendorIds[(r + s) % 20]!],
    })),
  );
  await withScope(app, systemScope('bench: rules'), async (tx) => {
    const draft = await createRoutingRuleset(tx, { name: 'bench', rules, actor, reason: 'bench' });
    await publishRoutingRuleset(tx, {
      version: draft.version,
      now: new Date(),
      actor,
      reason: 'bench',
    });
  });
  const makeCases = (source: string, n: number) =>
    owner.case.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        source,
        externalRef: `${source}-${i}`,
        regionCode: regions[i % regions.length]!,
        scopeCode: scopes[Math.floor(i / regions.length) % scopes.length]!,
        channel: 'IN_APP' as const,
        language: 'en',
        priority: 'P3' as const,
        subjectRef: `u-${i}`,
      })),
    });
  await makeCases('bench-seq', SEQUENTIAL + 50);
  await makeCases('bench-mp', TWO_PROCESS);
  const sequential = await owner.case.findMany({
    where: { source: 'bench-seq' },
    select: { id: true },
    orderBy: { externalRef: 'asc' },
  });

  const redisRtt = await timed(2000, () => redis.ping());
  line('baseline: one Redis round trip (PING)', redisRtt);
  const emptyTx = await timed(1000, () =>
    withScope(app, systemScope('bench'), (tx) => tx.$queryRaw`SELECT 1`),
  );
  line('baseline: system-scoped transaction with SELECT 1', emptyTx);
  const load = await timed(1000, () =>
    withScope(app, systemScope('bench'), (tx) => loadRoutingState(tx, { now: new Date() })),
  );
  line('loadRoutingState in a transaction (warm cache)', load);
  const decide = await timed(SEQUENTIAL, (i) =>
    withScope(app, systemScope('bench'), (tx) =>
      routeCase(tx, {
        caseId: sequential[i]!.id,
        now: new Date(),
        actor: { kind: 'SYSTEM', id: 'bench' },
      }),
    ),
  );
  line(
    'routeCase: full decision + allocation + case writes, 1 client',
    decide,
    `(${(decide / emptyTx).toFixed(2)}× an empty transaction)`,
  );

  const worker = () =>
    new Promise<{ decisions: number; ms: number }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/routing-worker.ts', db.appUrl, 'bench-mp', '4'],
        { cwd: TEST_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').pop()!))
          : reject(new Error(`worker exited ${code}`)),
      );
    });
  const started = performance.now();
  const [a, b] = await Promise.all([worker(), worker()]);
  const wall = performance.now() - started;
  line(
    'routeCase: two processes × 4 connections (15 rules, 20 vendors)',
    ((a.decisions + b.decisions) / wall) * 1000,
    `(${a.decisions} + ${b.decisions} decisions, incl. process start)`,
  );
  console.log(
    `\nOne full decision costs about ${(redisRtt / decide).toFixed(1)} Redis round trips; the pure engine is not the bottleneck of intake.`,
  );
} finally {
  redis.disconnect();
  await app.$disconnect();
  await owner.$disconnect();
  await db.drop();
}
