// Scoped transactions for the hottest raw statements (intake's batch, the outbox relay,
// webhook dispatch bookkeeping), run on the client's own pg pool instead of a Prisma
// interactive transaction. Hand-written because Prisma has no lighter transaction: its
// interactive transaction costs ~4× the client CPU of the same messages on the pg client it
// wraps (`pnpm bench transactions`). The row-level security scope is the same as `withScope`'s.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { poolOf } from '../client.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import {
  assertValidScope,
  type DataScope,
  isRetryableConflict,
  SET_SCOPE_SQL,
  scopeParams,
  type TenantTx,
} from './tenant-transaction.ts';

/** The part of a `Prisma.sql` fragment a statement needs: text with `$n` markers and values. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * Statements of one scoped transaction. Rows come back as pg parses them: `bigint` columns as
 * strings, `timestamptz` as Date, `json`/`jsonb` parsed; cast in SQL where another form is
 * wanted.
 */
export interface SqlTx {
  query<T>(statement: SqlStatement): Promise<T[]>;
  /** Rows changed (or returned) by the statement. */
  execute(statement: SqlStatement): Promise<number>;
}

// Instants go as UTC ISO text: pg would otherwise write them in the process's time zone.
const toParam = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toParam);
  return value;
};

// The statements run here have fixed texts (their inputs are arrays or JSON documents), so
// each gets a name and every connection parses it once and, after a few runs, PostgreSQL keeps
// a generic plan: planning the large CTEs cost more than running them. Past MAX_NAMED distinct
// texts, statements go unnamed, so a text built from its input cannot grow the caches.
const MAX_NAMED = 200;
const names = new Map<string, string>();
function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `bvg_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

function sqlTx(client: pg.PoolClient): SqlTx {
  const run = (statement: SqlStatement) =>
    client.query({
      name: nameOf(statement.text),
      text: statement.text,
      values: statement.values.map(toParam),
    });
  return {
    async query<T>(statement: SqlStatement) {
      return (await run(statement)).rows as T[];
    },
    async execute(statement: SqlStatement) {
      return (await run(statement)).rowCount ?? 0;
    },
  };
}

/**
 * The same statements inside a Prisma interactive transaction (`withScope`), so code written
 * against `SqlTx` also runs beside ORM calls in one unit of work. Rows come back as Prisma's
 * raw queries return them (`bigint` columns as BigInt): cast in SQL to keep both alike.
 */
export function sqlTxOf(tx: TenantTx): SqlTx {
  return {
    query: <T>(statement: SqlStatement) =>
      tx.$queryRawUnsafe<T[]>(statement.text, ...statement.values),
    execute: (statement: SqlStatement) => tx.$executeRawUnsafe(statement.text, ...statement.values),
  };
}

// What Prisma's transaction timeout gave: no statement, and no pause between statements, holds
// a connection (and its locks) for long. PostgreSQL ends a session idle in its transaction.
const LIMITS = { statement_timeout: '15s', idle_in_transaction_session_timeout: '15s' };

/**
 * Runs `fn` in one transaction under `scope` (the same settings the row-level security
 * policies read as `withScope` sets), on a connection of the client's pool. Commits when `fn`
 * resolves, rolls back when it throws. `retries` repeats the whole unit after a deadlock or
 * serialization failure, as `withScope` does.
 */
export async function withScopedSql<T>(
  prisma: PrismaClient,
  scope: DataScope,
  fn: (tx: SqlTx) => Promise<T>,
  options: {
    retries?: number;
    /** Planner or other settings for this transaction only (`SET LOCAL`), e.g. for one hot read. */
    settings?: Readonly<Record<string, string>>;
  } = {},
): Promise<T> {
  assertValidScope(scope);
  const pool = poolOf(prisma);
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // BEGIN, the scope and any settings in one round trip (a simple query may hold several
      // statements but no parameters, so the values go as escaped literals).
      const lit = (v: string) => client.escapeLiteral(v);
      const [kind, vendorId] = scopeParams(scope).map(lit);
      const settings = Object.entries({ ...LIMITS, ...options.settings }).map(
        ([name, value]) => `, set_config(${lit(name)}, ${lit(value)}, true)`,
      );
      await client.query(
        `BEGIN; ${SET_SCOPE_SQL.replace('$1', kind!).replace('$2', vendorId!)}${settings.join('')}`,
      );
      const result = await fn(sqlTx(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable (server gone): the pool must not hand it out again.
        broken = rollbackError as Error;
      }
      if (attempt >= (options.retries ?? 0) || !isRetryableConflict(error)) throw error;
    } finally {
      client.release(broken);
    }
  }
}
