import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export interface DbOptions {
  url: string;
  /** Pool size; small by default: a request runs a few statements in one short transaction. */
  max?: number;
  applicationName?: string;
}

// The pg pool under each client, for the few hot statements run without the ORM (scoped-sql.ts).
const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createPrismaClient(options: DbOptions): PrismaClient {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'bvg',
  });
  // An idle connection that fails (server restarted) is dropped by the pool; without a
  // listener the error would end the process.
  pool.on('error', () => {});
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
  });
  pools.set(client, pool);
  return client;
}

/** The connection pool a client made by `createPrismaClient` runs on (shared, not a second pool). */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('poolOf: this PrismaClient was not made by createPrismaClient');
  return pool;
}

/** A client or an interactive transaction, so domain functions run inside a caller's transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** The same database reached as the application role (development and tests). */
export function appRoleUrl(ownerUrl: string, role = 'bvg_app'): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}
