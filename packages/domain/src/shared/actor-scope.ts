import { type DataScope, type PrismaClient, type TenantTx, withScope } from '@bvg/db';
import type { Actor } from './actor.ts';

/** The data scope an actor works in: a vendor sees its own tenant, everyone else the system. */
export function scopeOf(actor: Actor, reason: string): DataScope {
  return actor.kind === 'VENDOR'
    ? { kind: 'vendor', vendorId: actor.vendorId }
    : { kind: 'system', reason };
}

export const withActorScope = <T>(
  prisma: PrismaClient,
  actor: Actor,
  reason: string,
  fn: (tx: TenantTx) => Promise<T>,
) => withScope(prisma, scopeOf(actor, reason), fn);
