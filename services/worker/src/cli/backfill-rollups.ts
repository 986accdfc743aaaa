// Rebuilds the scorecard rollups of a range of days from the case events:
//   pnpm --filter @bvg/worker backfill-rollups -- --from 2026-07-01 --to 2026-10-01
// The database URL comes from the worker's environment (APP_DATABASE_URL or DATABASE_URL).
import { parseArgs } from 'node:util';
import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { rebuildRollups } from '@bvg/domain';
import { loadWorkerEnv } from '../env.ts';

const DAY_MS = 86_400_000;
const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' } },
});
const day = (s: string | undefined, name: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  if (!s || Number.isNaN(d.getTime())) {
    console.error(`--${name} YYYY-MM-DD is required (UTC day; --to is exclusive)`);
    process.exit(2);
  }
  return d;
};
const from = day(values.from, 'from');
const to = day(values.to, 'to');
if (to.getTime() <= from.getTime()) {
  console.error('--to must be after --from');
  process.exit(2);
}
const config = loadWorkerEnv();
const prisma = createPrismaClient({
  url: config.APP_DATABASE_URL ?? config.DATABASE_URL,
  applicationName: 'bvg-backfill',
});
const started = performance.now();
try {
  const { cells } = await withScope(
    prisma,
    systemScope('scorecard rollup backfill'),
    (tx) =>
      rebuildRollups(tx, {
        from,
        to,
        onProgress: ({ through, cells: n }) =>
          console.log(`rebuilt through ${through.toISOString().slice(0, 10)}: ${n} cells`),
      }),
    {
      timeout: Math.max(600_000, ((to.getTime() - from.getTime()) / DAY_MS) * 60_000),
      maxWait: 30_000,
    },
  );
  console.log(`done: ${cells} cells in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await prisma.$disconnect();
}
