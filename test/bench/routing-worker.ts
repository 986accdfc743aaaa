// One gateway-like process routing NEW cases of a batch until none are left, as intake would:
// claim a case (SKIP LOCKED, so processes never wait on each other's case), route it with
// routeCase in a system-scoped transaction, commit. Used by the two-process split test and
// by the routing bench.
//   node --import tsx bench/routing-worker.ts <app database url> <case source> [loops]
// Prints one JSON line: { decisions, ms }.
import { createPrismaClient, systemScope, withScope } from '@bvg/db';
import { routeCase } from '@bvg/domain';

const [url, source, loopsArg] = process.argv.slice(2);
if (!url || !source) {
  console.error('usage: routing-worker.ts <app database url> <case source> [loops]');
  process.exit(2);
}
const loops = Number(loopsArg ?? 4);
const prisma = createPrismaClient({
  url,
  max: loops,
  applicationName: `routing-worker-${process.pid}`,
});
const actor = { kind: 'SYSTEM', id: `routing-worker-${process.pid}` } as const;

async function routeOne(): Promise<boolean> {
  return withScope(prisma, systemScope('intake: route a new case'), async (tx) => {
    const [next] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM "Case" WHERE source = ${source} AND status = 'NEW'
       LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (next === undefined) return false;
    await routeCase(tx, { caseId: next.id, now: new Date(), actor });
    return true;
  });
}

let decisions = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: loops }, async () => {
    while (await routeOne()) decisions++;
  }),
);
console.log(JSON.stringify({ decisions, ms: Math.round(performance.now() - started) }));
await prisma.$disconnect();
