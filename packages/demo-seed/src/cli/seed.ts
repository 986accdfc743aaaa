// `pnpm seed`: migrates the database, then fills it with the deterministic demo data set
// (a no-op when it is already there). DATABASE_URL defaults to the local PostgreSQL; SEED to 42.
import { envInt, LOCAL_DATABASE_URL, parseEnv } from '@bvg/config';
import { createPrismaClient, ensureDatabase, runMigrations } from '@bvg/db';
import { z } from 'zod';
import { seedDemoData } from '../seed-demo-data.ts';

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default(LOCAL_DATABASE_URL),
  /** The demo generator's seed: the same seed gives the same data. */
  SEED: envInt(42),
  /** The port of the local demo receiver the seeded webhook endpoints point at. */
  DEMO_RECEIVER_PORT: envInt(4100),
});

async function main() {
  const env = parseEnv(envSchema);
  const url = env.DATABASE_URL;
  if (await ensureDatabase(url)) console.log('Created the database.');
  const migrations = await runMigrations(url, { log: (line) => console.log(line) });
  if (migrations.applied.length > 0)
    console.log(`Applied ${migrations.applied.length} migration(s).`);
  const prisma = createPrismaClient({ url, applicationName: 'bvg-seed' });
  try {
    const started = performance.now();
    const summary = await seedDemoData(prisma, {
      seed: env.SEED,
      receiverPort: env.DEMO_RECEIVER_PORT,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${summary.message} (${seconds} s)`);
    for (const [table, count] of Object.entries(summary.counts)) {
      console.log(`  ${table.padEnd(22)} ${String(count).padStart(7)}`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
