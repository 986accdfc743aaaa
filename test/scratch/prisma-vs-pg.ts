import { createPrismaClient, withTenant } from '@bvg/db';
import pg from 'pg';
const url = 'postgresql://postgres@127.0.0.1:5432/test';
const prisma = createPrismaClient({ url, max: 4 });
const pool = new pg.Pool({ connectionString: url, max: 4 });
const N = 3000;
const vendor = '00000000-0000-4000-8000-000000000001';
async function time(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await fn();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const c = process.cpuUsage(c0); const el = performance.now() - t0;
  console.log(name.padEnd(30), 'wall µs', (el * 1000 / N).toFixed(0), 'client cpu µs', ((c.user + c.system) / N).toFixed(0));
}
await time('prisma $queryRaw', () => prisma.$queryRaw`SELECT ${1}::int AS x`);
await time('pg pool.query', () => pool.query('SELECT $1::int AS x', [1]));
await time('prisma tx (set_config+1)', () => withTenant(prisma, vendor, (tx) => tx.$queryRaw`SELECT ${1}::int AS x`));
await time('pg tx (begin,set,1,commit)', async () => {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.scope', $1, true), set_config('app.vendor_id', $2, true)", ['vendor', vendor]);
    await c.query('SELECT $1::int AS x', [1]);
    await c.query('COMMIT');
  } finally { c.release(); }
});
await prisma.$disconnect(); await pool.end();
