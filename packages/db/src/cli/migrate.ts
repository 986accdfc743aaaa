// `pnpm migrate`: creates the database when missing and applies every pending migration.
// DATABASE_URL defaults to the local PostgreSQL.
import { LOCAL_DATABASE_URL, parseEnv } from '@bvg/config';
import { z } from 'zod';
import { ensureDatabase } from '../migrate/ensure-database.ts';
import { runMigrations } from '../migrate/run-migrations.ts';

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default(LOCAL_DATABASE_URL),
});

async function main() {
  const { DATABASE_URL: url } = parseEnv(envSchema);
  if (await ensureDatabase(url)) console.log('Created the database.');
  const result = await runMigrations(url, { log: (line) => console.log(line) });
  console.log(
    `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
