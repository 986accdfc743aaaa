// Scoped Prisma interactive transactions: every query that touches a row-level-secured table
// runs in a transaction whose first statement sets the transaction-local scope, so PostgreSQL
// itself limits what the statement can see, whatever filter the code forgot. Reached through
// the door, `./index.ts`.
//
// Interactive transactions (not the batch-transaction client extension from Prisma's
// examples) so that a throw anywhere inside rolls the whole unit of work back.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type DataScope = { kind: 'vendor'; vendorId: string } | { kind: 'system'; reason: string };

/** One vendor's data only: row-level security shows the transaction that tenant's rows. */
export const tenantScope = (vendorId: string): DataScope => ({ kind: 'vendor', vendorId });

/** Every tenant's rows (ops, relay, routing); `reason` says why at the call site. */
export const systemScope = (reason: string): DataScope => ({ kind: 'system', reason });

export type TenantTx = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidScopeError extends Error {
  override name = 'InvalidScopeError';
}

/** Refuses a vendor scope whose id is not a UUID (it would match no row, or the wrong ones). */
export function assertValidScope(scope: DataScope): void {
  if (scope.kind === 'vendor' && !UUID.test(scope.vendorId)) {
    throw new InvalidScopeError(`not a vendor id: ${JSON.stringify(scope.vendorId)}`);
  }
}

/**
 * The statement that sets a transaction's scope, and its two parameters. One round trip sets
 * both; `true` makes them local to the transaction, so a pooled connection never carries one
 * tenant's scope into another's work.
 */
export const SET_SCOPE_SQL =
  "SELECT set_config('app.scope', $1, true), set_config('app.vendor_id', $2, true)";
export const scopeParams = (scope: DataScope): [string, string] => [
  scope.kind,
  scope.kind === 'vendor' ? scope.vendorId : '',
];

export interface ScopedTransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /**
   * Runs the whole unit again (up to this many times) when PostgreSQL aborts it to break a
   * deadlock or a serialization conflict — the standard remedy; the aborted attempt left
   * nothing behind. Only for work that is safe to repeat. 0 unless set.
   */
  retries?: number;
  /** ms to wait for a connection from the pool. */
  maxWait?: number;
  /** ms the whole transaction may take. */
  timeout?: number;
}

export async function withScope<T>(
  prisma: PrismaClient,
  scope: DataScope,
  fn: (tx: TenantTx) => Promise<T>,
  options: ScopedTransactionOptions = {},
): Promise<T> {
  assertValidScope(scope);
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(SET_SCOPE_SQL, ...scopeParams(scope));
          return fn(tx);
        },
        {
          maxWait: options.maxWait ?? 5000,
          timeout: options.timeout ?? 15000,
          ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
        },
      );
    } catch (error) {
      if (attempt >= (options.retries ?? 0) || !isRetryableConflict(error)) throw error;
    }
  }
}

/** PostgreSQL broke a deadlock (40P01) or a serialization conflict (40001) by aborting us. */
export function isRetryableConflict(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } } | null;
  if (!e) return false;
  if (e.code === 'P2034' || e.meta?.code === '40P01' || e.meta?.code === '40001') return true;
  return (
    typeof e.message === 'string' &&
    /40P01|40001|deadlock detected|could not serialize access/.test(e.message)
  );
}
