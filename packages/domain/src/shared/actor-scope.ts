// The domain's one wrapper over the data door: an entry point takes the actor, and the scope
// follows from who acts, never from the caller. A vendor works in its own tenant; internal
// staff, intake and system jobs work across tenants. Fails closed: a vendor reaching an
// ops-only entry sees only its own rows.
import {
  type DataScope,
  type PrismaClient,
  type ScopedTransactionOptions,
  systemScope,
  type TenantTx,
  tenantScope,
  withScope,
} from '@bvg/db';
import type { Actor } from './actor.ts';

/** The data scope an actor works in: a vendor sees its own tenant, everyone else the system. */
export function scopeOf(actor: Actor, reason: string): DataScope {
  return actor.kind === 'VENDOR' ? tenantScope(actor.vendorId) : systemScope(reason);
}

export const withActorScope = <T>(
  prisma: PrismaClient,
  actor: Actor,
  reason: string,
  fn: (tx: TenantTx) => Promise<T>,
  options?: ScopedTransactionOptions,
) => withScope(prisma, scopeOf(actor, reason), fn, options);
