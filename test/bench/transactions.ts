// `pnpm bench transactions [count]`: what one scoped transaction (BEGIN, the row-level security
// scope, one statement, COMMIT) costs through each door, on a dedicated database: a Prisma
// interactive transaction (`withScope`, used where the ORM is), Prisma's batch transaction
// (`$transaction([set_config, query])`, as a client extension scoping every query would send
// it), the pool's plain transaction (`withScopedSql`, used by intake, the relay, dispatch
// bookkeeping and the case reads), and the same messages
// sent by hand on a bare pg client (of the same pool) as the floor. Wall time and this process's CPU per
// transaction, one at a time.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, Prisma, poolOf, tenantScope, withScope, withScopedSql } from '@bvg/db';
import { createTestDatabase } from '@bvg/db/testing';

const COUNT = Number(process.argv[2] ?? 3_000);
const WARM_UP = 300;

const db = await createTestDatabase('bvg_bench_tx');
const app = createPrismaClient({ url: db.appUrl, max: 2 });
const vendorId = randomUUID();
const statement = Prisma.sql`SELECT count(*)::int AS n FROM "Case" WHERE status = ${'OFFERED'}::"CaseStatus"`;

async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await run();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    'wall µs each': Math.round((wallMs * 1000) / COUNT),
    'client CPU µs each': Math.round((used.user + used.system) / COUNT),
  };
}

const results = {
  'Prisma interactive (withScope)': await measure(() =>
    withScope(app, tenantScope(vendorId), (tx) => tx.$queryRaw(statement)),
  ),
  'Prisma batch $transaction([set_config, query])': await measure(() =>
    app.$transaction([
      app.$executeRaw`SELECT set_config('app.scope', 'vendor', true), set_config('app.vendor_id', ${vendorId}, true)`,
      app.$queryRaw(statement),
    ]),
  ),
  'pool plain (withScopedSql)': await measure(() =>
    withScopedSql(app, tenantScope(vendorId), (tx) => tx.query(statement)),
  ),
  'bare pg client, by hand': await measure(async () => {
    const client = await poolOf(app).connect();
    try {
      await client.query('BEGIN');
      await client.query(
        "SELECT set_config('app.scope', 'vendor', true), set_config('app.vendor_id', $1, true)",
        [vendorId],
      );
      await client.query(statement.text, statement.values as unknown[]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }),
};
console.log(
  `\ntransactions bench: ${COUNT} scoped transactions of one statement each, in sequence\n`,
);
console.table(results);
await app.$disconnect();
await db.drop();
