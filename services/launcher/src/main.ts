// `pnpm start`: the whole local stack in one command. Finds (or starts) PostgreSQL and Redis,
// migrates and seeds the demo data, then runs the gateway and the worker as child processes
// and prints where to go. Ctrl-C stops everything it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '@bvg/config';
import { appRoleUrl, createPrismaClient, runMigrations } from '@bvg/db';
import { ensureDemoTier2Work, seedDemoData } from '@bvg/demo-seed';
import { loadGatewayEnv, mintDevTokens } from '@bvg/gateway';
import { ensureConsoleBuilt } from './build-console.ts';
import { startDemoReceiver } from './demo-receiver.ts';
import { ensureDemoSandbox } from './demo-sandbox.ts';
import { findPostgres } from './find-postgres.ts';
import { findRedis, RedisNotFoundError } from './find-redis.ts';
import { printBanner } from './print-banner.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const STATE_DIR = `${REPO}.data`;
const log = (line: string) => console.log(`[start] ${line}`);
/** The seeded webhook endpoints point at this port on 127.0.0.1, where a stand-in receiver shows deliveries. */
const DEMO_RECEIVER_PORT = Number(process.env.DEMO_RECEIVER_PORT ?? 4100);

async function main() {
  mkdirSync(STATE_DIR, { recursive: true });
  ensureConsoleBuilt({
    consoleDir: `${REPO}services/console`,
    schemaFile: `${REPO}schema/graphql/schema.graphql`,
    log,
  });
  const postgres = await findPostgres({
    configuredUrl: process.env.DATABASE_URL,
    localUrl: LOCAL_DATABASE_URL,
    stateDir: STATE_DIR,
    log,
  });
  log(`PostgreSQL (${postgres.origin}): ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`);
  let redis: Awaited<ReturnType<typeof findRedis>>;
  try {
    redis = await findRedis({
      configuredUrl: process.env.REDIS_URL,
      localUrl: LOCAL_REDIS_URL,
      stateDir: STATE_DIR,
      log,
    });
  } catch (error) {
    if (error instanceof RedisNotFoundError) {
      console.error(error.message);
      await postgres.stop();
      process.exit(1);
    }
    throw error;
  }
  log(`Redis (${redis.origin}): ${redis.url}`);

  const migrations = await runMigrations(postgres.url, { log });
  log(
    `migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} already there`,
  );
  const prisma = createPrismaClient({ url: postgres.url });
  const seeded = await seedDemoData(prisma, { receiverPort: DEMO_RECEIVER_PORT });
  log(seeded.message);
  const sandboxClient = await ensureDemoSandbox(prisma, `http://127.0.0.1:${DEMO_RECEIVER_PORT}`);
  if (sandboxClient) log(`partner sandbox: client ${sandboxClient}`);
  const tier2 = await ensureDemoTier2Work(prisma, {
    receiverBase: `http://127.0.0.1:${DEMO_RECEIVER_PORT}`,
  });
  if (tier2.casesWritten > 0) {
    log(`Tier 2: ${tier2.casesWritten} live cases with conversations in the team queue`);
  }

  // The services connect as bvg_app, the row-level-security role the migrations created.
  let appUrl = process.env.APP_DATABASE_URL ?? appRoleUrl(postgres.url);
  if (postgres.origin === 'embedded') {
    // The embedded server authenticates by password over TCP; give the role a local one.
    await prisma.$executeRawUnsafe(`ALTER ROLE bvg_app PASSWORD 'bvg_app'`);
    const url = new URL(appUrl);
    url.password = 'bvg_app';
    appUrl = url.toString();
  }
  const env = {
    ...process.env,
    DATABASE_URL: postgres.url,
    APP_DATABASE_URL: appUrl,
    REDIS_URL: redis.url,
  };
  const config = loadGatewayEnv(env);
  const children: ChildProcess[] = [];
  // Declared before anything can call stop(): a child may exit during start-up.
  let stopping = false;
  let receiver: Server | null = null;
  const run = (name: string, dir: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: `${REPO}services/${dir}`,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        log(`${name} exited (${signal ?? code}); stopping`);
        void stop(1);
      }
    });
    children.push(child);
  };
  run('gateway', 'gateway');
  run('worker', 'worker');

  const base = `http://localhost:${config.PORT}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tokens = await mintDevTokens({
    prisma,
    keyFile: config.DEV_IDP_KEY_FILE,
    audience: config.OIDC_AUDIENCE,
    publicUrl: config.PUBLIC_URL,
    accessTokens: {
      issuer: config.PUBLIC_URL,
      audience: config.ACCESS_TOKEN_AUDIENCE,
      lifetimeSec: config.ACCESS_TOKEN_TTL_SEC,
    },
  });
  // The seeded endpoints point at the receiver's port: a stand-in receiver shows deliveries arrive.
  receiver = await startDemoReceiver(prisma, DEMO_RECEIVER_PORT);
  printBanner({
    base,
    publicUrl: config.PUBLIC_URL,
    graphiql: config.graphiql,
    tokens,
    demoReceiver: receiver !== null ? DEMO_RECEIVER_PORT : null,
    sandboxClient,
    devSignIn: !config.OIDC_ISSUER,
  });

  async function stop(code: number) {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
    );
    receiver?.close();
    await prisma.$disconnect();
    await redis.stop();
    await postgres.stop();
    process.exit(code);
  }
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
